// Search through the real UI against the real Go backend (see harness.mjs): word forms, a
// requester's name, partial numbers, field prefixes, and every result as a queue that pages.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, tid } from './desk.mjs'

const totalOf = async (page) => Number(((await page.textContent(tid('queue-total'))) ?? '').replace(/[^\d]/g, ''))

/** showsSearch waits until the queue shows the results of text, counted. */
async function showsSearch(page, text) {
  await page.waitForFunction(
    (title) =>
      document.querySelector('[data-testid=queue-view]')?.getAttribute('aria-label') === title &&
      /\d/.test(document.querySelector('[data-testid=queue-total]')?.textContent ?? ''),
    `Search: ${text}`,
  )
}

/** showLatestFirst sorts the queue by when tickets were last updated, latest first. */
async function showLatestFirst(page) {
  const header = `[role=columnheader]:has(${tid('sort-updated')})`
  for (let i = 0; i < 2; i++) {
    if ((await page.locator(header).getAttribute('aria-sort')) === 'descending') return
    await page.click(tid('sort-updated'))
    await page.locator(`${header}[aria-sort]:not([aria-sort=none])`).waitFor()
  }
  await page.locator(`${header}[aria-sort=descending]`).waitFor()
}

/** searchAll types a search and presses Enter: the queue of every result. */
async function searchAll(page, text) {
  await page.fill(tid('search-input'), text)
  await page.keyboard.press('Enter')
  await showsSearch(page, text)
}

describe('search', () => {
  let desk
  let page
  let number = ''
  let requester = ''
  const stamp = Date.now()

  before(async () => {
    desk = await startDesk()
    page = desk.page
    await answerWelcome(page, true)
    // A ticket with a word no demo ticket holds, logged for a demo requester.
    await page.click(tid('new-ticket-button'))
    await page.locator(tid('new-ticket-dialog')).waitFor()
    await page.check(tid('nt-type-incident'))
    await page.fill(tid('nt-title'), `Quokkas chewed the cables ${stamp}`)
    await page.selectOption(tid('nt-requester'), { index: 1 })
    requester = ((await page.locator(`${tid('nt-requester')} option:checked`).textContent()) ?? '').trim()
    await page.click(tid('nt-submit'))
    await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })
    const pane = page.locator(`${tid('ticket-pane')}[data-number]`)
    await pane.waitFor()
    number = (await pane.getAttribute('data-number')) ?? ''
    assert.match(number, /^INC\d{7}$/)
    assert.ok(requester.length > 0)
  })

  after(async () => {
    assert.deepEqual(desk?.errors ?? [], [])
    await desk?.stop()
  })

  test('a word form finds the ticket while typing', async () => {
    await page.fill(tid('search-input'), 'quokka')
    await page.locator(`${tid('search-result')}[data-number="${number}"]`).waitFor()
    await page.keyboard.press('Escape')
  })

  test('a partial number finds the ticket, in the suggestions and as a queue', async () => {
    const digits = number.replace(/^INC0*/, '')
    await page.fill(tid('search-input'), digits)
    await page.locator(`${tid('search-result')}[data-number="${number}"]`).waitFor()
    await page.keyboard.press('Enter')
    await showsSearch(page, digits)
    await page.locator(`${tid('queue-row')}[data-number="${number}"]`).waitFor()
    // Only the incident and request of that number can match.
    assert.ok((await totalOf(page)) <= 2)
  })

  test("a requester's name finds their tickets", async () => {
    // Latest first: the ticket just logged is the first row, whatever else the person has.
    await searchAll(page, requester)
    await showLatestFirst(page)
    await page.locator(`${tid('queue-row')}[data-number="${number}"]`).waitFor()
    await searchAll(page, `requester:"${requester}"`)
    await showLatestFirst(page)
    await page.locator(`${tid('queue-row')}[data-number="${number}"]`).waitFor()
    await page.click(tid('column-chooser'))
    await page.check(tid('column-toggle-requester'))
    await page.click(tid('column-chooser'))
    const names = await page.locator(`${tid('queue-row')} .col-requester`).allTextContents()
    assert.ok(names.length > 0)
    assert.deepEqual([...new Set(names.map((n) => n.trim()))], [requester])
  })

  test('field prefixes filter, and the results page through like any queue', async () => {
    await searchAll(page, 'priority:1')
    const p1 = await page.locator(`${tid('queue-row')} ${tid('priority-chip')}`).allTextContents()
    assert.ok(p1.length > 0)
    assert.deepEqual([...new Set(p1)], ['P1'])

    await searchAll(page, 'state:open')
    const total = await totalOf(page)
    assert.ok(total > 50, `state:open found ${total}, want more than one page`)
    await page.locator(`${tid('queue-row')}[data-index="0"]`).waitFor()
    // Scroll to the end: the last page is fetched and its rows render.
    await page.locator(tid('queue-scroll')).evaluate((el) => (el.scrollTop = el.scrollHeight))
    await page.locator(`${tid('queue-row')}[data-index="${total - 1}"]`).waitFor()
    const states = await page.locator(`${tid('queue-row')} .col-state`).allTextContents()
    assert.ok(states.length > 0)
    for (const s of states) assert.doesNotMatch(s, /resolved|closed|canceled/i)

    // Sortable like any view.
    await page.click(tid('sort-number'))
    await page.locator(`[role=columnheader][aria-sort]:has(${tid('sort-number')}):not([aria-sort=none])`).waitFor()
    // The header shows "…" until the sorted view's first page comes with its count.
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=queue-total]')?.textContent ?? ''))
    assert.equal(await totalOf(page), total)
  })
})
