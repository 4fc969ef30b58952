// End-to-end SLA and settings flows against the real Go backend (see harness.mjs). Go's clock is
// moved with the test hook Session.AdvanceClock (OUTPOST_TEST_HOOKS=1, set by the harness) and
// the sweep is run at once with SLA.SweepNow instead of waiting for the cron minute.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, createTicket, tid, transition } from './desk.mjs'

/** advanceAndSweep moves Go's clock ahead by minutes and runs the SLA sweep. */
async function advanceAndSweep(page, minutes) {
  await page.evaluate(async (m) => {
    await window.go.app.Session.AdvanceClock(m)
    await window.go.app.SLA.SweepNow()
  }, minutes)
}

/** queueNumbers: the numbers of the rows a queue view shows, top to bottom. */
function queueNumbers(page) {
  return page.evaluate((sel) => {
    const rows = [...document.querySelectorAll(sel)]
    rows.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
    return rows.map((r) => r.dataset.number)
  }, tid('queue-row'))
}

/** expectQueue waits until the view titled title shows exactly these tickets in this order. */
async function expectQueue(page, title, numbers) {
  await page.locator(`${tid('queue-view')}[aria-label="${title}"]`).waitFor()
  const want = JSON.stringify(numbers)
  try {
    await page.waitForFunction(
      ([view, row, total, w]) => {
        if (!document.querySelector(view)) return false
        const rows = [...document.querySelectorAll(row)]
        rows.sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
        const count = document.querySelector(total)?.textContent ?? ''
        return JSON.stringify(rows.map((r) => r.dataset.number)) === w && count.startsWith(String(JSON.parse(w).length))
      },
      [`${tid('queue-view')}[aria-label="${title}"]`, tid('queue-row'), tid('queue-total'), want],
    )
  } catch (e) {
    assert.deepEqual(await queueNumbers(page), numbers, `${title}: ${e.message}`)
    throw e
  }
}

describe('SLA', () => {
  let desk
  let page

  before(async () => {
    desk = await startDesk()
    page = desk.page
    // An empty desk: the only notifications are the ones this test causes.
    await answerWelcome(page, false)
  })

  after(async () => {
    await desk?.stop()
  })

  test('a P1 shows its countdown; with the clock advanced the breach reaches the notification centre', async () => {
    const title = `E2E mail server down ${Date.now()}`
    const number = await createTicket(page, { title, impact: '1', urgency: '1' })
    assert.equal(await page.textContent(`${tid('ticket-pane')} ${tid('priority-chip')}`), 'P1')

    // The pane counts down the 15-minute response target of the default policy's P1.
    const response = page.locator(tid('sla-response'))
    await response.waitFor()
    assert.equal(await response.getAttribute('data-state'), 'running')
    assert.equal(await response.getAttribute('data-tone'), 'ok')
    assert.match(await page.textContent(tid('sla-response-countdown')), /^1[45]m left$/)
    assert.match(await page.textContent(tid('sla-resolution-countdown')), /^(4h|3h 5\dm) left$/)

    // So does its queue row.
    await page.click(tid('nav-all_open'))
    const row = page.locator(`${tid('queue-row')}[data-number="${number}"]`)
    await row.waitFor()
    assert.match(await row.locator(tid('sla-countdown')).textContent(), /^1[45]m left$/)
    assert.equal(await row.locator(tid('sla-countdown')).getAttribute('data-tone'), 'ok')
    // Nothing is unread yet.
    assert.equal(await page.locator(tid('notif-count')).count(), 0)

    // Half an hour later (Go's clock), the sweep records the breach and notifies the managers.
    await row.click()
    await page.locator(`${tid('ticket-pane')}[data-number="${number}"]`).waitFor()
    await advanceAndSweep(page, 30)
    await page.locator(tid('notif-count')).waitFor()
    assert.ok(Number(await page.textContent(tid('notif-count'))) >= 1)
    await page.locator(`${tid('sla-response')}[data-tone="breached"]`).waitFor()
    assert.match(await page.textContent(tid('sla-response-countdown')), /^breached 1[56]m ago$/)
    await page.locator(`${tid('queue-row')}[data-number="${number}"] ${tid('sla-countdown')}[data-tone="breached"]`).waitFor()
    // The sweep's work note is on the ticket's timeline.
    await page.locator(`${tid('timeline')} :text("breached its response target")`).first().waitFor()

    // The notification centre lists it; a click opens the ticket and marks it read.
    await page.click(tid('ticket-close'))
    await page.locator(tid('ticket-pane')).waitFor({ state: 'detached' })
    await page.click(tid('notif-bell'))
    await page.locator(tid('notif-panel')).waitFor()
    const item = page.locator(`${tid('notif-item')}[data-ticket="${number}"]`).first()
    await item.waitFor()
    assert.match(await item.textContent(), new RegExp(`${number} breached its response target \\(15m\\)`))
    assert.equal(await item.getAttribute('data-read'), 'false')
    const unreadBefore = Number(await page.textContent(tid('notif-count')))
    await item.locator('.notif-open').click()
    await page.locator(tid('notif-panel')).waitFor({ state: 'detached' })
    await page.locator(`${tid('ticket-pane')}[data-number="${number}"]`).waitFor()
    if (unreadBefore === 1) {
      await page.locator(tid('notif-count')).waitFor({ state: 'detached' })
    } else {
      await page.waitForFunction(
        ([sel, n]) => Number(document.querySelector(sel)?.textContent ?? 0) < n,
        [tid('notif-count'), unreadBefore],
      )
    }

    // Mark all read empties the badge; the items stay, read.
    await page.click(tid('notif-bell'))
    await page.locator(tid('notif-panel')).waitFor()
    if (await page.locator(tid('notif-count')).count()) {
      await page.click(tid('notif-mark-all'))
      await page.locator(tid('notif-count')).waitFor({ state: 'detached' })
    }
    await page.locator(`${tid('notif-item')}[data-read="true"]`).first().waitFor()
    assert.equal(await page.locator(`${tid('notif-item')}[data-read="false"]`).count(), 0)
    await page.keyboard.press('Escape')
    await page.locator(tid('notif-panel')).waitFor({ state: 'detached' })

    // The breached ticket is in "Breached", no longer "breaching soon".
    await page.click(tid('nav-breached'))
    await page.locator(`${tid('queue-row')}[data-number="${number}"]`).waitFor()
    await page.click(tid('nav-breaching_soon'))
    await page.locator(`${tid('queue-view')}[aria-label="Breaching soon"] ${tid('queue-total')}`).waitFor()
    await expectQueue(page, 'Breaching soon', [])
    assert.deepEqual(desk.errors, [])
  })

  test('desk settings persist across a reload; a refused user shows its errors beside the fields', async () => {
    await page.click(tid('nav-settings'))
    await page.locator(tid('desk-settings')).waitFor()
    await page.locator(`${tid('set-autoclose')}:not([value=""])`).waitFor()
    const before = await page.inputValue(tid('set-autoclose'))
    const next = before === '12' ? '13' : '12'
    await page.fill(tid('set-autoclose'), next)
    // One cell of the matrix too: impact 3 × urgency 3 becomes P4.
    await page.selectOption(tid('matrix-cell-3-3'), '4')
    await page.click(tid('set-save'))
    await page.locator(tid('set-saved')).waitFor()

    await page.reload()
    await page.waitForSelector(tid('app-shell'))
    await page.click(tid('nav-settings'))
    await page.locator(`${tid('set-autoclose')}[value="${next}"]`).waitFor()
    assert.equal(await page.inputValue(tid('matrix-cell-3-3')), '4')

    // Out of range: Go refuses, the message sits beside the input, the value stays.
    await page.fill(tid('set-autoclose'), '400')
    await page.click(tid('set-save'))
    const err = page.locator(`${tid('desk-settings')} .field-error`)
    await err.waitFor()
    assert.match(await err.textContent(), /365/)
    assert.equal(await page.inputValue(tid('set-autoclose')), '400')

    // People: a bad email is refused next to the email field; fixed, the person is listed.
    await page.click(tid('settings-tab-people'))
    await page.locator(tid('people-table')).waitFor()
    await page.fill(tid('person-name'), 'Mia Manager')
    await page.fill(tid('person-email'), 'not-an-email')
    await page.selectOption(tid('person-role'), 'manager')
    await page.click(tid('person-add'))
    const emailErr = page.locator(`${tid('people-settings')} .field:has(${tid('person-email')}) .field-error`)
    await emailErr.waitFor()
    assert.match(await emailErr.textContent(), /not an email/)
    assert.equal(await page.inputValue(tid('person-name')), 'Mia Manager')
    await page.fill(tid('person-email'), 'mia@example.org')
    await page.click(tid('person-add'))
    await page.locator(tid('person-added')).waitFor()
    await page.locator(`${tid('person-row')}[data-email="mia@example.org"]`).waitFor()
    assert.deepEqual(desk.errors, [])
  })

  test('a policy change is previewed with the what-if before it is saved', async () => {
    await page.click(tid('settings-tab-policies'))
    await page.locator(`${tid('policy-editor')}[data-policy="Default"]`).waitFor()
    assert.equal(await page.locator(tid('policy-review')).isDisabled(), true)
    // P1 response from 15 minutes to 45: the breached P1 of the first test would have met it.
    await page.fill(tid('target-response-1'), '45')
    await page.click(tid('policy-review'))
    await page.locator(tid('whatif-result')).waitFor()
    const p1 = page.locator(`${tid('whatif-row')}[data-priority="1"]`)
    assert.match(await p1.textContent(), /1 → 0/) // breached now → then
    assert.match(await page.textContent(tid('whatif-summary')), /1 outcome changes/)
    assert.equal(await page.locator(tid('whatif-changed-item')).count(), 1)

    await page.click(tid('policy-save'))
    await page.locator(tid('whatif')).waitFor({ state: 'detached' })
    await page.locator(`${tid('target-response-1')}[value="45"]`).waitFor()
    assert.deepEqual(desk.errors, [])
  })

  test('an escalation level with a work note is added through the what-if and is there after a reload', async () => {
    const editor = `${tid('policy-editor')}[data-policy="Default"]`
    await page.locator(editor).waitFor()
    const levels = page.locator(`${editor} ${tid('esc-level')}`)
    const before = await levels.count()
    await page.click(`${editor} ${tid('esc-add')}`)
    await levels.nth(before).waitFor()
    const level = levels.nth(before)
    await level.locator(tid('esc-percent')).fill('200')
    await level.locator(tid('esc-kind')).selectOption('resolution')
    await level.locator(tid('esc-action-kind')).selectOption('work_note')
    await level.locator(tid('esc-action-note')).fill('Resolution twice overdue: duty manager informed')
    await level.locator(tid('esc-action-add')).click()
    await level.locator(tid('esc-action-kind')).nth(1).selectOption('raise_priority')

    await page.click(tid('policy-review'))
    await page.locator(tid('whatif-result')).waitFor()
    await page.click(tid('policy-save'))
    await page.locator(tid('whatif')).waitFor({ state: 'detached' })

    await page.reload()
    await page.waitForSelector(tid('app-shell'))
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-policies'))
    await page.locator(editor).waitFor()
    const saved = page.locator(`${editor} ${tid('esc-level')}`).nth(before)
    await saved.waitFor()
    assert.equal(await page.locator(`${editor} ${tid('esc-level')}`).count(), before + 1)
    assert.equal(await saved.locator(tid('esc-percent')).inputValue(), '200')
    assert.equal(await saved.locator(tid('esc-kind')).inputValue(), 'resolution')
    assert.deepEqual(await saved.locator(tid('esc-action')).evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))), [
      'work_note',
      'raise_priority',
    ])
    assert.equal(await saved.locator(tid('esc-action-note')).inputValue(), 'Resolution twice overdue: duty manager informed')
    assert.equal(await page.locator(tid('policy-review')).isDisabled(), true)
    assert.deepEqual(desk.errors, [])
  })

  test('a calendar date exception is refused beside its row, then saved and there after a reload', async () => {
    const editor = `${tid('calendar-editor')}[data-calendar="Office hours"]`
    await page.click(tid('settings-tab-calendars'))
    await page.click(`${tid('calendar-item')}[data-name="Office hours"] button`)
    await page.locator(editor).waitFor()
    const rows = page.locator(`${editor} ${tid('exception-row')}`)
    const before = await rows.count()
    await page.click(`${editor} ${tid('exception-add')}`)
    const row = rows.nth(before)
    await row.waitFor()
    await row.locator(tid('exception-date')).fill('2027-12-32')
    await row.locator(tid('exception-name')).fill('Christmas Eve')
    await row.locator(tid('exception-end')).fill('13:00')

    // The default policy uses this calendar, so the save goes through the what-if; Go refuses
    // the date, and its message sits beside the row with what was typed still there.
    await page.click(tid('calendar-review'))
    await page.click(tid('calendar-save'))
    const err = row.locator('.field-error')
    await err.waitFor()
    assert.match(await err.textContent(), /YYYY-MM-DD/)
    assert.equal(await row.locator(tid('exception-date')).inputValue(), '2027-12-32')
    assert.equal(await row.locator(tid('exception-name')).inputValue(), 'Christmas Eve')
    assert.equal(await row.locator(tid('exception-end')).inputValue(), '13:00')

    await row.locator(tid('exception-date')).fill('2027-12-24')
    await page.click(tid('calendar-review'))
    await page.locator(tid('whatif-result')).waitFor()
    await page.click(tid('calendar-save'))
    await page.locator(tid('whatif')).waitFor({ state: 'detached' })

    await page.reload()
    await page.waitForSelector(tid('app-shell'))
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-calendars'))
    await page.click(`${tid('calendar-item')}[data-name="Office hours"] button`)
    await page.locator(editor).waitFor()
    const saved = page.locator(`${editor} ${tid('exception-row')}`).nth(before)
    await saved.waitFor()
    assert.equal(await page.locator(`${editor} ${tid('exception-row')}`).count(), before + 1)
    assert.equal(await saved.locator(tid('exception-date')).inputValue(), '2027-12-24')
    assert.equal(await saved.locator(tid('exception-name')).inputValue(), 'Christmas Eve')
    assert.equal(await saved.locator(tid('exception-start')).inputValue(), '09:00')
    assert.equal(await saved.locator(tid('exception-end')).inputValue(), '13:00')
    assert.equal(await saved.locator('.field-error').count(), 0)
    assert.equal(await page.locator(tid('calendar-review')).isDisabled(), true)
    assert.deepEqual(desk.errors, [])
  })
})

// "Breaching soon" is the warning window of running clocks, soonest due first; "Breached" holds
// the breached tickets, longest breached first, one put on hold after its breach included, and
// that one shows both its breach and its pause. Every ticket is a P1 moved to In progress at
// once (response met), so its resolution clock counts 4 hours on 24×7 with the warning at
// 3 hours: wide windows, so the real seconds the test takes cannot move a ticket between views.
describe('SLA views', () => {
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

  /** p1 creates a P1 and starts work on it, which meets its response target. */
  async function p1(title) {
    const number = await createTicket(page, { title, impact: '1', urgency: '1' })
    await transition(page, 'in_progress')
    return number
  }

  test('Breaching soon and Breached hold the right tickets in order; a breach put on hold shows both', async () => {
    // Go's minutes from the first ticket (T): resolution warning at +180, due at +240.
    const a = await p1('E2E VPN down') // T: due T+240
    await advanceAndSweep(page, 10)
    const x = await p1('E2E printer queue stuck') // T+10: due T+250
    await advanceAndSweep(page, 30)
    const b = await p1('E2E payroll export fails') // T+40: warning T+220, due T+280
    await advanceAndSweep(page, 10)
    const c = await p1('E2E badge reader offline') // T+50: warning T+230, due T+290
    await advanceAndSweep(page, 50)
    const d = await p1('E2E disk almost full') // T+100: warning T+280
    await advanceAndSweep(page, 170) // T+270

    // Soonest due first; the breached ones and the one not yet warned are not in it.
    await page.click(tid('nav-breaching_soon'))
    await expectQueue(page, 'Breaching soon', [b, c])
    const soon = page.locator(`${tid('queue-row')}[data-number="${b}"] ${tid('sla-countdown')}`)
    assert.match(await soon.textContent(), /^\d+m left$/)
    assert.equal(await soon.getAttribute('data-tone'), 'warning')

    await page.click(tid('nav-breached'))
    await expectQueue(page, 'Breached', [a, x])

    // The longest breached goes on hold: still breached, now paused too, in the pane and the row.
    await page.click(`${tid('queue-row')}[data-number="${a}"]`)
    await page.locator(`${tid('ticket-pane')}[data-number="${a}"]`).waitFor()
    await transition(page, 'on_hold', { holdReason: 'awaiting_vendor' })
    await page.locator(`${tid('sla-section')}[data-paused="true"]`).waitFor()
    assert.equal(await page.textContent(tid('sla-breached')), 'Breached')
    assert.match(await page.textContent(tid('sla-paused')), /Paused/)
    const res = page.locator(tid('sla-resolution'))
    assert.equal(await res.getAttribute('data-state'), 'paused')
    assert.equal(await res.getAttribute('data-tone'), 'breached')
    assert.match(await page.textContent(tid('sla-resolution-countdown')), /^Paused · breached \d+m ago$/)
    assert.match(await res.textContent(), /Elapsed \d+h \d+m of 4h/)

    // It keeps its place in Breached: it breached first.
    await expectQueue(page, 'Breached', [a, x])
    const row = page.locator(`${tid('queue-row')}[data-number="${a}"] ${tid('sla-countdown')}[data-paused="true"]`)
    await row.waitFor()
    assert.equal(await row.getAttribute('data-tone'), 'breached')
    assert.match(await row.textContent(), /Paused · breached \d+m ago$/)

    // Put on hold it cannot breach any sooner: Breaching soon is unchanged.
    await page.click(tid('nav-breaching_soon'))
    await expectQueue(page, 'Breaching soon', [b, c])
    assert.ok(d)
    assert.deepEqual(desk.errors, [])
  })
})
