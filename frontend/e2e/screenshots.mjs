// Screenshots of the main screens against the real Go backend with the demo desk:
//   npm run screenshots   (writes ../docs/screenshots/*.png)
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { repoDir, startDesk } from './harness.mjs'
import { answerWelcome, createTicket, tid } from './desk.mjs'

const out = join(repoDir, 'docs', 'screenshots')
mkdirSync(out, { recursive: true })
const desk = await startDesk()
const { page } = desk
const shot = (name) => page.screenshot({ path: join(out, `${name}.png`) })
try {
  await page.emulateMedia({ colorScheme: 'light' })
  await page.locator(tid('welcome-dialog')).waitFor()
  await shot('welcome')
  await answerWelcome(page, true)
  await page.click(tid('theme-light'))
  await shot('queue')

  // Bulk work: a range of rows ticked, the bar with what can be done to all of them.
  await page.locator(tid('pick-row')).nth(0).click()
  await page.locator(tid('pick-row')).nth(5).click({ modifiers: ['Shift'] })
  await page.locator(tid('bulk-bar')).waitFor()
  await shot('queue-bulk')
  await page.click(tid('bulk-clear'))
  await page.locator(tid('bulk-bar')).waitFor({ state: 'detached' })

  // A busy ticket: the first P1 of the open queue.
  await page.click(tid('filter-priority-1'))
  await page.locator(`${tid('queue-row')}:has(.chip-p1)`).first().click()
  await page.locator(`${tid('ticket-pane')}[data-number]`).waitFor()
  await page.locator(tid('timeline')).waitFor()
  await shot('ticket')

  await page.click(tid('new-ticket-button'))
  await page.locator(tid('new-ticket-dialog')).waitFor()
  await page.fill(tid('nt-title'), 'VPN drops every few minutes at the Lyon site')
  await page.fill(tid('nt-description'), 'Users on the guest floor lose the tunnel about every **5 minutes**.')
  await page.selectOption(tid('nt-impact'), '2')
  await page.selectOption(tid('nt-urgency'), '1')
  await shot('new-ticket')
  await page.keyboard.press('Escape')
  await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })

  // SLA: the sweep catches up on the demo desk's due times, which fills the notification centre.
  await page.evaluate(() => window.go.app.SLA.SweepNow())
  await page.locator(tid('notif-count')).waitFor()
  // Breaching soon (the warning window) when the desk has tickets in it, else Breached.
  await page.click(tid('nav-breaching_soon'))
  await page.waitForFunction(
    (sel) => /^\d/.test(document.querySelector(sel)?.textContent ?? ''),
    `${tid('queue-view')}[aria-label="Breaching soon"] ${tid('queue-total')}`,
  )
  if ((await page.locator(tid('queue-row')).count()) === 0) await page.click(tid('nav-breached'))
  await page.locator(tid('queue-row')).first().waitFor()
  await shot('queue-sla')
  await page.click(tid('notif-bell'))
  await page.locator(tid('notif-item')).first().waitFor()
  await shot('notifications-sla')
  await page.keyboard.press('Escape')
  await page.locator(tid('notif-panel')).waitFor({ state: 'detached' })

  await page.click(tid('nav-settings'))
  await page.locator(tid('desk-settings')).waitFor()
  await page.locator(`${tid('set-autoclose')}:not([value=""])`).waitFor()
  await shot('settings-desk')
  await page.click(tid('settings-tab-policies'))
  await page.locator(tid('policy-editor')).waitFor()
  await page.fill(tid('target-resolution-2'), '2')
  await page.uncheck(tid('target-business-2'))
  await page.click(tid('policy-review'))
  await page.locator(tid('whatif-result')).waitFor()
  await page.locator(tid('policy-save')).scrollIntoViewIfNeeded()
  await shot('settings-whatif')
  await page.click(tid('policy-back'))
  await page.click(tid('settings-tab-calendars'))
  await page.locator(tid('calendar-editor')).waitFor()
  await page.click(`${tid('calendar-item')}[data-name="Office hours"] button`)
  await page.locator(`${tid('calendar-editor')}[data-calendar="Office hours"]`).waitFor()
  await shot('settings-calendar')
  await page.click(tid('settings-tab-people'))
  await page.locator(tid('people-table')).waitFor()
  await shot('settings-people')
  await page.click(tid('settings-tab-groups'))
  await page.locator(tid('group-card')).first().waitFor()
  await shot('settings-groups')

  await page.click(tid('nav-reports'))
  await page.locator(tid('report-priority')).waitFor()
  await shot('reports')

  // A fresh P1: both clocks running, counting down.
  await page.click(tid('nav-all_open'))
  await page.locator(tid('queue-row')).first().waitFor()
  await createTicket(page, { title: 'Mail server refuses all logins', impact: '1', urgency: '1' })
  await page.locator(`${tid('sla-response')}[data-state="running"]`).waitFor()
  await shot('ticket-sla')
  await page.click(tid('ticket-close'))
  await page.click(tid('nav-all_open'))
  await page.locator(tid('queue-row')).first().waitFor()
  await page.click(tid('filter-priority-1'))
  await page.locator(`${tid('queue-row')}:has(.chip-p1)`).first().click()
  await page.locator(tid('sla-response')).waitFor()

  await page.click(tid('theme-dark'))
  await page.locator('html[data-theme=dark]').waitFor({ state: 'attached' })
  await shot('ticket-dark')
  await page.click(tid('ticket-close'))
  await page.fill(tid('search-input'), 'printer')
  await page.locator(tid('search-result')).first().waitFor()
  await shot('search-dark')
  await page.keyboard.press('Escape')
  await page.click(tid('nav-reports'))
  await page.locator(tid('report-priority')).waitFor()
  await shot('reports-dark')
  await page.click(tid('nav-all_open'))
  await page.locator(tid('queue-row')).first().waitFor()
  await page.keyboard.press('Escape')
  await page.keyboard.press('Control+k')
  await page.locator(tid('palette')).waitFor()
  await shot('palette-dark')
  await page.keyboard.press('Escape')

  // Signing in: the admin sets a password, then locks the desk.
  await page.click(tid('theme-light'))
  await page.click(tid('user-menu'))
  await page.click(tid('change-password'))
  await page.locator(tid('password-dialog')).waitFor()
  await page.fill(tid('password-new'), 'correct horse battery')
  await page.click(tid('password-save'))
  await page.locator(tid('password-dialog')).waitFor({ state: 'detached' })
  await page.click(tid('user-menu'))
  await page.click(tid('lock-desk'))
  await page.locator(tid('lock-screen')).waitFor()
  await shot('lock')
  console.log(`screenshots in ${out}`)
} finally {
  await desk.stop()
}
