// CSV import through the real UI (see harness.mjs): Settings → Import, choose a file (the dev
// build's open dialog answers with $OUTPOST_TEST_OPEN_FILE), correct the guessed mapping and a
// value map, import a file with two bad rows and see nothing imported and the two refusals;
// then skip refused rows and find the good rows in the queue.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, tester, tid } from './desk.mjs'

const work = mkdtempSync(join(tmpdir(), 'outpost-e2e-import-'))
const file = join(work, 'tickets.csv')

// Line 4 names nobody the desk knows; line 6 has no title.
const csv = [
  'Summary,Caller,Status,Notes',
  `Printer jams on floor 2,${tester.email},Open,Paper tray 3`,
  `VPN drops every hour,${tester.name},Active,Since Monday`,
  'Laptop fan loud,ghost@example.com,Open,',
  `Shared drive full,${tester.email},Parked,Quota 95%`,
  `,${tester.email},Open,No title here`,
].join('\r\n')

describe('CSV import', () => {
  let desk
  let page

  before(async () => {
    writeFileSync(file, csv + '\r\n')
    process.env.OUTPOST_TEST_OPEN_FILE = file
    desk = await startDesk()
    page = desk.page
  })

  after(async () => {
    await desk?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  test('a file with two bad rows imports nothing and reports them; skipping them imports the rest', async () => {
    await answerWelcome(page, false)
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-import'))
    await page.selectOption(tid('import-kind'), 'ticket')
    await page.click(tid('import-choose'))
    await page.locator(tid('import-preview')).waitFor()
    assert.equal(await page.textContent(tid('import-file')), file)
    assert.equal(await page.locator(tid('import-preview-row')).count(), 5)
    assert.match(await page.textContent(tid('import-summary')), /^5 rows, utf-8, separated by comma/)

    const column = (name) => page.locator(`${tid('import-column')}[data-column="${name}"]`)
    assert.equal(await column('Summary').inputValue(), 'title')
    assert.equal(await column('Caller').inputValue(), 'requesterId')
    assert.equal(await column('Status').inputValue(), 'state')
    assert.equal(await column('Notes').inputValue(), '', 'Notes is not guessed')
    await column('Notes').selectOption('description')
    await page.waitForFunction((sel) => document.querySelector(sel)?.value === 'description', `${tid('import-column')}[data-column="Notes"]`)

    // People are matched as the import will match them: by email or name, or nobody.
    const match = (v) => page.textContent(`${tid('import-values')}[data-column="Caller"] ${tid('import-match')}[data-value="${v}"]`)
    assert.equal(await match(tester.name), `→ ${tester.name} <${tester.email}>`)
    assert.equal(await match('ghost@example.com'), 'nobody here: refused')

    // The states: Open and Active are guessed, Parked is not until it is mapped here.
    const value = (v) => page.locator(`${tid('import-values')}[data-column="Status"] ${tid('import-value')}[data-value="${v}"]`)
    assert.equal(await value('Open').inputValue(), 'new')
    assert.equal(await value('Active').inputValue(), 'in_progress')
    assert.equal(await value('Parked').inputValue(), '')
    await value('Parked').selectOption('in_progress')

    await page.click(tid('import-run'))
    await page.locator(tid('import-report')).waitFor()
    assert.equal(await page.textContent(tid('import-imported')), 'Imported nothing: 2 of 5 rows were refused.')
    const refused = page.locator(tid('import-refused-row'))
    assert.equal(await refused.count(), 2)
    const rows = await refused.allTextContents()
    assert.match(rows[0], /^4Callerno person with the email or name "ghost@example.com"/)
    assert.match(rows[1], /^6Summary/)
    // The mapping stays as the person left it, to be corrected or imported again.
    assert.equal(await column('Notes').inputValue(), 'description')
    assert.equal(await value('Parked').inputValue(), 'in_progress')

    await page.check(tid('import-skip'))
    await page.click(tid('import-run'))
    await page.locator(tid('import-imported')).filter({ hasText: 'Imported 3 of 5 rows.' }).waitFor()
    assert.equal(await page.locator(tid('import-refused-row')).count(), 2)

    await page.click(tid('nav-all'))
    for (const title of ['Printer jams on floor 2', 'VPN drops every hour', 'Shared drive full']) {
      await page.locator(tid('queue-row')).filter({ hasText: title }).first().waitFor()
    }
    assert.equal(await page.locator(tid('queue-row')).filter({ hasText: 'Laptop fan loud' }).count(), 0)
    assert.deepEqual(desk.errors, [])
  })
})
