// Screenshots of sync against a real outpost-server and two desks:
//   npm run screenshots:sync   (writes ../docs/screenshots/sync-*.png, with screenshots-sync-panel.mjs)
// Desk A (Ann) logs a few tickets, connects and uploads them; desk B (Bob) connects and pulls.
// A concurrent title edit gives A a conflict, and a stale state change a refused change.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { repoDir, startDesk } from './harness.mjs'
import { answerWelcome, editTitle, openSyncPanel, openTicket, syncNow, tid, transition, waitForState } from './desk.mjs'
import { connectDesk, password, startServer } from './server.mjs'

const out = join(repoDir, 'docs', 'screenshots')
mkdirSync(out, { recursive: true })
const ann = { name: 'Ann Admin', email: 'ann@example.test', role: 'admin' }
const bob = { name: 'Bob Agent', email: 'bob@example.test', role: 'agent' }
const titles = [
  ['VPN drops every few minutes at the Lyon site', 1, 2],
  ['Label printer in the warehouse prints blank pages', 2, 2],
  ['New starter needs a laptop and a badge', 3, 3],
  ['Shared mailbox for finance is full', 2, 3],
  ['Wi-Fi in meeting room B is slow', 3, 2],
]

const server = await startServer([ann, bob])
const a = await startDesk()
const b = await startDesk()
const shot = (page, name, clip) => page.screenshot({ path: join(out, `${name}.png`), ...(clip ? { clip } : {}) })
const topBar = { x: 0, y: 0, width: 1360, height: 56 }

try {
  for (const d of [a, b]) {
    await d.page.emulateMedia({ colorScheme: 'light' })
    await answerWelcome(d.page, false)
    await d.page.click(tid('theme-light'))
  }
  const { page } = a
  const numbers = []
  for (const [title, impact, urgency] of titles) {
    const t = await page.evaluate((d) => window.go.app.Tickets.Create(d), { type: 'incident', title, impact, urgency, description: '' })
    numbers.push(t.number)
  }
  await page.locator(`${tid('sync-indicator')}[data-state="local"]`).waitFor()

  // The Server tab, tested and filled in.
  await page.click(tid('nav-settings'))
  await page.click(tid('settings-tab-server'))
  await page.fill(tid('server-url-input'), server.url)
  await page.fill(tid('server-email'), ann.email)
  await page.fill(tid('server-password'), password)
  await page.click(tid('server-test'))
  await page.locator(tid('server-test-ok')).waitFor()
  await shot(page, 'sync-server-form')
  await page.click(tid('server-connect'))
  await page.locator(tid('server-connected')).waitFor()
  await page.locator(`${tid('sync-indicator')}[data-state="synced"][data-pending="0"]`).waitFor()
  await shot(page, 'sync-server-connected')
  await connectDesk(b.page, server.url, bob)

  // A conflict: both edit the same title before either syncs.
  const [first, second] = numbers
  await openTicket(b.page, first)
  await openTicket(page, first)
  await editTitle(page, 'VPN drops every few minutes at the Lyon site (guest floor)')
  await editTitle(b.page, 'VPN drops at Lyon: only on the guest Wi-Fi')
  await syncNow(b.page)
  // A refused change: Bob cancels a ticket, Ann (not yet synced) puts it on hold.
  await openTicket(b.page, second)
  await transition(b.page, 'canceled', { reason: 'Duplicate of the printer ticket logged by phone.' })
  await syncNow(b.page)
  await openTicket(page, second)
  await transition(page, 'on_hold', { holdReason: 'awaiting_vendor' })
  await page.locator(`${tid('sync-indicator')}:not([data-pending="0"])`).waitFor()
  await shot(page, 'sync-status-pending', topBar)
  await syncNow(page)
  await waitForState(page, 'canceled')
  await page.locator(tid('sync-inbox-badge')).waitFor()
  await shot(page, 'sync-status', topBar)

  await page.click(tid('sync-inbox-badge'))
  await page.locator(tid('conflict')).first().waitFor()
  await page.locator(tid('rejection')).first().waitFor()
  await shot(page, 'sync-inbox')
  await page.locator(tid('conflict-edit')).first().click()
  await page.locator(tid('conflict-edit-value')).waitFor()
  await shot(page, 'sync-inbox-edit')

  // The server goes away: the next sync says offline.
  await server.stop()
  await openSyncPanel(page)
  await page.click(tid('sync-panel-sync-now'))
  await page.locator(`${tid('sync-indicator')}[data-state="offline"]`).waitFor()
  await page.locator(`${tid('sync-panel')} ${tid('error-banner')}`).waitFor()
  const box = await page.locator(tid('sync-panel')).boundingBox()
  const x = Math.floor(box.x - 24)
  await shot(page, 'sync-panel-offline', { x, y: 0, width: 1360 - x, height: Math.ceil(box.y + box.height + 20) })
  await page.click(tid('sync-indicator'))
  await page.locator(tid('sync-panel')).waitFor({ state: 'detached' })
  await shot(page, 'sync-offline', topBar)
  console.log(`screenshots in ${out}`)
} finally {
  await a.stop()
  await b.stop()
  await server.stop()
}
