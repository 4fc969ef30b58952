// End-to-end desk habits against the real Go backend (see harness.mjs): Tab and Shift+Tab stay
// inside an open dialog and the focus goes back to the opener; Ctrl+Enter (or Cmd+Enter)
// saves the new ticket, a note, a reply, a transition and a bulk note; "n" opens a ticket of
// the queue's type, and not while typing; Shift+? lists the keys; Print asks Go for the system print dialog, and the page as
// printed is the open ticket alone with its whole conversation and history, nothing clipped.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, tid, waitForState } from './desk.mjs'

/** Where the focus is: the data-testid (or tag) of the focused element, and whether it is in
 * the open dialog. */
const focus = (page, dialog) =>
  page.evaluate((sel) => {
    const el = document.activeElement
    const box = document.querySelector(sel)
    return { id: el?.getAttribute('data-testid') || el?.getAttribute('aria-label') || el?.tagName, inside: !!box && box.contains(el) }
  }, dialog)

describe('desk habits', () => {
  let desk
  let page
  let work
  let printed

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'outpost-habits-'))
    printed = join(work, 'printed.log')
    // The dev build records each print asked for here instead of opening the dialog.
    process.env.OUTPOST_TEST_PRINTED = printed
    desk = await startDesk()
    page = desk.page
    await answerWelcome(page, false)
  })

  after(async () => {
    await desk?.stop()
    delete process.env.OUTPOST_TEST_PRINTED
    if (work) rmSync(work, { recursive: true, force: true })
    assert.deepEqual(desk?.errors ?? [], [])
  })

  test('Tab and Shift+Tab cycle inside the new-ticket dialog and never leave it; Escape gives the focus back', async () => {
    const opener = page.locator(tid('new-ticket-button'))
    await opener.click()
    const dialog = tid('new-ticket-dialog')
    await page.locator(dialog).waitFor()
    assert.deepEqual(await focus(page, dialog), { id: 'nt-title', inside: true })

    const forward = []
    for (let i = 0; i < 45; i++) {
      await page.keyboard.press('Tab')
      const f = await focus(page, dialog)
      assert.ok(f.inside, `Tab ${i + 1} left the dialog for ${f.id}`)
      forward.push(f.id)
    }
    // It went round: past the last control (the Create button, the header's Close) back to
    // the first, more than once.
    assert.ok(forward.filter((id) => id === 'nt-title').length >= 2, `Tab never came back to the title: ${forward.join(' ')}`)
    assert.ok(forward.includes('nt-submit') && forward.includes('nt-tags') && forward.includes('Close'), forward.join(' '))

    const backward = []
    for (let i = 0; i < 45; i++) {
      await page.keyboard.press('Shift+Tab')
      const f = await focus(page, dialog)
      assert.ok(f.inside, `Shift+Tab ${i + 1} left the dialog for ${f.id}`)
      backward.push(f.id)
    }
    assert.ok(backward.filter((id) => id === 'nt-title').length >= 2, `Shift+Tab never came back to the title: ${backward.join(' ')}`)
    // Shift+Tab walks the same ring the other way.
    const ring = forward.slice(0, forward.indexOf('nt-title', 1) + 1)
    const i = backward.indexOf('nt-title')
    assert.deepEqual(backward.slice(i, i + ring.length), [...ring].reverse(), `forward ${ring.join(' ')} / backward ${backward.join(' ')}`)

    await page.keyboard.press('Escape')
    await page.locator(dialog).waitFor({ state: 'detached' })
    assert.equal(await opener.evaluate((el) => el === document.activeElement), true)
  })

  test('Ctrl+Enter creates the ticket from its description, then adds a note and Cmd+Enter a reply', async () => {
    await page.click(tid('new-ticket-button'))
    await page.locator(tid('new-ticket-dialog')).waitFor()
    await page.fill(tid('nt-title'), 'Printer on floor 3 jams on every job')
    await page.fill(tid('nt-description'), 'Paper tray 2 grinds.\nStarted this morning.')
    await page.locator(tid('nt-description')).press('Control+Enter')
    await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })
    const pane = page.locator(`${tid('ticket-pane')}[data-number]`)
    await pane.waitFor()
    assert.match(await pane.getAttribute('data-number'), /^INC\d+$/)
    assert.equal(await page.inputValue(tid('ticket-title')), 'Printer on floor 3 jams on every job')

    const body = page.locator(tid('composer-body'))
    await body.fill('Checked the rollers: worn out, replacement ordered.')
    await body.press('Control+Enter')
    await page.locator(`${tid('timeline-note')}:has-text("Checked the rollers: worn out")`).waitFor()
    await page.locator(`${tid('composer-body')}:text-is("")`).waitFor()
    assert.equal(await page.locator(tid('timeline-note')).count(), 1)

    await page.click(tid('composer-kind-reply'))
    await body.fill('A technician will swap the rollers this afternoon.')
    await body.press('Meta+Enter')
    await page.locator(`${tid('timeline-reply')}:has-text("swap the rollers this afternoon")`).waitFor()
    assert.equal(await page.locator(tid('timeline-reply')).count(), 1)
  })

  test('Ctrl+Enter submits a transition dialog', async () => {
    await page.click(tid('transition-on_hold'))
    await page.locator(tid('transition-dialog')).waitFor()
    await page.selectOption(tid('tr-hold-reason'), 'awaiting_vendor')
    await page.locator(tid('tr-hold-reason')).press('Control+Enter')
    await page.locator(tid('transition-dialog')).waitFor({ state: 'detached' })
    await waitForState(page, 'on_hold')
  })

  test('"n" on Requests opens a new request, on Incidents a new incident, and types in a text field', async () => {
    await page.click(tid('ticket-close'))
    await page.click(tid('nav-requests'))
    await page.keyboard.press('n')
    await page.locator(tid('new-ticket-dialog')).waitFor()
    assert.equal(await page.isChecked(tid('nt-type-request')), true)
    // The key that opened it is not typed into the title.
    assert.equal(await page.inputValue(tid('nt-title')), '')
    await page.keyboard.press('Escape')
    await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })

    await page.click(tid('nav-incidents'))
    await page.keyboard.press('n')
    await page.locator(tid('new-ticket-dialog')).waitFor()
    assert.equal(await page.isChecked(tid('nt-type-incident')), true)
    await page.keyboard.press('Escape')
    await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })

    // In the search box "n" is a letter.
    await page.click(tid('search-input'))
    await page.keyboard.type('n')
    assert.equal(await page.inputValue(tid('search-input')), 'n')
    assert.equal(await page.locator(tid('new-ticket-dialog')).count(), 0)
    await page.fill(tid('search-input'), '')
  })

  test('Ctrl+Enter sends the bulk dialog; Shift+? lists the keys, Ctrl+Enter among them', async () => {
    await page.click(tid('nav-all_open'))
    await page.locator(tid('pick-row')).first().click()
    await page.click(tid('bulk-note'))
    const dialog = page.locator(tid('bulk-dialog'))
    await dialog.waitFor()
    // The bar's button and the dialog's text area share the test id.
    const note = dialog.locator(`textarea${tid('bulk-note')}`)
    await note.fill('Vendor called back: parts arrive Monday.')
    await note.press('Control+Enter')
    await dialog.waitFor({ state: 'detached' })
    const result = page.locator(tid('bulk-result'))
    await result.waitFor()
    assert.equal(await result.getAttribute('data-done'), '1')
    await page.click(tid('bulk-result-close'))

    await page.locator(tid('queue-total')).click()
    await page.keyboard.press('Shift+?')
    const keys = page.locator(tid('shortcuts-dialog'))
    await keys.waitFor()
    const combos = await keys.locator(tid('shortcut')).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-combo')))
    for (const c of ['n', 'mod+enter', 'mod+p', 'mod+k', 'escape']) assert.ok(combos.includes(c), `${c} is not listed: ${combos}`)
    assert.match(await keys.textContent(), /Ctrl\+Enter/)
    await page.keyboard.press('Escape')
    await keys.waitFor({ state: 'detached' })
  })

  test('Print asks for the system print dialog; printed, the page is the ticket with its whole conversation and history', async () => {
    await page.click(tid('nav-all_open'))
    await page.locator(tid('queue-row')).first().click()
    const pane = page.locator(`${tid('ticket-pane')}[data-number]`)
    await pane.waitFor()
    // A conversation longer than the pane's scroll box, so clipping would lose some of it.
    const body = page.locator(tid('composer-body'))
    await page.click(tid('composer-kind-note'))
    for (let i = 1; i <= 12; i++) {
      await body.fill(`Follow-up ${i}: checked the tray and the fuser again, no change yet.`)
      await body.press('Control+Enter')
      await page.locator(`${tid('timeline-note')}:has-text("Follow-up ${i}:")`).waitFor()
    }
    // Field changes hidden on screen are still printed.
    await page.uncheck(tid('timeline-audit-toggle'))
    assert.equal(await page.locator(tid('timeline-audit')).first().isVisible(), false)

    await page.click(tid('ticket-print'))
    // Go was asked for the print dialog (recorded by the dev build): wait for the record.
    for (let i = 0; !(existsSync(printed) && readFileSync(printed, 'utf8').includes('print')); i++) {
      if (i > 600) throw new Error('Print never reached Go')
      await page.waitForTimeout(100)
    }
    assert.equal(readFileSync(printed, 'utf8'), 'print\n')

    await page.emulateMedia({ media: 'print' })
    try {
      // The shell is gone, the ticket is there whole.
      for (const hidden of ['sidebar', 'topbar', 'main']) {
        assert.equal(await page.locator(`.${hidden}`).isVisible(), false, `.${hidden} prints`)
      }
      assert.equal(await page.locator('.transitions').isVisible(), false, 'the state buttons print')
      for (const hidden of ['composer', 'ticket-print', 'ticket-close', 'ticket-title', 'timeline-audit-toggle']) {
        assert.equal(await page.locator(tid(hidden)).isVisible(), false, `${hidden} prints`)
      }
      assert.match(await page.textContent(tid('print-title')), /^INC\d+ · Printer on floor 3 jams on every job$/)
      assert.equal(await page.locator(tid('print-title')).isVisible(), true)
      assert.equal(await page.locator(tid('ticket-description')).isVisible(), true)
      assert.equal(await page.locator('.fields').isVisible(), true)
      const texts = [
        'Checked the rollers: worn out, replacement ordered.',
        'A technician will swap the rollers this afternoon.',
        'Vendor called back: parts arrive Monday.',
        'Follow-up 1:',
        'Follow-up 12:',
      ]
      for (const text of texts) {
        assert.equal(await page.locator(`${tid('timeline')} :text("${text}")`).first().isVisible(), true, `${text} does not print`)
      }
      const audit = page.locator(tid('timeline-audit'))
      assert.ok((await audit.count()) >= 2)
      for (const a of await audit.all()) assert.equal(await a.isVisible(), true, `${await a.textContent()} does not print`)
      assert.match((await audit.allTextContents()).join('\n'), /changed state from .+ to On hold/i)

      // No scroll box: the pane's body is as tall as what it holds, and the page is taller
      // than the window, so the print runs over pages instead of being cut at the window.
      const box = await page.evaluate(() => {
        const b = document.querySelector('.pane-body')
        return { scroll: b.scrollHeight, client: b.clientHeight, overflow: getComputedStyle(b).overflowY, doc: document.documentElement.scrollHeight }
      })
      assert.equal(box.overflow, 'visible')
      assert.ok(box.scroll <= box.client + 1, JSON.stringify(box))
      assert.ok(box.doc > 860, JSON.stringify(box))

      const pdf = await page.pdf({ format: 'A4', printBackground: true })
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-')
      const pages = Number(/\/Type\s*\/Pages[\s\S]*?\/Count\s+(\d+)/.exec(pdf.toString('latin1'))?.[1] ?? 0)
      assert.ok(pages >= 2, `the printed ticket has ${pages} page(s)`)
    } finally {
      await page.emulateMedia({ media: null })
    }
  })
})
