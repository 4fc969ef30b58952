// End-to-end approvals: one real outpost-server and two desks (two profiles, two app
// processes). Ann, an admin who works tickets, makes Mia her manager, logs a service request
// and asks for her manager's approval; Mia, on her own desk, finds it in her Approvals inbox
// (and her bell) after a sync and approves it with a comment; after Ann's desk syncs, the request shows it
// approved with the trail. A rejection must say why. Every wait is for a state the UI reaches.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, openTicket, syncNow, tid } from './desk.mjs'
import { connectDesk, startServer } from './server.mjs'

const ann = { name: 'Ann Admin', email: 'ann@example.test', role: 'admin' }
const mia = { name: 'Mia Manager', email: 'mia@example.test', role: 'manager' }

/** createRequest logs a service request (the Requests queue's new ticket is one) and opens it. */
async function createRequest(page, title) {
  await page.click(tid('nav-requests'))
  await page.click(tid('new-ticket-button'))
  await page.locator(tid('new-ticket-dialog')).waitFor()
  assert.equal(await page.isChecked(tid('nt-type-request')), true)
  await page.fill(tid('nt-title'), title)
  await page.click(tid('nt-submit'))
  await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })
  const pane = page.locator(`${tid('ticket-pane')}[data-number]`)
  await pane.waitFor()
  return pane.getAttribute('data-number')
}

describe('approvals between two desks', () => {
  let server
  let a
  let b

  before(async () => {
    server = await startServer([ann, mia], [{ name: 'Field Service', members: [ann.email, mia.email] }])
    a = await startDesk()
    b = await startDesk()
    await answerWelcome(a.page, false)
    await answerWelcome(b.page, false)
    await connectDesk(a.page, server.url, ann)
    await connectDesk(b.page, server.url, mia)
  })

  after(async () => {
    await a?.stop()
    await b?.stop()
    await server?.stop()
  })

  test('an agent asks the requester’s manager; the manager approves on another desk; the request shows it approved', async () => {
    const { page } = a
    // Ann makes Mia her manager (Settings → People).
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-people'))
    const row = page.locator(`${tid('person-row')}[data-email="${ann.email}"]`)
    await row.locator(tid('person-row-manager')).selectOption({ label: mia.name })
    await page.waitForFunction(
      ([sel, name]) => {
        const s = document.querySelector(sel)
        return s && s.selectedOptions[0]?.textContent === name
      },
      [`${tid('person-row')}[data-email="${ann.email}"] ${tid('person-row-manager')}`, mia.name],
    )

    const title = `E2E approval laptop ${Date.now()}`
    const number = await createRequest(page, title)
    await page.click(tid('ask-approval'))
    await page.locator(tid('ask-approval-dialog')).waitFor()
    await page.check(tid('ask-by-manager'))
    await page.click(tid('ask-approval-submit'))
    await page.locator(tid('ask-approval-dialog')).waitFor({ state: 'detached' })
    const pending = page.locator(`${tid('approvals-section')} ${tid('approval')}[data-state="pending"]`)
    await pending.waitFor()
    assert.equal(await pending.locator(tid('approval-person')).count(), 1)
    assert.match(await pending.locator(tid('approval-person')).textContent(), /Mia Manager/)
    // Ann is not the approver: she may not decide it.
    assert.equal(await pending.locator(tid('approval-decide')).count(), 0)
    await syncNow(page)

    // Mia's desk: the inbox counts it after a sync.
    const mp = b.page
    await syncNow(mp)
    await mp.locator(`${tid('nav-approvals-count')}:text-is("1")`).waitFor()
    // …and her bell tells her of it.
    await mp.click(tid('notif-bell'))
    await mp.locator(`${tid('notif-item')}[data-kind="approval"][data-ticket="${number}"]`).waitFor()
    await mp.click(tid('notif-bell'))
    await mp.locator(tid('notif-panel')).waitFor({ state: 'detached' })
    await mp.click(tid('nav-approvals'))
    const item = mp.locator(`${tid('approvals-item')}[data-summary="${number} · ${title}"]`)
    await item.waitFor()
    // A rejection must say why: Go is not asked, nothing changes.
    await item.locator(tid('approval-reject')).click()
    await item.locator('.field-error').waitFor()
    assert.equal(await item.locator(`${tid('approval')}[data-state="pending"]`).count(), 1)
    await item.locator(tid('approval-comment')).fill('Within budget, go ahead.')
    await item.locator(tid('approval-approve')).click()
    await mp.locator(tid('approvals-empty')).waitFor()
    // The sidebar's count is a query of its own, refetched beside the inbox's: wait for it.
    await mp.locator(tid('nav-approvals-count')).waitFor({ state: 'detached' })
    await syncNow(mp)

    // Ann's desk: after a sync the request shows it approved, with Mia's decision in the trail.
    await syncNow(page)
    await openTicket(page, number)
    const approved = page.locator(`${tid('approvals-section')} ${tid('approval')}[data-state="approved"]`)
    await approved.waitFor()
    const entry = approved.locator(`${tid('approval-trail-entry')}[data-verdict="approve"]`)
    assert.equal(await entry.count(), 1)
    assert.match(await entry.textContent(), /Mia Manager approved/)
    assert.match(await entry.textContent(), /Within budget, go ahead\./)
  })
})
