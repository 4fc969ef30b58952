// End-to-end: the sync panel of an agent (not a manager: no Settings page). Desk A (Ann, admin)
// cancels a P1 that desk B (Bob, agent) still has open; B's clock runs past the breach, so B's
// own SLA escalation adds a work note under Bob's name; the server refuses it, and Bob's panel
// shows it as Outpost's automatic work, not as an edit of his. Bob then disconnects and signs
// in again from the panel. Every wait is for a state the UI reaches.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, closeSyncPanel, createTicket, openSyncPanel, openTicket, syncNow, tid, transition } from './desk.mjs'
import { connectDesk, password, startServer } from './server.mjs'

const ann = { name: 'Ann Admin', email: 'ann@example.test', role: 'admin' }
const bob = { name: 'Bob Agent', email: 'bob@example.test', role: 'agent' }

describe('the sync panel of an agent', () => {
  let server
  let a
  let b

  before(async () => {
    server = await startServer([ann, bob])
    a = await startDesk()
    b = await startDesk()
    await answerWelcome(a.page, false)
    await answerWelcome(b.page, false)
    await connectDesk(a.page, server.url, ann)
    await connectDesk(b.page, server.url, bob)
    // Bob is an agent on the server: no Settings for him, but the panel is his.
    await b.page.locator(tid('nav-settings')).waitFor({ state: 'detached' })
  })

  after(async () => {
    await a?.stop()
    await b?.stop()
    await server?.stop()
  })

  test('shows status and account, and marks a refused SLA escalation as automatic', async () => {
    const title = `E2E panel payroll ${Date.now()}`
    const number = await createTicket(a.page, { title, impact: '1', urgency: '1' })
    await syncNow(a.page)
    await syncNow(b.page)
    await openTicket(b.page, number)

    // Ann cancels it; Bob has not synced since.
    await openTicket(a.page, number)
    await transition(a.page, 'canceled', { reason: 'Raised twice: the payroll team fixed it.' })
    await syncNow(a.page)

    // Bob's clock runs past the P1's 4 h resolution target: his desk escalates by itself,
    // with a work note written by Outpost and pushed under Bob's name.
    await b.page.evaluate(async () => {
      await window.go.app.Session.AdvanceClock(5 * 60)
    })
    await b.page.locator(`${tid('sync-indicator')}:not([data-pending="0"])`).waitFor()

    const panel = await openSyncPanel(b.page)
    assert.match(await panel.locator(tid('sync-panel-user')).textContent(), /Bob Agent/)
    assert.match(await panel.locator(tid('sync-panel-url')).textContent(), new RegExp(server.url.replace(/[.:/]/g, '\\$&')))
    assert.doesNotMatch(await panel.locator(tid('sync-panel-pending')).textContent(), /^0 changes/)
    const before = await panel.getAttribute('data-last-sync')
    await b.page.click(tid('sync-panel-sync-now'))
    await b.page.locator(`${tid('sync-panel')}:not([data-last-sync="${before}"])`).waitFor()
    await b.page.locator(`${tid('sync-indicator')}[data-state="synced"][data-pending="0"]`).waitFor()

    // Its response and resolution breaches each added a note: both refused, both automatic.
    const refusal = panel.locator(`${tid('sync-panel-rejection')}[data-auto="true"]`).first()
    await refusal.waitFor()
    const text = await refusal.textContent()
    assert.match(text, /Automatic/)
    assert.match(text, /Outpost's SLA escalation was refused/)
    assert.match(text, new RegExp(number))
    // Bob made no refused change himself.
    assert.equal(await panel.locator(`${tid('sync-panel-rejection')}[data-auto="false"]`).count(), 0)

    // The inbox lists it the same way.
    await b.page.click(tid('sync-panel-open-inbox'))
    await b.page.locator(tid('sync-panel')).waitFor({ state: 'detached' })
    const row = b.page.locator(`${tid('rejection')}[data-auto="true"][data-number="${number}"]`).first()
    await row.waitFor()
    assert.match(await row.textContent(), /Automatic\s*Outpost's SLA escalation: add a work note/)
  })

  test('disconnects and signs in again from the panel', async () => {
    const { page } = b
    const panel = await openSyncPanel(page)
    await page.click(tid('sync-panel-disconnect'))
    await page.locator(`${tid('sync-indicator')}[data-state="local"]`).waitFor()
    await panel.locator(tid('sync-panel-signed-out')).waitFor()
    assert.equal(await page.textContent(tid('sync-label')), 'Disconnected')
    assert.equal(await page.inputValue(tid('sync-sign-in-email')), bob.email)

    await page.fill(tid('sync-sign-in-password'), 'not the password')
    await page.click(tid('sync-sign-in-submit'))
    const err = panel.locator('.field-error')
    await err.waitFor()
    assert.match(await err.textContent(), /did not accept this email and password/)

    await page.fill(tid('sync-sign-in-password'), password)
    await page.click(tid('sync-sign-in-submit'))
    await page.locator(`${tid('sync-indicator')}[data-state="synced"]`).waitFor()
    await panel.locator(tid('sync-panel-joined')).waitFor()
    assert.match(await panel.locator(tid('sync-panel-user')).textContent(), /Bob Agent/)
    await closeSyncPanel(page)
    await page.locator(`${tid('user-name')}:text-is("${bob.name}")`).waitFor()

    assert.deepEqual(a.errors, [])
    assert.deepEqual(b.errors, [])
  })
})
