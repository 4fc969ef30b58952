// Screenshot of a business calendar with date exceptions, against the real Go backend with the
// demo desk:  node e2e/screenshots-calendar.mjs   (writes ../docs/screenshots/settings-calendar-exceptions.png)
// The exceptions are saved through the what-if and the form read back after a reload, so the
// picture shows what Go stored.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { repoDir, startDesk } from './harness.mjs'
import { answerWelcome, tid } from './desk.mjs'

const out = join(repoDir, 'docs', 'screenshots')
mkdirSync(out, { recursive: true })
const exceptions = [
  { date: '2026-12-05', name: 'Stocktake Saturday', hours: [['08:00', '12:00'], ['13:00', '15:00']] },
  { date: '2026-12-24', name: 'Christmas Eve: short day', hours: [['09:00', '13:00']] },
  { date: '2026-12-31', name: 'Year-end closing', hours: [] },
]
const editor = `${tid('calendar-editor')}[data-calendar="Office hours"]`

const desk = await startDesk()
const { page } = desk
try {
  await page.emulateMedia({ colorScheme: 'light' })
  await page.locator(tid('welcome-dialog')).waitFor()
  await answerWelcome(page, true)
  await page.click(tid('theme-light'))
  const openCalendar = async () => {
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-calendars'))
    await page.click(`${tid('calendar-item')}[data-name="Office hours"] button`)
    await page.locator(editor).waitFor()
  }
  await openCalendar()

  const rows = page.locator(`${editor} ${tid('exception-row')}`)
  for (const e of exceptions) {
    const n = await rows.count()
    await page.click(`${editor} ${tid('exception-add')}`)
    const row = rows.nth(n)
    await row.locator(tid('exception-date')).fill(e.date)
    await row.locator(tid('exception-name')).fill(e.name)
    if (e.hours.length > 1) await row.locator(tid('exception-hours-add')).click()
    if (e.hours.length === 0) await row.locator(tid('exception-span-remove')).click()
    for (const [i, [start, end]] of e.hours.entries()) {
      await row.locator(tid('exception-start')).nth(i).fill(start)
      await row.locator(tid('exception-end')).nth(i).fill(end)
    }
  }
  await page.click(tid('calendar-review'))
  await page.locator(tid('whatif-result')).waitFor()
  await page.click(tid('calendar-save'))
  await page.locator(tid('whatif')).waitFor({ state: 'detached' })

  await page.reload()
  await page.waitForSelector(tid('app-shell'))
  await openCalendar()
  await rows.nth(exceptions.length - 1).waitFor()
  await page.locator(`${editor} ${tid('calendar-exceptions')}`).scrollIntoViewIfNeeded()
  await page.screenshot({ path: join(out, 'settings-calendar-exceptions.png') })
  if (desk.errors.length) throw new Error(desk.errors.join('\n'))
  console.log(`screenshot in ${out}`)
} finally {
  await desk.stop()
}
