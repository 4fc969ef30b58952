// End-to-end first start and form limits against the real Go backend (see harness.mjs): the
// welcome asks who the person is, refuses a bad email beside the field and keeps what was
// typed; the person is then the admin and the system account is nobody to pick; a title past
// its limit is refused beside the field, whole; Settings → Audit verifies the trail's chain.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { tid } from './desk.mjs'

describe('first start and forms', () => {
  let desk
  let page

  before(async () => {
    desk = await startDesk()
    page = desk.page
  })

  after(async () => {
    await desk?.stop()
  })

  test('first start asks the name and email; a bad email is refused beside its field, the input kept', async () => {
    const dialog = page.locator(tid('welcome-dialog'))
    await dialog.waitFor()
    await page.fill(tid('welcome-name'), 'Grace Hopper')
    await page.fill(tid('welcome-email'), 'grace@navy')
    await page.click(tid('welcome-empty'))

    const email = page.locator(tid('welcome-email'))
    await page.locator(`${tid('welcome-email')}[aria-invalid="true"]`).waitFor()
    const describedBy = await email.getAttribute('aria-describedby')
    assert.match(await page.textContent(`[id="${describedBy}"]`), /"grace@navy" is not an email address/)
    assert.equal(await page.inputValue(tid('welcome-name')), 'Grace Hopper')
    assert.equal(await email.inputValue(), 'grace@navy')
    assert.equal(await page.locator(`${tid('welcome-name')}[aria-invalid]`).count(), 0)
    // Not answered, not dismissed: Escape leaves it.
    await page.keyboard.press('Escape')
    assert.equal(await dialog.count(), 1)

    await email.fill('grace.hopper@example.com')
    await page.click(tid('welcome-empty'))
    await dialog.waitFor({ state: 'detached' })
    await page.locator(`${tid('user-name')}:text-is("Grace Hopper")`).waitFor()
  })

  test('the person is the admin; the system account is in no people list or picker', async () => {
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-people'))
    const rows = page.locator(tid('person-row'))
    await page.locator(`${tid('person-row')}[data-email="grace.hopper@example.com"]`).waitFor()
    // An admin's role cell is a picker: its chosen option is the role.
    const people = await rows.evaluateAll((trs) =>
      trs.map((tr) => [tr.dataset.email, tr.children[2].querySelector('select')?.selectedOptions[0]?.textContent ?? tr.children[2].textContent]),
    )
    assert.deepEqual(people, [['grace.hopper@example.com', 'Admin']])

    await page.click(tid('nav-all_open'))
    await page.click(tid('new-ticket-button'))
    await page.locator(tid('new-ticket-dialog')).waitFor()
    const assignees = await page.locator(`${tid('nt-assignee')} option`).allTextContents()
    const requesters = await page.locator(`${tid('nt-requester')} option`).allTextContents()
    assert.deepEqual(assignees, ['Unassigned', 'Grace Hopper'])
    assert.deepEqual(requesters, ['Me (Grace Hopper)'])
    await page.click(tid('nt-cancel'))
    await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })
  })

  test('a 10 000-character title is refused beside the field with its limit, the text kept', async () => {
    const long = 'x'.repeat(10_000)
    await page.click(tid('new-ticket-button'))
    await page.locator(tid('new-ticket-dialog')).waitFor()
    await page.fill(tid('nt-title'), long)
    // The form shows the limit while typing.
    assert.equal(await page.textContent(`${tid('new-ticket-dialog')} ${tid('char-count')}`), '10000 / 200 characters: 9800 too many')
    await page.click(tid('nt-submit'))

    const title = page.locator(tid('nt-title'))
    await page.locator(`${tid('nt-title')}[aria-invalid="true"]`).waitFor()
    const describedBy = await title.getAttribute('aria-describedby')
    assert.equal(await page.textContent(`[id="${describedBy}"]`), 'a title has at most 200 characters; this one has 10000')
    assert.equal((await title.inputValue()).length, 10_000)
    assert.equal(await page.locator(tid('new-ticket-dialog')).count(), 1)
    // Nothing was created.
    const total = await page.evaluate(async () => (await window.go.app.Tickets.Queue({ view: 'all' }, true)).total)
    assert.equal(total, 0)

    // Shortened, it is logged with every character kept.
    await title.fill('Printer on the 2nd floor jams')
    await page.click(tid('nt-submit'))
    await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })
    await page.locator(`${tid('ticket-pane')}[data-number]`).waitFor()
    assert.equal(await page.inputValue(tid('ticket-title')), 'Printer on the 2nd floor jams')
  })

  test('Settings → Audit → Verify finds the trail intact', async () => {
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-audit'))
    await page.click(tid('audit-verify'))
    const result = page.locator(tid('audit-result'))
    await result.waitFor()
    assert.match(await result.textContent(), /^Intact: [1-9]\d* entries$/)
    // Go counts the same trail.
    const res = await page.evaluate(async () => await window.go.app.Audit.Verify())
    assert.equal(await result.textContent(), `Intact: ${res.entries} entries`)
  })
})
