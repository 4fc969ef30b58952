// End-to-end sync: one real outpost-server and two desks (two profiles, two app processes),
// connected through Settings → Server. Every wait is for a state the UI reaches.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, createTicket, editTitle, openTicket, syncNow, tid } from './desk.mjs'
import { connectDesk, startServer } from './server.mjs'

const ann = { name: 'Ann Admin', email: 'ann@example.test', role: 'admin' }
const bob = { name: 'Bob Agent', email: 'bob@example.test', role: 'agent' }

async function waitForTitle(page, title) {
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel)?.value === want,
    [tid('ticket-title'), title],
  )
}

describe('sync between two desks', () => {
  let server
  let a
  let b

  before(async () => {
    server = await startServer([ann, bob])
    a = await startDesk()
    b = await startDesk()
    await answerWelcome(a.page, false)
    await answerWelcome(b.page, false)
  })

  after(async () => {
    await a?.stop()
    await b?.stop()
    await server?.stop()
  })

  test('the Server tab tests the address and keeps the form on a refused password', async () => {
    const { page } = a
    await page.locator(`${tid('sync-indicator')}[data-state="local"]`).waitFor()
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-server'))
    await page.fill(tid('server-url-input'), server.url)
    await page.click(tid('server-test'))
    await page.locator(tid('server-test-ok')).waitFor()
    await page.fill(tid('server-email'), ann.email)
    await page.fill(tid('server-password'), 'not the password')
    await page.click(tid('server-connect'))
    const err = page.locator(`${tid('server-form')} .field-error`)
    await err.waitFor()
    assert.match(await err.textContent(), /did not accept this email and password/)
    assert.equal(await page.inputValue(tid('server-url-input')), server.url)
    assert.equal(await page.inputValue(tid('server-email')), ann.email)
    assert.equal(await page.getAttribute(tid('server-password'), 'aria-invalid'), 'true')
  })

  test('both desks connect and act as their server users', async () => {
    await connectDesk(a.page, server.url, ann)
    await a.page.locator(tid('server-connected')).waitFor()
    assert.match(await a.page.textContent(tid('server-user')), /Ann Admin/)
    // Bob is an agent on the server: Settings is not his any more once connected.
    await connectDesk(b.page, server.url, bob)
    await b.page.locator(tid('nav-settings')).waitFor({ state: 'detached' })
  })

  test('a ticket and an edit made on one desk appear on the other after sync', async () => {
    const title = `E2E sync printer ${Date.now()}`
    const number = await createTicket(a.page, { title })
    await a.page.locator(`${tid('sync-indicator')}:not([data-pending="0"])`).waitFor()
    await syncNow(a.page)

    await syncNow(b.page)
    await openTicket(b.page, number)
    await waitForTitle(b.page, title)

    const edited = `${title} (tray 2)`
    await editTitle(a.page, edited)
    await syncNow(a.page)
    await syncNow(b.page)
    await waitForTitle(b.page, edited)
  })

  test('a concurrent edit of one field lands in the conflict inbox and settles', async () => {
    const base = `E2E conflict scanner ${Date.now()}`
    const number = await createTicket(a.page, { title: base })
    await syncNow(a.page)
    await syncNow(b.page)
    await openTicket(b.page, number)
    await waitForTitle(b.page, base)

    // Both edit the title before either syncs.
    const mine = `${base} on floor 2`
    const theirs = `${base} in the basement`
    await editTitle(a.page, mine)
    await editTitle(b.page, theirs)
    await syncNow(b.page)
    await syncNow(a.page)

    // A sees it: a badge on the indicator, a count in the sidebar, both values side by side.
    await a.page.locator(tid('sync-inbox-badge')).waitFor()
    assert.equal(await a.page.textContent(tid('nav-inbox-count')), '1')
    await a.page.click(tid('sync-inbox-badge'))
    const card = a.page.locator(`${tid('conflict')}[data-number="${number}"][data-field="title"]`)
    await card.waitFor()
    assert.equal(await card.locator(tid('conflict-mine-value')).textContent(), mine)
    assert.equal(await card.locator(tid('conflict-theirs-value')).textContent(), theirs)

    // Settle it with a typed value; it syncs like any edit and wins on both desks.
    const settled = `${base} (floor 2 and basement)`
    await card.locator(tid('conflict-edit')).click()
    await a.page.fill(tid('conflict-edit-value'), settled)
    await a.page.click(tid('conflict-edit-save'))
    await a.page.locator(tid('conflicts-empty')).waitFor()
    await a.page.locator(tid('sync-inbox-badge')).waitFor({ state: 'detached' })
    await syncNow(a.page)
    await syncNow(b.page)
    await waitForTitle(b.page, settled)
    await openTicket(a.page, number)
    await waitForTitle(a.page, settled)

    assert.deepEqual(a.errors, [])
    assert.deepEqual(b.errors, [])
  })
})
