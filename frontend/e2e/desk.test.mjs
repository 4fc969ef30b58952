// End-to-end tests against the real Go backend (see harness.mjs). Run: npm run test:e2e
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, createTicket, showNewestFirst, tid, transition, waitForState } from './desk.mjs'

describe('desk', () => {
  let desk
  let page

  before(async () => {
    desk = await startDesk()
    page = desk.page
  })

  after(async () => {
    await desk?.stop()
  })

  test('first start offers the demo desk and shows it in the queue', async () => {
    await answerWelcome(page, true)
    const total = await page.textContent(tid('queue-total'))
    assert.match(total ?? '', /^\d[\d,.\u00a0 ]* tickets$/)
    assert.ok((await page.locator(tid('queue-row')).count()) > 0)
  })

  test('an incident goes through its whole life, and a refused move shows why', async () => {
    const title = `E2E printer jam ${Date.now()}`
    const number = await createTicket(page, { title, impact: '2', urgency: '1' })
    assert.match(number ?? '', /^INC\d+$/)
    await waitForState(page, 'new')
    assert.equal(await page.textContent(`${tid('ticket-pane')} ${tid('priority-chip')}`), 'P2')

    // It is in the queue.
    await page.click(tid('nav-incidents'))
    await showNewestFirst(page)
    const row = page.locator(`${tid('queue-row')}[data-number="${number}"]`)
    await row.waitFor()
    assert.ok((await row.textContent()).includes(title))
    await row.click()
    await page.locator(`${tid('ticket-pane')}[data-number="${number}"]`).waitFor()

    // Assign it: a group, then one of that group's members.
    await page.selectOption(tid('field-group'), { index: 1 })
    await page.waitForFunction((sel) => document.querySelector(sel)?.value !== '', tid('field-group'))
    await page.locator(`${tid('field-assignee')} option:nth-child(2)`).waitFor({ state: 'attached' })
    const assignee = await page.locator(`${tid('field-assignee')} option:nth-child(2)`).textContent()
    await page.selectOption(tid('field-assignee'), { index: 1 })
    await page.waitForFunction((sel) => document.querySelector(sel)?.value !== '', tid('field-assignee'))
    await page.locator(`${tid('queue-row')}[data-number="${number}"]:has-text("${assignee}")`).waitFor()

    await transition(page, 'on_hold', { holdReason: 'awaiting_vendor' })
    await transition(page, 'in_progress') // resume needs nothing

    // Resolving without a code or notes is refused by Go; the dialog shows each field's message.
    await page.click(tid('transition-resolved'))
    await page.locator(tid('transition-dialog')).waitFor()
    await page.click(tid('tr-submit'))
    const banner = page.locator(`${tid('transition-dialog')} ${tid('error-banner')}`)
    await banner.waitFor()
    assert.match(await banner.textContent(), /resolution/i)
    const fieldErrors = await page.locator(`${tid('transition-dialog')} .field-error`).allTextContents()
    assert.deepEqual(fieldErrors.sort(), ['choose a resolution code', 'say how it was resolved'])
    // What was typed stays after a refusal.
    await page.fill(tid('tr-resolution-notes'), 'Replaced the fuser unit.')
    await page.click(tid('tr-submit'))
    await page.locator(`${tid('transition-dialog')} .field-error`).first().waitFor()
    assert.equal(await page.inputValue(tid('tr-resolution-notes')), 'Replaced the fuser unit.')
    await page.selectOption(tid('tr-resolution-code'), 'solved_permanently')
    await page.click(tid('tr-submit'))
    await page.locator(tid('transition-dialog')).waitFor({ state: 'detached' })
    await waitForState(page, 'resolved')
    assert.match(await page.textContent(tid('resolution')), /Replaced the fuser unit/)

    // Reopening asks why; an empty reason is refused.
    await page.click(tid('transition-in_progress'))
    await page.locator(tid('transition-dialog')).waitFor()
    await page.click(tid('tr-submit'))
    await page.locator(`${tid('transition-dialog')} .field-error`).waitFor()
    assert.match(await page.textContent(`${tid('transition-dialog')} .field-error`), /reopened/)
    await page.fill(tid('tr-reason'), 'The jam is back.')
    await page.click(tid('tr-submit'))
    await page.locator(tid('transition-dialog')).waitFor({ state: 'detached' })
    await waitForState(page, 'in_progress')

    await transition(page, 'resolved', { resolutionCode: 'solved_workaround', resolutionNotes: 'Cleared it again.' })
    await transition(page, 'closed')
    // A closed ticket offers no more moves and no edits.
    assert.equal(await page.locator('[data-testid^="transition-"]').count(), 0)
    assert.ok(await page.locator(tid('field-impact')).isDisabled())

    // The audit trail recorded every state change.
    const audit = await page.locator(tid('timeline-audit')).allTextContents()
    for (const s of ['to On hold', 'to In progress', 'to Resolved', 'to Closed']) {
      assert.ok(audit.some((a) => a.includes(s)), `audit lacks "${s}": ${audit.join(' | ')}`)
    }
    assert.deepEqual(desk.errors, [])
  })

  test('the new-ticket form keeps what was typed and names the field Go refused', async () => {
    await page.click(tid('new-ticket-button'))
    await page.locator(tid('new-ticket-dialog')).waitFor()
    await page.fill(tid('nt-title'), '')
    await page.fill(tid('nt-description'), 'Laptop will not boot')
    await page.click(tid('nt-submit'))
    await page.locator(`${tid('new-ticket-dialog')} ${tid('error-banner')}`).waitFor()
    assert.match(await page.textContent(`${tid('new-ticket-dialog')} .field-error`), /title is required/)
    assert.equal(await page.inputValue(tid('nt-description')), 'Laptop will not boot')
    await page.keyboard.press('Escape')
    await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })
  })

  test('the keyboard drives the desk: j/k, Enter, /, n, Esc and the palette', async () => {
    await page.click(tid('nav-all_open'))
    await page.locator(tid('queue-row')).nth(2).waitFor()
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    await page.keyboard.press('k')
    const selected = page.locator(`${tid('queue-row')}[aria-selected=true]`)
    assert.equal(await selected.getAttribute('data-index'), '1')
    const number = await selected.getAttribute('data-number')
    await page.keyboard.press('Enter')
    await page.locator(`${tid('ticket-pane')}[data-number="${number}"]`).waitFor()
    await page.locator('body').click({ position: { x: 5, y: 5 } })
    await page.keyboard.press('Escape')
    await page.locator(tid('ticket-pane')).waitFor({ state: 'detached' })

    await page.keyboard.press('/')
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'search-input')
    await page.keyboard.press('Escape')
    await page.keyboard.press('n')
    await page.locator(tid('new-ticket-dialog')).waitFor()
    await page.keyboard.press('Escape')
    await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })

    await page.keyboard.press('Control+k')
    await page.locator(tid('palette')).waitFor()
    await page.keyboard.type(number)
    await page.keyboard.press('Enter')
    await page.locator(`${tid('ticket-pane')}[data-number="${number}"]`).waitFor()
    assert.deepEqual(desk.errors, [])
  })

  test('markup in a description or a comment stays inert', async () => {
    const number = await createTicket(page, { title: 'Inert markup check', description: '<img src=x onerror=alert(1)>' })
    await page.click(tid('composer-kind-reply'))
    await page.fill(tid('composer-body'), '**bold** text\n\n<script>window.__pwned = 1; alert(2)</script>\n\n<img src=x onerror=alert(3)>')
    await page.click(tid('composer-submit'))
    const reply = page.locator(tid('timeline-reply')).last()
    await reply.waitFor()
    const pane = page.locator(tid('ticket-pane'))
    assert.equal(await pane.locator('img').count(), 0)
    assert.equal(await pane.locator('script').count(), 0)
    assert.equal(await reply.locator('strong').textContent(), 'bold')
    assert.equal(await page.evaluate(() => window.__pwned), undefined)
    // What the person typed shows as text, never as markup.
    assert.match(await page.locator(tid('ticket-description')).textContent(), /<img src=x onerror=alert\(1\)>/)
    assert.match(await reply.textContent(), /<script>window.__pwned = 1; alert\(2\)<\/script>/)
    // The raw text is still there in the editor, and in search snippets.
    await page.click(tid('description-edit'))
    assert.equal(await page.inputValue(tid('description-input')), '<img src=x onerror=alert(1)>')
    await page.fill(tid('search-input'), 'onerror')
    const hit = page.locator(`${tid('search-result')}[data-number="${number}"]`)
    await hit.waitFor()
    assert.match(await hit.locator('.hit-snippet').textContent(), /<img src=x onerror=alert\(1\)>/)
    assert.equal(await hit.locator('img').count(), 0)
    assert.equal(await hit.locator('mark').count(), 1)
    assert.deepEqual(desk.errors, [])
  })
})
