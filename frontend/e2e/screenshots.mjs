// Screenshots of the main screens against the real Go backend with the demo desk:
//   npm run screenshots   (writes ../docs/screenshots/*.png)
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { repoDir, startDesk } from './harness.mjs'
import { answerWelcome, tid } from './desk.mjs'

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

  await page.click(tid('theme-dark'))
  await page.locator('html[data-theme=dark]').waitFor({ state: 'attached' })
  await shot('ticket-dark')
  await page.click(tid('ticket-close'))
  await page.fill(tid('search-input'), 'printer')
  await page.locator(tid('search-result')).first().waitFor()
  await shot('search-dark')
  await page.keyboard.press('Escape')
  await page.keyboard.press('Control+k')
  await page.locator(tid('palette')).waitFor()
  await shot('palette-dark')
  console.log(`screenshots in ${out}`)
} finally {
  await desk.stop()
}
