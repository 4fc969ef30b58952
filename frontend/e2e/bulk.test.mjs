// Bulk work through the real UI against the real Go backend (see harness.mjs): ticking rows
// (click, shift-click, x, Ctrl+A), one bulk assignment of 50 tickets of which Go refuses two,
// "Assign to me" in the ticket pane and the palette, and the time worked on a ticket.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, createTicket, tester, tid } from './desk.mjs'

/** seed logs n plain incidents through the bound Go call the new-ticket dialog uses. */
async function seed(page, n, prefix) {
  return page.evaluate(
    async ({ n, prefix }) => {
      const out = []
      for (let i = 0; i < n; i++) {
        const t = await window.go.app.Tickets.Create({
          type: 'incident',
          title: `${prefix} ${String(i).padStart(2, '0')}`,
          description: '',
          requesterId: '',
          category: '',
          subcategory: '',
          service: '',
          ci: '',
          impact: 2,
          urgency: 2,
          priority: 0,
          priorityReason: '',
          groupId: '',
          assigneeId: '',
          source: 'phone',
          tags: [],
        })
        out.push({ id: t.id, number: t.number })
      }
      return out
    },
    { n, prefix },
  )
}

const count = (page) => page.locator(tid('bulk-count')).getAttribute('data-count')

describe('bulk work', () => {
  let desk
  let page
  let me

  before(async () => {
    desk = await startDesk()
    page = desk.page
    await answerWelcome(page, false)
    me = await page.evaluate(() => window.go.app.Session.Me().then((m) => m.user))
    assert.equal(me.name, tester.name)
  })

  after(async () => {
    await desk?.stop()
  })

  test('50 tickets assigned in one action; the two canceled ones are refused and listed', async () => {
    const made = await seed(page, 50, 'Bulk printer')
    // Two of them are canceled: Go refuses to edit them, in bulk as one by one.
    const canceled = [made[7], made[31]]
    await page.evaluate(async (ids) => {
      for (const id of ids) {
        await window.go.app.Tickets.Transition(id, {
          to: 'canceled',
          reason: 'Raised twice',
          holdReason: '',
          resolutionCode: '',
          resolutionNotes: '',
          includeChildren: false,
        })
      }
    }, canceled.map((t) => t.id))

    await page.click(tid('nav-all'))
    await page.locator(`${tid('queue-total')}:has-text("50 tickets")`).waitFor()
    const rows = page.locator(tid('queue-row'))
    await rows.first().waitFor()

    // A click ticks a row, a shift-click the range up to it.
    await page.locator(tid('pick-row')).nth(0).click()
    assert.equal(await count(page), '1')
    await page.locator(tid('pick-row')).nth(4).click({ modifiers: ['Shift'] })
    assert.equal(await count(page), '5')
    assert.equal(await page.locator(`${tid('queue-row')}[data-ticked="true"]`).count(), 5)
    // x unticks the focused row (j focuses the first).
    await page.keyboard.press('j')
    await page.locator(`${tid('queue-row')}.selected[data-index="0"]`).waitFor()
    await page.keyboard.press('x')
    await page.locator(`${tid('bulk-count')}[data-count="4"]`).waitFor()
    // Ctrl+A ticks the whole view, loaded or not.
    await page.keyboard.press('Control+a')
    await page.locator(`${tid('bulk-count')}[data-count="50"]`).waitFor()
    assert.equal(await page.textContent(tid('bulk-count')), 'All 50 tickets in this view')

    await page.click(tid('bulk-assign'))
    const dialog = page.locator(tid('bulk-dialog'))
    await dialog.waitFor()
    assert.match(await dialog.locator('h2').textContent(), /50 tickets/)
    await page.selectOption(tid('bulk-assignee'), { label: tester.name })
    await page.click(tid('bulk-submit'))
    await dialog.waitFor({ state: 'detached' })

    const result = page.locator(tid('bulk-result'))
    await result.waitFor()
    assert.equal(await result.getAttribute('data-done'), '48')
    assert.equal(await result.getAttribute('data-refused'), '2')
    const refused = result.locator(tid('bulk-refused'))
    const numbers = await refused.evaluateAll((els) => els.map((e) => e.getAttribute('data-number')).sort())
    assert.deepEqual(numbers, canceled.map((t) => t.number).sort())
    const codes = await refused.evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))
    assert.deepEqual(codes, ['invalid_transition', 'invalid_transition'])
    assert.match(await refused.first().textContent(), /can no longer be edited/)
    // The selection is spent; the queue shows the new assignee.
    await page.locator(tid('bulk-bar')).waitFor({ state: 'detached' })
    const done = made.find((t) => !canceled.includes(t))
    await page.locator(`${tid('queue-row')}[data-number="${done.number}"]:has-text("${tester.name}")`).waitFor()

    // What the queue shows is what Go holds: 48 of the view assigned to me, none of the refused.
    const mine = await page.evaluate(
      (id) =>
        window.go.app.Tickets.Queue(
          { view: 'all', type: '', states: [], priorities: [], assigneeId: id, groupId: '', requesterId: '', sort: 'number', desc: false, offset: 0, limit: 100 },
          true,
        ),
      me.id,
    )
    assert.equal(mine.total, 48)
    assert.ok(!mine.rows.some((r) => canceled.some((c) => c.number === r.number)))

    // A refused number opens that ticket.
    await refused.first().locator('button').click()
    await page.locator(`${tid('ticket-pane')}[data-number="${numbers[0]}"]`).waitFor()
    await page.click(tid('bulk-result-close'))
    await result.waitFor({ state: 'detached' })
  })

  test('"Assign to me" on a ticket and in the palette; the time worked shows on the ticket', async () => {
    await createTicket(page, { title: 'Monitor flickers in room 4' })
    const pane = page.locator(tid('ticket-pane'))
    await page.locator(tid('assign-to-me')).click()
    await page.waitForFunction(([sel, id]) => document.querySelector(sel)?.value === id, [tid('field-assignee'), me.id])
    await page.locator(tid('assign-to-me')).waitFor({ state: 'detached' })

    // The palette does the same for the open ticket.
    const second = await createTicket(page, { title: 'Docking station dead' })
    await page.locator(`${tid('ticket-pane')}[data-number="${second}"] ${tid('assign-to-me')}`).waitFor()
    await page.keyboard.press('Control+k')
    await page.fill(tid('palette-input'), 'assign to me')
    await page.locator(`${tid('palette-item')}[data-command="assign-to-me"]`).waitFor()
    await page.keyboard.press('Enter')
    await page.waitForFunction(([sel, id]) => document.querySelector(sel)?.value === id, [tid('field-assignee'), me.id])

    // Time worked: the sum of the worklog entries.
    assert.equal(await pane.locator(tid('time-worked')).getAttribute('data-minutes'), '0')
    for (const minutes of ['30', '45']) {
      await page.click(tid('composer-kind-worklog'))
      await page.fill(tid('composer-minutes'), minutes)
      await page.fill(tid('composer-body'), 'Swapped the dock.')
      await page.click(tid('composer-submit'))
      await page.locator(`${tid('time-worked')}[data-minutes="${minutes === '30' ? 30 : 75}"]`).waitFor()
    }
    assert.equal(await pane.locator(tid('time-worked')).textContent(), '1 h 15 min worked')
    assert.deepEqual(desk.errors, [])
  })
})
