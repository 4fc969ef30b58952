// Self-service, end to end against the real Go backend (see harness.mjs), on one desk where
// the admin switches between people: a requester lands on their own screen (My requests, not
// the agents' queue), finds an article while typing a new incident, submits it; the admin
// (staff) resolves it; the requester confirms the resolution and rates it 4 of 5; the
// manager's satisfaction report (the admin's, a manager's rights) shows the rating.
// Every wait is for a state the UI reaches.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { addPerson, answerWelcome, switchTo, tester, tid, transition } from './desk.mjs'

const rae = { name: 'Rae Requester', email: 'rae.requester@example.com' }
const article = 'Printer shows a paper jam that is not there'

describe('self-service', () => {
  let desk
  let page
  let number

  before(async () => {
    desk = await startDesk()
    page = desk.page
    await answerWelcome(page, false)
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-people'))
    await addPerson(page, rae.name, rae.email, 'requester')
    // An article for requesters, published.
    await page.click(tid('nav-knowledge'))
    await page.click(tid('kb-new'))
    await page.fill(tid('kb-ed-title'), article)
    await page.selectOption(tid('kb-ed-audience'), 'requesters')
    await page.fill(tid('kb-ed-body'), 'Open the back door, then:\n\n- take the tray out\n- switch the printer off and on')
    await page.click(tid('kb-ed-save'))
    await page.locator(`${tid('kb-article')}[data-state=draft]`).waitFor()
    for (const to of ['review', 'published']) {
      await page.click(tid(`kb-move-${to}`))
      await page.locator(`${tid('kb-article')}[data-state=${to}]`).waitFor()
    }
  })

  after(async () => {
    await desk?.stop()
  })

  test('a requester lands on My requests, finds an article while typing, and reports an incident', async () => {
    await switchTo(page, rae.name, 'Requester')
    await page.locator(tid('requester-home')).waitFor()
    await page.locator(tid('ss-my-requests')).waitFor()
    // Not the agents' queue: no queue table, no staff views.
    assert.equal(await page.locator(tid('queue-row')).count(), 0)
    assert.equal(await page.locator(tid('nav-all_open')).count(), 0)
    assert.equal(await page.locator(tid('nav-unassigned')).count(), 0)

    // The home's knowledge search finds the article as they type.
    await page.locator(tid('ss-kb-search')).pressSequentially('paper jam', { delay: 20 })
    await page.locator(`${tid('ss-kb-hit')}:has-text("${article}")`).waitFor()

    // Reporting a problem: the article is suggested while the title is typed.
    await page.click(tid('ss-report-incident'))
    await page.locator(tid('new-ticket-dialog')).waitFor()
    await page.locator(tid('nt-title')).pressSequentially('Paper jam on the third floor printer', { delay: 20 })
    await page.locator(`${tid('nt-suggestion')}:has-text("${article}")`).waitFor()
    await page.fill(tid('nt-description'), 'The tray is empty and it still says jam.')
    await page.click(tid('nt-submit'))
    await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })
    const pane = page.locator(`${tid('ticket-pane')}[data-number]`)
    await pane.waitFor()
    number = await pane.getAttribute('data-number')

    // The pane offers only what Go allows a requester: no start, hold or resolve.
    for (const to of ['in_progress', 'on_hold', 'resolved']) {
      assert.equal(await page.locator(tid(`transition-${to}`)).count(), 0, `a requester is offered ${to}`)
    }
    await page.click(tid('ticket-close'))
    const row = page.locator(`${tid('ss-ticket')}[data-number="${number}"]`)
    await row.waitFor()
    assert.equal(await row.getAttribute('data-state'), 'new')
    // When an answer is due, in words (the default SLA policy runs a clock on every incident).
    const sla = row.locator(tid('ss-sla'))
    if (await sla.count()) assert.match(await sla.innerText(), /^(Due by|Overdue since) /)
  })

  test('staff resolve it; the requester confirms the resolution and rates it 4', async () => {
    await switchTo(page, tester.name, 'Admin')
    await page.click(tid('nav-all_open'))
    const row = page.locator(`${tid('queue-row')}[data-number="${number}"]`)
    await row.waitFor()
    await row.click()
    await page.locator(`${tid('ticket-pane')}[data-number="${number}"]`).waitFor()
    await transition(page, 'resolved', { resolutionCode: 'solved_remotely', resolutionNotes: 'Cleared a scrap of paper from the rollers.' })
    // Staff never get the rating form: it is the requester's.
    assert.equal(await page.locator(tid('rate-form')).count(), 0)

    await switchTo(page, rae.name, 'Requester')
    const mine = page.locator(`${tid('ss-ticket')}[data-number="${number}"][data-state="resolved"]`)
    await mine.waitFor()
    await mine.click()
    await page.locator(`${tid('ticket-pane')}[data-number="${number}"][data-state="resolved"]`).waitFor()
    // A requester answers a resolution: confirm it or reopen it.
    assert.equal(await page.locator(tid('transition-closed')).innerText(), 'Confirm resolution')
    await page.locator(tid('transition-in_progress')).waitFor()
    await page.click(tid('transition-closed'))
    await page.locator(`${tid('ticket-pane')}[data-number="${number}"][data-state="closed"]`).waitFor()

    await page.locator(tid('rate-form')).waitFor()
    await page.click(tid('rate-4'))
    await page.fill(tid('rate-comment'), 'Quick and friendly.')
    await page.click(tid('rate-submit'))
    await page.locator(`${tid('rating')}[data-score="4"]`).waitFor()
    // Once: the form is gone.
    assert.equal(await page.locator(tid('rate-form')).count(), 0)
    assert.equal(await page.locator(tid('rating-comment')).innerText(), 'Quick and friendly.')
  })

  test("the manager's satisfaction report shows the rating", async () => {
    await switchTo(page, tester.name, 'Admin')
    await page.click(tid('nav-reports'))
    await page.click(tid('reports-tab-satisfaction'))
    await page.locator(`${tid('satisfaction-count')}:text-is("1")`).waitFor()
    assert.equal(await page.locator(tid('satisfaction-average')).innerText(), '4.00')
    await page.locator(`${tid('satisfaction-distribution')} tr[data-score="4"][data-count="1"]`).waitFor()
    await page.locator(`${tid('satisfaction-agent')} tr[data-count="1"][data-average="4.00"]`).waitFor()
    assert.deepEqual(desk.errors, [])
  })
})
