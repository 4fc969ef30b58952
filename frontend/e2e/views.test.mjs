// Saved views through the real UI (see harness.mjs): filter a queue, save it as a view, see
// it in the sidebar with its count, and find the same rows after a reload.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, tid } from './desk.mjs'

/**
 * rowNumbers lists the numbers of the first queue rows on screen, once the first one shows.
 * The table is virtualized: how many rows past the first screen it renders depends on layout
 * and timing, so only the first 20 are compared.
 */
async function rowNumbers(page) {
  await page.locator(`${tid('queue-row')}[data-number]`).first().waitFor()
  const all = await page
    .locator(`${tid('queue-row')}[data-number]`)
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-number')))
  return all.slice(0, 20)
}

/** total reads the queue's count once it has one. */
async function total(page) {
  await page.waitForFunction((sel) => /^\d/.test(document.querySelector(sel)?.textContent ?? ''), tid('queue-total'))
  return page.textContent(tid('queue-total'))
}

describe('saved views', () => {
  let desk
  let page

  before(async () => {
    desk = await startDesk()
    page = desk.page
  })

  after(async () => {
    await desk?.stop()
  })

  test('save a filtered queue as a view, and reopen it after a reload', async () => {
    await answerWelcome(page, true)
    await page.click(tid('nav-all'))
    const everything = await total(page)

    // Three filters: incidents, category Hardware, created in the last ten years; first a day
    // that does not exist, which Go refuses beside the field, keeping what was typed.
    await page.selectOption(tid('filter-type'), 'incident')
    await page.click(tid('more-filters'))
    await page.selectOption(tid('filter-category'), 'Hardware')
    await page.fill(tid('filter-created-from'), '2026-02-30')
    await page.click(tid('filter-apply'))
    const fieldError = page.locator('.more-filters .field-error')
    await fieldError.waitFor()
    assert.match(await fieldError.textContent(), /from: "2026-02-30" is not a day/)
    assert.equal(await page.inputValue(tid('filter-created-from')), '2026-02-30')
    await page.fill(tid('filter-created-from'), '-3650d')
    await page.click(tid('filter-apply'))
    await fieldError.waitFor({ state: 'detached' })
    await page.click(tid('more-filters')) // close the popover
    await page.locator(tid('more-filters')).filter({ hasText: '(2)' }).waitFor()
    const filtered = await total(page)
    assert.notEqual(filtered, everything, 'the filters narrow the queue')
    // Sort by number (creation order across types), newest first.
    await page.click('[data-testid="sort-number"]')
    await page.click('[data-testid="sort-number"]')
    const rows = await rowNumbers(page)
    assert.ok(rows.length > 0 && rows.every((n) => n.startsWith('INC')), `incidents only: ${rows.slice(0, 5)}`)

    // A view needs a name: Go says so beside the field.
    await page.click(tid('view-save'))
    await page.locator(tid('view-name-dialog')).waitFor()
    await page.click(tid('view-name-submit'))
    await page.locator(`${tid('view-name-dialog')} .field-error`).waitFor()
    assert.match(await page.textContent(`${tid('view-name-dialog')} .field-error`), /needs a name/)
    await page.fill(tid('view-name'), 'E2E hardware incidents')
    await page.click(tid('view-name-submit'))
    await page.locator(tid('view-name-dialog')).waitFor({ state: 'detached' })

    const item = page.locator(`${tid('nav-my-views')} button`, { hasText: 'E2E hardware incidents' })
    await item.waitFor()
    await page.locator(`${tid('nav-my-views')} button[aria-current="page"]`, { hasText: 'E2E hardware incidents' }).waitFor()
    const count = filtered.replace(/ tickets?$/, '')
    await item.locator('.nav-tally').filter({ hasText: count }).waitFor()

    // After a reload, the view is in the sidebar with the same count; opening it shows the
    // same rows in the same order, and its filters.
    await page.reload()
    await page.waitForSelector('[data-testid=app-shell]')
    const again = page.locator(`${tid('nav-my-views')} button`, { hasText: 'E2E hardware incidents' })
    await again.locator('.nav-tally').filter({ hasText: count }).waitFor()
    await again.click()
    assert.equal(await total(page), filtered)
    assert.deepEqual(await rowNumbers(page), rows)
    assert.equal(await page.inputValue(tid('filter-type')), 'incident')
    await page.locator(tid('more-filters')).filter({ hasText: '(2)' }).waitFor()
    await page.click(tid('more-filters'))
    assert.equal(await page.inputValue(tid('filter-created-from')), '-3650d')
    assert.equal(await page.inputValue(tid('filter-category')), 'Hardware')
    await page.click(tid('more-filters'))
    assert.equal(await page.locator(tid('view-modified')).count(), 0)

    // Narrow it further and save the change; the sidebar's count follows.
    await page.click(tid('filter-priority-3'))
    await page.locator(tid('view-modified')).waitFor()
    await page.click(tid('view-save-changes'))
    await page.locator(tid('view-modified')).waitFor({ state: 'detached' })
    const narrower = (await total(page)).replace(/ tickets?$/, '')
    await again.locator('.nav-tally').filter({ hasText: new RegExp(`^${narrower}$`) }).waitFor()

    // Rename, then delete: the queue falls back to All open.
    await page.click(tid('view-menu'))
    await page.click(tid('view-rename'))
    await page.fill(tid('view-name'), 'E2E P3 hardware')
    await page.click(tid('view-name-submit'))
    await page.locator(`${tid('nav-my-views')} button`, { hasText: 'E2E P3 hardware' }).waitFor()
    await page.click(tid('view-menu'))
    await page.click(tid('view-delete'))
    await page.click(tid('view-delete-confirm'))
    await page.locator(tid('nav-my-views')).waitFor({ state: 'detached' })
    await page.locator(`${tid('nav-all_open')}[aria-current="page"]`).waitFor()
    assert.deepEqual(desk.errors, [])
  })
})
