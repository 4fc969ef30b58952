// The directory administered in the app, and screens that fit the role, through the real UI
// against the real Go backend: an admin adds an agent, puts them in a group and assigns them
// a ticket; demoting the last admin is refused with Go's message; a requester's desk opens on
// My requests and shows no control the domain would refuse.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { addPerson, addToGroup, answerWelcome, createTicket, switchTo, tester, tid, waitForState } from './desk.mjs'

describe('directory', () => {
  let desk
  let page

  before(async () => {
    desk = await startDesk()
    page = desk.page
    await answerWelcome(page, false)
  })

  after(async () => {
    await desk?.stop()
  })

  test('an admin adds an agent, puts them in a group, and assigns them a ticket', async () => {
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-people'))
    await addPerson(page, 'Gus Field', 'gus.field@example.com', 'agent')

    await page.click(tid('settings-tab-groups'))
    const gusId = await addToGroup(page, 'Service Desk', 'Gus Field')

    await page.click(tid('nav-all_open'))
    await createTicket(page, { title: `Pump offline ${Date.now()}` })
    await waitForState(page, 'new')
    const groupId = await page.locator(`${tid('field-group')} option:has-text("Service Desk")`).getAttribute('value')
    await page.selectOption(tid('field-group'), groupId)
    await page.waitForFunction(([sel, v]) => document.querySelector(sel)?.value === v, [tid('field-group'), groupId])
    await page.locator(`${tid('field-assignee')} option[value="${gusId}"]`).waitFor({ state: 'attached' })
    await page.selectOption(tid('field-assignee'), gusId)
    await page.waitForFunction(([sel, v]) => document.querySelector(sel)?.value === v, [tid('field-assignee'), gusId])
    await page.locator(`${tid('queue-row')}:has-text("Gus Field")`).first().waitFor()
  })

  test('demoting the last admin shows why it is refused, and nothing changes', async () => {
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-people'))
    const row = page.locator(`${tid('person-row')}[data-email="${tester.email}"]`)
    await row.waitFor()
    await row.locator(tid('person-row-role')).selectOption('agent')
    const err = row.locator(tid('person-row-error'))
    await err.waitFor()
    assert.match(await err.textContent(), /last active admin/)
    assert.equal(await row.locator(tid('person-row-role')).inputValue(), 'admin')
    assert.equal(await page.locator(`${tid('user-menu')}:has-text("Admin")`).count(), 1)
  })

  test('a requester opens on My requests and sees no control the domain would refuse', async () => {
    await addPerson(page, 'Rita Requester', 'rita@example.com', 'requester')
    await switchTo(page, 'Rita Requester', 'Requester')
    // Home is their own tickets; there is no settings page.
    await page.locator(`${tid('nav-my_requests')}.on`).waitFor()
    assert.equal(await page.locator(tid('nav-settings')).count(), 0)
    assert.equal(await page.locator(tid('nav-unassigned')).count(), 0)

    await createTicket(page, { title: `Laptop will not start ${Date.now()}` })
    await waitForState(page, 'new')
    // Their home lists it (the self-service screen, not the agents' queue).
    await page.locator(`${tid('ss-ticket')}:has-text("Laptop will not start")`).first().waitFor()
    // Cancelling their own new ticket is theirs to do; working it is not.
    await page.locator(tid('transition-canceled')).waitFor()
    for (const control of ['transition-in_progress', 'transition-on_hold', 'transition-resolved', 'major-set', 'field-priority', 'composer-kind-note', 'link-action']) {
      assert.equal(await page.locator(tid(control)).count(), 0, `${control} is shown to a requester`)
    }
    await page.locator(tid('field-priority-text')).waitFor()
    assert.equal(await page.locator(tid('field-group')).isDisabled(), true)

    await switchTo(page, tester.name, 'Admin')
  })
})
