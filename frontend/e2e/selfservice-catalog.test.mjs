// The self-service catalog wired to approvals across desks, end to end: one real
// outpost-server and two desks. Ann (an admin, member of Field Service) keeps the catalog and
// the knowledge base on desk A; Rae (a requester) on desk B finds an article while typing,
// then asks for an item Field Service must approve from her home. Ann approves on desk A:
// her desk, whose decision settled the approval, makes the two tasks; she completes them;
// after sync Rae sees the request closed and rates it. Every wait is for a state the UI
// reaches.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, syncNow, tid } from './desk.mjs'
import { connectDesk, startServer } from './server.mjs'

const ann = { name: 'Ann Admin', email: 'ann@example.test', role: 'admin' }
const rae = { name: 'Rae Requester', email: 'rae@example.test', role: 'requester' }
const item = 'Badge access'
const article = 'Lost your badge'

describe('self-service catalog with an approval on another desk', () => {
  let server
  let a
  let b
  let number = ''

  before(async () => {
    server = await startServer([ann, rae], [{ name: 'Field Service', members: [ann.email] }])
    a = await startDesk()
    b = await startDesk()
    await answerWelcome(a.page, false)
    await answerWelcome(b.page, false)
    await connectDesk(a.page, server.url, ann)
    await connectDesk(b.page, server.url, rae)
  })

  after(async () => {
    await a?.stop()
    await b?.stop()
    await server?.stop()
  })

  test('Ann publishes an article and an item Field Service approves', async () => {
    const page = a.page
    await page.click(tid('nav-knowledge'))
    await page.click(tid('kb-new'))
    await page.fill(tid('kb-ed-title'), article)
    await page.selectOption(tid('kb-ed-audience'), 'requesters')
    await page.fill(tid('kb-ed-body'), 'Ask reception for a day pass, then request a new badge.')
    await page.click(tid('kb-ed-save'))
    await page.locator(`${tid('kb-article')}[data-state=draft]`).waitFor()
    for (const to of ['review', 'published']) {
      await page.click(tid(`kb-move-${to}`))
      await page.locator(`${tid('kb-article')}[data-state=${to}]`).waitFor()
    }

    await page.click(tid('nav-catalog'))
    await page.click(tid('catalog-tab-manage'))
    await page.click(tid('catalog-new-item'))
    await page.fill(tid('ci-name'), item)
    await page.fill(tid('ci-category'), 'Access')
    await page.fill(tid('ci-description'), 'A new **badge** for the building.')
    await page.selectOption(tid('ci-approval'), 'group')
    const fs = await page.locator(`#ci-approval-group option:has-text("Field Service")`).getAttribute('value')
    await page.selectOption('#ci-approval-group', fs)
    await page.selectOption('#ci-approval-mode', 'any')
    await page.selectOption(tid('ci-group'), fs)
    await page.click(tid('ci-add-task'))
    await page.fill(tid('ci-task-0-title'), 'Print the badge')
    await page.click(tid('ci-add-task'))
    await page.fill(tid('ci-task-1-title'), 'Hand it over')
    await page.click(tid('ci-save'))
    await page.locator(`${tid('catalog-manage-row')}[data-name="${item}"]`).waitFor()
    await syncNow(page)
  })

  test('Rae finds the article while typing and asks for the item from her home', async () => {
    const page = b.page
    await syncNow(page)
    await page.locator(tid('requester-home')).waitFor()
    await page.locator(tid('ss-kb-search')).pressSequentially('lost badge', { delay: 20 })
    await page.locator(`${tid('ss-kb-hit')}:has-text("${article}")`).waitFor()

    const home = page.locator(tid('ss-catalog'))
    await home.locator(tid('catalog-search')).fill('badge')
    await home.locator(`${tid('catalog-item')}[data-name="${item}"]`).click()
    await home.locator(tid('catalog-form')).waitFor()
    await home.locator(tid('catalog-submit')).click()
    number = await home.locator(tid('catalog-done-number')).innerText()
    assert.match(number, /^REQ/)
    assert.match(await home.locator(tid('catalog-done')).innerText(), /waits for approval/)
    // Rae decides nothing: no approvals section in her home.
    assert.equal(await page.locator(tid('ss-approvals')).count(), 0)
    await syncNow(page)
  })

  test('Ann approves on her desk, which makes the tasks, and completes them', async () => {
    const page = a.page
    await syncNow(page)
    await page.locator(`${tid('nav-approvals-count')}:text-is("1")`).waitFor()
    await page.click(tid('nav-approvals'))
    const it = page.locator(`${tid('approvals-item')}[data-summary^="${number}"]`)
    await it.locator(tid('approval-approve')).click()
    await page.locator(tid('approvals-empty')).waitFor()

    await page.click(tid('nav-tasks'))
    const rows = page.locator(`${tid('task-row')}:has(${tid('task-request')}:has-text("${number}"))`)
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
    await syncNow(page)
  })

  test('Rae sees her request closed after sync and rates it', async () => {
    const page = b.page
    await syncNow(page)
    await page.click(tid('nav-my_requests'))
    const row = page.locator(`${tid('ss-ticket')}[data-number="${number}"][data-state="closed"]`)
    await row.waitFor()
    await row.click()
    await page.locator(`${tid('ticket-pane')}[data-number="${number}"][data-state="closed"]`).waitFor()
    await page.locator(`${tid('catalog-request')} ${tid('task-row')}[data-state="complete"]`).nth(1).waitFor()
    await page.locator(tid('rate-form')).waitFor()
    await page.click(tid('rate-5'))
    await page.fill(tid('rate-comment'), 'Badge in a day.')
    await page.click(tid('rate-submit'))
    await page.locator(`${tid('rating')}[data-score="5"]`).waitFor()
    await syncNow(page)
    assert.deepEqual(a.errors, [])
    assert.deepEqual(b.errors, [])
  })
})
