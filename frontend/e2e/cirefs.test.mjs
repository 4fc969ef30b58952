// A ticket's CI is a reference, and the asset list exports (see harness.mjs): register a
// server and an application that runs on it, log a ticket and link the application from the
// ticket's page with the searchable picker, open the server and see the ticket in its impact
// (the application depends on the server); then export the asset list to CSV and JSON through
// the save dialog (the dev build answers it with $OUTPOST_TEST_SAVE_AS) and read the files
// back, a name that looks like a formula escaped in the CSV.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, registerAsset, tid } from './desk.mjs'

const work = mkdtempSync(join(tmpdir(), 'outpost-e2e-cirefs-'))
const saveAs = join(work, 'assets.out')

/** exportAs exports the asset list on screen and returns the file's text. */
async function exportAs(page, format) {
  rmSync(saveAs, { force: true })
  await page.click(tid('assets-export'))
  await page.click(tid(`assets-export-${format}`))
  const note = page.locator(tid('assets-export-note'))
  await note.filter({ hasText: saveAs }).waitFor()
  assert.equal(await note.textContent(), `Exported to ${saveAs}`)
  return readFileSync(saveAs, 'utf8')
}

describe('ticket CIs and the asset export', () => {
  let desk
  let page
  let serverTag
  let appTag
  let ticketNumber

  before(async () => {
    process.env.OUTPOST_TEST_SAVE_AS = saveAs
    desk = await startDesk()
    page = desk.page
    await answerWelcome(page, false)
  })

  after(async () => {
    await desk?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  test('register a server and an application that runs on it', async () => {
    serverTag = await registerAsset(page, { cls: 'hardware', type: 'server', name: 'app-01' })
    appTag = await registerAsset(page, { cls: 'software', name: '=Ledger' })
    await page.selectOption(tid('relate-type'), 'runs_on')
    await page.fill(tid('relate-find'), 'app-01')
    await page.locator(`${tid('relate-target')} option:has-text("${serverTag} app-01")`).waitFor({ state: 'attached' })
    await page.selectOption(tid('relate-target'), { label: `${serverTag} app-01` })
    await page.click(tid('relate-add'))
    await page.locator(tid(`asset-link-${serverTag}`)).waitFor()
  })

  test("link the application on a ticket's page with the picker", async () => {
    await page.click(tid('new-ticket-button'))
    await page.locator(tid('new-ticket-dialog')).waitFor()
    await page.check(tid('nt-type-incident'))
    await page.fill(tid('nt-title'), 'Ledger will not post')
    await page.click(tid('nt-submit'))
    await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })
    const pane = page.locator(`${tid('ticket-pane')}[data-number]`)
    await pane.waitFor()
    ticketNumber = await pane.getAttribute('data-number')
    // Search by part of the tag; the list offers the CIs that match.
    await pane.locator(tid('field-ci-search')).fill(appTag.slice(0, 6))
    await pane.locator(`${tid('field-ci-option')}:has-text("${appTag} · =Ledger")`).click()
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel)?.value === want,
      [`${tid('ticket-pane')} ${tid('field-ci-search')}`, `${appTag} · =Ledger`],
    )
    // The ticket reads the link back from Go once the picker is left.
    await pane.locator(tid('field-ci-search')).blur()
    await page.keyboard.press('Escape')
    await pane.waitFor({ state: 'detached' })
  })

  test("the server's impact shows the ticket about the application that runs on it", async () => {
    await page.click(tid('nav-assets'))
    await page.click(tid(`asset-row-${serverTag}`))
    await page.locator(`${tid('asset-tag')}:text-is("${serverTag}")`).waitFor()
    const tickets = page.locator(`${tid('asset-impact')} ${tid('impact-tickets')}`)
    await tickets.locator(`:text("${ticketNumber}")`).waitFor()
    assert.match(await tickets.textContent(), new RegExp(`Ledger will not post.*on ${appTag}`))
    await page.click(tid('asset-back'))
  })

  test('export the asset list to CSV and JSON and read the files back', async () => {
    await page.locator(tid(`asset-row-${appTag}`)).waitFor()
    const csv = await exportAs(page, 'csv')
    assert.ok(csv.startsWith('\ufeff'), 'the CSV starts with a byte-order mark')
    const lines = csv.slice(1).trimEnd().split('\r\n')
    assert.equal(lines[0], 'Tag,Class,Type,Name,Status,Owner,Location,Serial,Model,Manufacturer,Purchase date,Cost,Warranty end,Updated')
    assert.equal(lines.length, 3)
    const app = lines.find((l) => l.startsWith(appTag))
    assert.ok(app, `no row for ${appTag} in ${csv}`)
    assert.equal(app.split(',')[3], "'=Ledger", 'a name that looks like a formula is escaped')

    const json = JSON.parse(await exportAs(page, 'json'))
    assert.equal(json.name, 'assets')
    assert.deepEqual(json.assets.map((a) => a.tag).sort(), [serverTag, appTag].sort())
    assert.equal(json.assets.find((a) => a.tag === appTag).name, '=Ledger', 'JSON keeps the text as typed')
  })
})
