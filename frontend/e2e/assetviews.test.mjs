// Saved views of the asset list through the real UI against the real Go backend: filter and
// sort the list, save it as a view (Go refuses a name too long beside the field, keeping what
// was typed), reload, reopen the view and find the same filtered list.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, registerAsset, tid } from './desk.mjs'

/** listed waits for the list to count n assets and returns the tags of its rows in order. */
async function listed(page, n) {
  await page.locator(tid('assets-count')).filter({ hasText: new RegExp(`^${n} assets?$`) }).waitFor()
  await page.waitForFunction(
    ([sel, want]) => document.querySelectorAll(sel).length === want,
    [`${tid('assets-table')} tbody tr[data-testid^="asset-row-"]`, n],
  )
  return page
    .locator(`${tid('assets-table')} tbody tr[data-testid^="asset-row-"]`)
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid').replace('asset-row-', '')))
}

describe('asset views', () => {
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

  test('save a filtered asset list as a view, and reopen it after a reload', async () => {
    const zed = await registerAsset(page, { cls: 'hardware', type: 'laptop', name: 'zed-laptop' })
    const amy = await registerAsset(page, { cls: 'hardware', type: 'laptop', name: 'amy-laptop' })
    await registerAsset(page, { cls: 'hardware', type: 'server', name: 'db-01' })
    await registerAsset(page, { cls: 'service', name: 'Payroll' })

    await page.click(tid('nav-assets'))
    await listed(page, 4)
    // Hardware laptops, by name from Z to A.
    await page.selectOption(tid('assets-filter-class'), 'hardware')
    await page.selectOption(tid('assets-filter-type'), 'laptop')
    await page.click(tid('assets-sort-name'))
    await page.click(tid('assets-sort-name'))
    await page.locator(`th[aria-sort="descending"] ${tid('assets-sort-name')}`).waitFor()
    assert.deepEqual(await listed(page, 2), [zed, amy])

    // A name too long: Go says so beside the field, and what was typed stays.
    await page.click(tid('asset-view-save'))
    await page.locator(tid('asset-view-dialog')).waitFor()
    const long = 'Laptops '.repeat(8)
    await page.fill(tid('asset-view-name'), long)
    await page.click(tid('asset-view-submit'))
    const fieldError = page.locator(`${tid('asset-view-dialog')} .field-error`)
    await fieldError.waitFor()
    assert.match(await fieldError.textContent(), /at most 60 characters/)
    assert.equal(await page.inputValue(tid('asset-view-name')), long)
    await page.fill(tid('asset-view-name'), 'E2E laptops')
    await page.click(tid('asset-view-submit'))
    await page.locator(tid('asset-view-dialog')).waitFor({ state: 'detached' })
    await page.locator(`${tid('asset-view')}[data-name="E2E laptops"][aria-pressed="true"]`).waitFor()

    // After a reload the list starts whole; the view brings back its filters and sort.
    await page.reload()
    await page.waitForSelector('[data-testid=app-shell]')
    await page.click(tid('nav-assets'))
    await listed(page, 4)
    await page.click(`${tid('asset-view')}[data-name="E2E laptops"]`)
    assert.deepEqual(await listed(page, 2), [zed, amy])
    assert.equal(await page.inputValue(tid('assets-filter-class')), 'hardware')
    assert.equal(await page.inputValue(tid('assets-filter-type')), 'laptop')
    await page.locator(`th[aria-sort="descending"] ${tid('assets-sort-name')}`).waitFor()
    assert.equal(await page.locator(tid('asset-view-modified')).count(), 0)

    // Narrowed further, it says so; rename, then delete: the list is whole again.
    await page.fill(tid('assets-filter-text'), 'amy')
    await page.locator(tid('asset-view-modified')).waitFor()
    assert.deepEqual(await listed(page, 1), [amy])
    await page.click(tid('asset-view-menu'))
    await page.click(tid('asset-view-rename'))
    await page.fill(tid('asset-view-name'), 'E2E all laptops')
    await page.click(tid('asset-view-submit'))
    await page.locator(`${tid('asset-view')}[data-name="E2E all laptops"][aria-pressed="true"]`).waitFor()
    await page.click(tid('asset-view-menu'))
    await page.click(tid('asset-view-delete'))
    await page.click(tid('asset-view-delete-confirm'))
    await page.locator(tid('asset-view')).waitFor({ state: 'detached' })
    await listed(page, 4)
  })
})
