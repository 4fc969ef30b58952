// The service catalog, end to end against the real Go backend (see harness.mjs): a manager
// builds an item whose second question is asked only for one answer of the first, with two
// fulfilment tasks; a requester finds it, sees the question appear and disappear with the
// condition, is refused without it (keeping what she typed), and submits a request for
// herself with a due date; an agent of the fulfilment group works both tasks from the task
// queue; the request then closes as fulfilled.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { buildLaptopItem } from './catalog.mjs'
import { addPerson, addToGroup, answerWelcome, switchTo, tester, tid, waitForState } from './desk.mjs'

describe('catalog', () => {
  let desk
  let page
  const item = 'New laptop'
  let requestNumber = ''

  before(async () => {
    desk = await startDesk()
    page = desk.page
    await answerWelcome(page, false)
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-people'))
    await addPerson(page, 'Ann Agent', 'ann.agent@example.com', 'agent')
    await addPerson(page, 'Rae Requester', 'rae.requester@example.com', 'requester')
    await page.click(tid('settings-tab-groups'))
    await addToGroup(page, 'Service Desk', 'Ann Agent')
  })

  after(async () => {
    await desk?.stop()
  })

  test('a manager builds an item with a condition and two tasks', async () => {
    await buildLaptopItem(page, item, 'Pick a **model**. <script>window.__pwned = 1</script>')
  })

  test('a requester submits it, answering the question its condition asks', async () => {
    await switchTo(page, 'Rae Requester', 'Requester')
    await page.click(tid('nav-catalog'))
    await page.click(tid('catalog-category-Hardware'))
    await page.click(`${tid('catalog-item')}[data-name="${item}"]`)
    await page.locator(tid('catalog-form')).waitFor()
    // The description is markdown rendered by Go and sanitized: no script survives.
    assert.equal(await page.locator(`${tid('catalog-item-description')} strong`).innerText(), 'model')
    assert.equal(await page.locator(`${tid('catalog-item-description')} script`).count(), 0)
    assert.equal(await page.evaluate(() => window.__pwned), undefined)

    // The condition: "Why a workstation" is asked only for a workstation.
    assert.equal(await page.locator(tid('catalog-q-why')).count(), 0)
    await page.selectOption(tid('catalog-field-model'), 'Standard')
    assert.equal(await page.locator(tid('catalog-q-why')).count(), 0)
    await page.selectOption(tid('catalog-field-model'), 'Workstation')
    await page.locator(tid('catalog-q-why')).waitFor()

    // Refused without the answer the condition asks for; what was chosen stays.
    await page.click(tid('catalog-submit'))
    await page.locator(`${tid('catalog-q-why')} .field-error`).waitFor()
    assert.equal(await page.locator(tid('catalog-field-model')).inputValue(), 'Workstation')

    await page.fill(tid('catalog-field-why'), 'CAD models for the plant.')
    await page.fill(tid('catalog-due'), '2027-01-15')
    await page.click(tid('catalog-submit'))
    requestNumber = await page.locator(tid('catalog-done-number')).innerText()
    assert.match(requestNumber, /^REQ/)
    await page.click(tid('catalog-open-request'))
    await page.locator(tid('catalog-request')).waitFor()
    assert.equal(await page.locator(`${tid('catalog-answer-model')} dd`).innerText(), 'Workstation')
    assert.equal(await page.locator(`${tid('catalog-answer-why')} dd`).innerText(), 'CAD models for the plant.')
    assert.equal(await page.locator(tid('catalog-answer-requested-for')).innerText(), 'Rae Requester')
    // The requester follows the tasks but has no controls to work them.
    assert.equal(await page.locator(`${tid('catalog-request')} ${tid('task-row')}`).count(), 2)
    assert.equal(await page.locator(`${tid('catalog-request')} [data-testid^=task-move-]`).count(), 0)
  })

  test('an agent of the group works both tasks and the request closes complete', async () => {
    // Only the profile's admin switches to another person: back to them first.
    await switchTo(page, tester.name, 'Admin')
    await switchTo(page, 'Ann Agent', 'Agent')
    await page.click(tid('nav-tasks'))
    const rows = page.locator(`${tid('task-row')}:has(${tid('task-request')}:has-text("${requestNumber}"))`)
    await rows.nth(1).waitFor()
    const numbers = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-number')))
    assert.equal(numbers.length, 2)
    for (const n of numbers) {
      const row = page.locator(`${tid('task-row')}[data-number="${n}"]`)
      await row.locator(tid('task-take')).click()
      await row.locator(tid('task-move-in_progress')).click()
      await page.locator(`${tid('task-row')}[data-number="${n}"][data-state="in_progress"]`).waitFor()
      await row.locator(tid('task-move-complete')).click()
      await row.waitFor({ state: 'detached' })
    }
    await page.check(tid('tasks-done'))
    const done = page.locator(`${tid('task-row')}[data-number="${numbers[0]}"][data-state="complete"]`)
    await done.locator(tid('task-request')).click()
    await waitForState(page, 'closed')
    // The request's page shows both tasks complete.
    await page.locator(`${tid('catalog-request')} ${tid('task-row')}[data-state="complete"]`).nth(1).waitFor()
    assert.equal(await page.locator(`${tid('catalog-request')} ${tid('task-row')}`).count(), 2)
  })
})
