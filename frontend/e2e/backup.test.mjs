// Export and backup through the real UI (see harness.mjs): export a filtered queue to CSV and
// JSON through the save dialog (the dev build answers it with $OUTPOST_TEST_SAVE_AS) and read
// the files back, the SLA report and the warranty report likewise; back up the desk from Settings → Backup and see the backup listed.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, createTicket, tid } from './desk.mjs'

const work = mkdtempSync(join(tmpdir(), 'outpost-e2e-backup-'))
const saveAs = join(work, 'export.out')

/** total reads the queue's count once it has one. */
async function total(page) {
  await page.waitForFunction((sel) => /^\d/.test(document.querySelector(sel)?.textContent ?? ''), tid('queue-total'))
  return Number((await page.textContent(tid('queue-total'))).replace(/[^\d]/g, ''))
}

/** parseCSV reads simple RFC 4180 CSV (quoted cells, doubled quotes, CRLF). */
function parseCSV(text) {
  const rows = []
  let row = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (c === '"') quoted = false
      else cell += c
    } else if (c === '"') quoted = true
    else if (c === ',') {
      row.push(cell)
      cell = ''
    } else if (c === '\r') continue
    else if (c === '\n') {
      row.push(cell)
      rows.push(row)
      row = []
      cell = ''
    } else cell += c
  }
  if (cell || row.length) rows.push([...row, cell])
  return rows
}

/** exportAs exports from the Export menu whose test id is menu (the queue's by default) and
 * returns the file's text. */
async function exportAs(page, format, menu = 'queue-export') {
  rmSync(saveAs, { force: true })
  await page.click(tid(menu))
  await page.click(tid(`${menu}-${format}`))
  const note = page.locator(tid(`${menu}-note`))
  await note.filter({ hasText: saveAs }).waitFor()
  assert.equal(await note.textContent(), `Exported to ${saveAs}`)
  return readFileSync(saveAs, 'utf8')
}

describe('export and backup', () => {
  let desk
  let page

  before(async () => {
    process.env.OUTPOST_TEST_SAVE_AS = saveAs
    desk = await startDesk()
    page = desk.page
  })

  after(async () => {
    await desk?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  test('export a filtered queue, every page of it, to CSV and JSON and read the files back', async () => {
    await answerWelcome(page, true)
    const formula = '=HYPERLINK("http://evil.example","click")'
    const number = await createTicket(page, { title: formula })
    await page.click(tid('nav-all'))
    await page.selectOption(tid('filter-type'), 'incident')
    await page.waitForFunction(
      (sel) => !document.querySelector(sel)?.textContent?.startsWith('…'),
      tid('queue-total'),
    )
    const incidents = await total(page)
    assert.ok(incidents > 50, `the demo has ${incidents} incidents: more than one page`)

    const csv = await exportAs(page, 'csv')
    assert.ok(csv.startsWith('\ufeffNumber,Type,Title,'), 'UTF-8 BOM and header')
    const rows = parseCSV(csv.slice(1))
    assert.equal(rows.length - 1, incidents, 'every incident, not only the rows on screen')
    assert.ok(rows.slice(1).every((r) => r[1] === 'incident'))
    const mine = rows.find((r) => r[0] === number)
    assert.ok(mine, `${number} is in the file`)
    assert.equal(mine[2], `'${formula}`, 'a formula is escaped')

    const json = JSON.parse(await exportAs(page, 'json'))
    assert.equal(json.tickets.length, incidents)
    assert.equal(json.query.type, 'incident')
    assert.equal(json.tickets.find((t) => t.number === number).title, formula)
  })

  test('export the SLA report and the warranty report, and read them back', async () => {
    await page.click(tid('nav-reports'))
    await page.locator(tid('report-priority')).waitFor()
    const csv = await exportAs(page, 'csv', 'report-export')
    assert.ok(csv.startsWith('\ufeffSection,Name,Met,Breached,Open,Percent met,Count,Hours'), csv.slice(0, 80))
    const rows = parseCSV(csv.slice(1))
    assert.ok(rows.some((r) => r[0] === 'priority' && Number(r[2]) + Number(r[3]) + Number(r[4]) > 0), 'the demo tickets by priority')
    assert.ok(rows.some((r) => r[0] === 'resolve' && r[1] === 'p50'))

    const ends = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)
    await page.click(tid('nav-assets'))
    await page.click(tid('new-asset-button'))
    await page.locator(tid('new-asset-dialog')).waitFor()
    await page.selectOption(tid('new-asset-class'), 'hardware')
    await page.selectOption(tid('asset-field-type'), 'laptop')
    await page.fill(tid('asset-field-name'), '=E2E warranty laptop')
    await page.fill(tid('asset-field-warrantyEnd'), ends)
    await page.click(tid('new-asset-save'))
    await page.locator(tid('new-asset-dialog')).waitFor({ state: 'detached' })
    const tag = await page.locator(tid('asset-tag')).textContent()
    await page.click(tid('asset-back'))
    await page.click(tid('assets-tab-reports'))
    await page.locator(tid(`report-row-${tag}`)).waitFor()
    const json = JSON.parse(await exportAs(page, 'json', 'report-warranties-export'))
    assert.equal(json.report, 'warranties')
    assert.equal(json.days, 30)
    assert.equal(json.assets.find((a) => a.tag === tag)?.warrantyEnd, ends)
    const sheet = parseCSV((await exportAs(page, 'csv', 'report-warranties-export')).slice(1))
    assert.equal(sheet.find((r) => r[0] === tag)?.[3], "'=E2E warranty laptop", 'a formula is escaped')
  })

  test('back up now from Settings and see the backup listed', async () => {
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-backup'))
    await page.locator(tid('backup-empty')).waitFor()
    const where = (await page.textContent(tid('backup-where'))).replace(/^In /, '')
    await page.click(tid('backup-now'))
    await page.locator(tid('backup-note')).filter({ hasText: 'Backed up to' }).waitFor()
    const row = page.locator(tid('backup-row'))
    await row.first().waitFor()
    assert.equal(await row.count(), 1)
    const name = (await page.textContent(tid('backup-note'))).replace('Backed up to ', '')
    assert.match(await row.first().textContent(), new RegExp(name.replace(/\./g, '\\.')))
    assert.match(await row.first().textContent(), /\d+(\.\d+)? (KB|MB|kB|B)/)
    assert.ok(existsSync(join(where, name)), `${join(where, name)} exists`)
    assert.deepEqual(desk.errors, [])
  })
})
