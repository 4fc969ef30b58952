// Screenshots of the sync panel of an agent, against a real outpost-server and two desks:
//   npm run screenshots:sync   (after screenshots-sync.mjs; writes ../docs/screenshots/sync-panel*.png, sync-inbox-automatic.png)
// Ann (admin, desk A) cancels two tickets that Bob (agent, desk B) still has open. Bob puts one
// on hold (his own change, refused), and his desk's clock runs past the P1's breach, so its SLA
// escalation adds notes under his name (Outpost's automatic work, refused and marked as such).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { repoDir, startDesk } from './harness.mjs'
import { answerWelcome, closeSyncPanel, openSyncPanel, openTicket, syncNow, tid, transition } from './desk.mjs'
import { connectDesk, startServer } from './server.mjs'

const out = join(repoDir, 'docs', 'screenshots')
mkdirSync(out, { recursive: true })
const ann = { name: 'Ann Admin', email: 'ann@example.test', role: 'admin' }
const bob = { name: 'Bob Agent', email: 'bob@example.test', role: 'agent' }
const titles = [
  ['Payroll export fails at month end', 1, 1],
  ['Label printer in the warehouse prints blank pages', 2, 2],
  ['New starter needs a laptop and a badge', 3, 3],
]

const server = await startServer([ann, bob])
const a = await startDesk()
const b = await startDesk()

/** shotPanel shoots the top right of the window: the indicator and the open panel. */
async function shotPanel(page, name) {
  const box = await page.locator(tid('sync-panel')).boundingBox()
  const x = Math.max(0, Math.floor(box.x - 24))
  await page.screenshot({
    path: join(out, `${name}.png`),
    clip: { x, y: 0, width: 1360 - x, height: Math.ceil(box.y + box.height + 20) },
  })
}

try {
  for (const d of [a, b]) {
    await d.page.emulateMedia({ colorScheme: 'light' })
    await answerWelcome(d.page, false)
    await d.page.click(tid('theme-light'))
  }
  const numbers = []
  for (const [title, impact, urgency] of titles) {
    const t = await a.page.evaluate((d) => window.go.app.Tickets.Create(d), { type: 'incident', title, impact, urgency, description: '' })
    numbers.push(t.number)
  }
  await connectDesk(a.page, server.url, ann)
  await connectDesk(b.page, server.url, bob)
  await syncNow(b.page)

  // Ann cancels the first two; Bob has not synced since.
  const [p1, printer] = numbers
  for (const n of [p1, printer]) {
    await openTicket(a.page, n)
    await transition(a.page, 'canceled', { reason: 'Raised twice: fixed under another ticket.' })
  }
  await syncNow(a.page)

  // Bob's own change, and his desk's escalations past the P1's breach.
  await openTicket(b.page, printer)
  await transition(b.page, 'on_hold', { holdReason: 'awaiting_vendor' })
  await b.page.evaluate(async () => {
    await window.go.app.Session.AdvanceClock(5 * 60)
  })
  await b.page.click(tid('nav-all_open'))
  await b.page.locator(`${tid('sync-indicator')}:not([data-pending="0"])`).waitFor()
  await syncNow(b.page)

  const panel = await openSyncPanel(b.page)
  await panel.locator(`${tid('sync-panel-rejection')}[data-auto="true"]`).first().waitFor()
  await panel.locator(`${tid('sync-panel-rejection')}[data-auto="false"]`).first().waitFor()
  await shotPanel(b.page, 'sync-panel')

  // The inbox lists them the same way.
  await b.page.click(tid('sync-panel-open-inbox'))
  await b.page.locator(`${tid('rejection')}[data-auto="true"]`).first().waitFor()
  await b.page.screenshot({ path: join(out, 'sync-inbox-automatic.png') })

  // Disconnected: the panel offers to sign in again.
  await openSyncPanel(b.page)
  await b.page.click(tid('sync-panel-disconnect'))
  await b.page.locator(tid('sync-panel-signed-out')).waitFor()
  await shotPanel(b.page, 'sync-panel-signed-out')
  await closeSyncPanel(b.page)
  console.log(`screenshots in ${out}`)
} finally {
  await a.stop()
  await b.stop()
  await server.stop()
}
