// The desktop window against hostile or unlucky input: links in tickets, saving attachments,
// half-typed comments, and what staff write versus what the requester sees. Real Go backend,
// real UI (see harness.mjs); the dev build's desktop records what would open in the system
// browser and answers the save dialog with a fixed path (desktop_dev.go).
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, createTicket, tid } from './desk.mjs'

const work = mkdtempSync(join(tmpdir(), 'outpost-e2e-window-'))
const openedLog = join(work, 'opened.txt')
const saveAs = join(work, 'router.conf')

/** opened lists the URLs the app asked the system browser to open. */
const opened = () => (existsSync(openedLog) ? readFileSync(openedLog, 'utf8').split('\n').filter(Boolean) : [])

/** openByNumber opens a ticket through the command palette. */
async function openByNumber(page, number) {
  await page.locator('body').click({ position: { x: 5, y: 5 } })
  await page.keyboard.press('Control+k')
  await page.locator(tid('palette')).waitFor()
  await page.keyboard.type(number)
  await page.keyboard.press('Enter')
  await page.locator(`${tid('ticket-pane')}[data-number="${number}"]`).waitFor()
}

/** switchTo acts as the user with this id, whose role the user menu then shows. */
async function switchTo(page, id, role) {
  await page.click(tid('user-menu'))
  await page.click(tid(`switch-user-${id}`))
  await page.locator(`${tid('user-menu')}:has-text("${role}")`).waitFor()
}

describe('desk window', () => {
  let desk
  let page
  let number

  before(async () => {
    process.env.OUTPOST_TEST_OPENED = openedLog
    process.env.OUTPOST_TEST_SAVE_AS = saveAs
    desk = await startDesk()
    page = desk.page
    await answerWelcome(page, true)
  })

  after(async () => {
    await desk?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  test('a link in a ticket opens in the system browser after showing its full address, never in the window', async () => {
    const kb = 'https://vendor.example/kb/42?case=7&lang=en#fix'
    number = await createTicket(page, { title: 'Printer firmware', description: `See [the vendor's fix](${kb}) first.` })
    const start = page.url()
    const link = page.locator(`${tid('ticket-description')} a`)
    await link.click()
    const dialog = page.locator(tid('link-dialog'))
    await dialog.waitFor()
    // The full address, not the link's text.
    assert.equal(await page.textContent(tid('link-url')), kb)
    assert.equal(page.url(), start)
    await page.click(tid('link-cancel'))
    await dialog.waitFor({ state: 'detached' })
    assert.deepEqual(opened(), [])

    await link.click()
    await dialog.waitFor()
    await page.click(tid('link-open'))
    await dialog.waitFor({ state: 'detached' })
    assert.deepEqual(opened(), [kb])

    // A link in a comment goes the same way.
    await page.fill(tid('composer-body'), 'Wiki: <http://intranet.example/wiki/printers>')
    await page.click(tid('composer-submit'))
    const note = page.locator(tid('timeline-note')).last()
    await note.locator('a').waitFor()
    await note.locator('a').click()
    await dialog.waitFor()
    assert.equal(await page.textContent(tid('link-url')), 'http://intranet.example/wiki/printers')
    await page.click(tid('link-open'))
    await dialog.waitFor({ state: 'detached' })
    assert.deepEqual(opened(), [kb, 'http://intranet.example/wiki/printers'])

    // Any other link or form navigates nowhere, and is not offered.
    await page.evaluate(() => {
      const a = document.createElement('a')
      a.href = 'https://elsewhere.example/'
      a.textContent = 'stray link'
      a.dataset.testid = 'stray-link'
      const f = document.createElement('form')
      f.action = 'https://elsewhere.example/post'
      f.dataset.testid = 'stray-form'
      const b = document.createElement('button')
      b.textContent = 'stray submit'
      b.dataset.testid = 'stray-submit'
      f.append(b)
      document.body.append(a, f)
    })
    await page.click(tid('stray-link'))
    await page.click(tid('stray-submit'))
    assert.equal(page.url(), start)
    assert.equal(await page.locator(tid('link-dialog')).count(), 0)
    await page.locator(tid('app-shell')).waitFor()
    await page.evaluate(() => document.querySelectorAll('[data-testid^=stray-]').forEach((e) => e.remove()))
    assert.deepEqual(opened(), [kb, 'http://intranet.example/wiki/printers'])
    assert.deepEqual(desk.errors, [])
  })

  test('an attachment is saved where the person chose, and an existing file is replaced only on a yes', async () => {
    await page.uncheck(tid('attach-internal'))
    await page.setInputFiles(tid('attach-input'), { name: 'router.conf', mimeType: 'text/plain', buffer: Buffer.from('hostname r1\n') })
    const file = page.locator(`${tid('timeline-attachment')}:has-text("router.conf")`)
    await file.waitFor()
    await file.locator(tid('attachment-download')).click()
    const saved = page.locator(tid('attachment-saved'))
    await saved.waitFor()
    assert.equal(await saved.getAttribute('data-path'), saveAs)
    assert.match(await saved.textContent(), new RegExp(`Saved router.conf to ${saveAs.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`))
    assert.equal(readFileSync(saveAs, 'utf8'), 'hostname r1\n')

    // The person's own file of that name is not overwritten without asking.
    writeFileSync(saveAs, 'my own edits\n')
    await saved.locator('button').click()
    await file.locator(tid('attachment-download')).click()
    const ask = page.locator(tid('replace-dialog'))
    await ask.waitFor()
    assert.match(await ask.textContent(), new RegExp(saveAs.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
    await page.click(tid('replace-cancel'))
    await ask.waitFor({ state: 'detached' })
    assert.equal(readFileSync(saveAs, 'utf8'), 'my own edits\n')
    assert.equal(await saved.count(), 0)

    await file.locator(tid('attachment-download')).click()
    await ask.waitFor()
    await page.click(tid('replace-confirm'))
    await saved.waitFor()
    assert.equal(readFileSync(saveAs, 'utf8'), 'hostname r1\n')
    assert.deepEqual(desk.errors, [])
  })

  test('a half-typed note or reply survives opening another ticket and a reload; discarding asks; sending clears', async () => {
    const composer = page.locator(tid('composer'))
    const body = page.locator(tid('composer-body'))
    await body.fill('Half-typed: the toner is fine, checking the fuser')
    await page.click(tid('composer-kind-reply'))
    await body.fill('Dear requester, we are')
    await createTicket(page, { title: 'Another ticket meanwhile' })
    const otherPane = page.locator(`${tid('ticket-pane')}[data-number]:not([data-number="${number}"])`)
    await otherPane.waitFor()
    const other = await otherPane.getAttribute('data-number')
    assert.equal(await body.inputValue(), '')

    await openByNumber(page, number)
    // A work note is the default again, and its draft is back.
    assert.equal(await composer.getAttribute('data-kind'), 'note')
    assert.equal(await body.inputValue(), 'Half-typed: the toner is fine, checking the fuser')
    await page.click(tid('composer-kind-reply'))
    assert.equal(await body.inputValue(), 'Dear requester, we are')

    // After a reload (as after a restart) the draft comes back from the profile.
    await page.click(tid('composer-kind-note'))
    await body.fill('Half-typed: the toner is fine, the fuser is worn')
    await page.locator(`${tid('composer')}[data-draft=saved]`).waitFor()
    await page.reload()
    await page.waitForSelector(tid('app-shell'))
    await openByNumber(page, number)
    await page.click(tid('composer-kind-note'))
    await page.locator(`${tid('composer-body')}:not([disabled])`).waitFor()
    assert.equal(await body.inputValue(), 'Half-typed: the toner is fine, the fuser is worn')

    // Discarding asks first, and keeps the text on "Keep writing".
    await page.click(tid('composer-discard'))
    const ask = page.locator(tid('discard-dialog'))
    await ask.waitFor()
    assert.match(await ask.textContent(), /the fuser is worn/)
    await page.click(tid('discard-cancel'))
    await ask.waitFor({ state: 'detached' })
    assert.equal(await body.inputValue(), 'Half-typed: the toner is fine, the fuser is worn')
    await page.click(tid('composer-discard'))
    await ask.waitFor()
    await page.click(tid('discard-confirm'))
    await ask.waitFor({ state: 'detached' })
    assert.equal(await body.inputValue(), '')
    await page.locator(`${tid('composer')}[data-draft=saved]`).waitFor()

    // Sending clears the draft for good.
    await body.fill('Fuser replaced.')
    await page.locator(`${tid('composer')}[data-draft=saved]`).waitFor()
    await page.click(tid('composer-submit'))
    await page.locator(`${tid('timeline-note')}:has-text("Fuser replaced.")`).waitFor()
    assert.equal(await body.inputValue(), '')
    await page.reload()
    await page.waitForSelector(tid('app-shell'))
    await openByNumber(page, number)
    await page.locator(`${tid('composer-body')}:not([disabled])`).waitFor()
    assert.equal(await composer.getAttribute('data-kind'), 'note')
    assert.equal(await body.inputValue(), '')
    await page.click(tid('composer-kind-reply'))
    assert.equal(await body.inputValue(), 'Dear requester, we are') // the other kind's draft stays
    await openByNumber(page, other)
    assert.deepEqual(desk.errors, [])
  })

  test('staff write internal notes by default, a reply is marked public, and the requester sees no internal note or file', async () => {
    await page.click(tid('ticket-close'))
    await page.locator(tid('ticket-pane')).waitFor({ state: 'detached' })
    await page.click(tid('user-menu'))
    const idOf = async (selector) => {
      const item = page.locator(selector).first()
      await item.waitFor()
      return (await item.getAttribute('data-testid')).replace('switch-user-', '')
    }
    const admin = await idOf('[data-testid^=switch-user-][aria-checked=true]')
    const requester = await idOf('[data-testid^=switch-user-]:has-text("Requester")')
    await page.click(tid('user-menu'))

    await page.click(tid('new-ticket-button'))
    await page.locator(tid('new-ticket-dialog')).waitFor()
    await page.fill(tid('nt-title'), 'VPN drops every hour')
    await page.selectOption(tid('nt-requester'), requester)
    await page.click(tid('nt-submit'))
    await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })
    const pane = page.locator(`${tid('ticket-pane')}[data-number]`)
    await pane.waitFor()
    const vpn = await pane.getAttribute('data-number')

    const composer = page.locator(tid('composer'))
    assert.equal(await composer.getAttribute('data-kind'), 'note')
    assert.equal(await page.getAttribute(tid('composer-kind-note'), 'aria-selected'), 'true')
    assert.equal(await page.locator(tid('composer-public')).count(), 0)
    assert.equal(await page.isChecked(tid('attach-internal')), true)
    await page.fill(tid('composer-body'), 'Internal: the concentrator key is in the vault')
    await page.click(tid('composer-submit'))
    await page.locator(`${tid('timeline-note')}:has-text("concentrator key")`).waitFor()
    await page.setInputFiles(tid('attach-input'), { name: 'vpn-secrets.txt', mimeType: 'text/plain', buffer: Buffer.from('psk=hunter2\n') })
    await page.locator(`${tid('timeline-attachment')}[data-internal=true]:has-text("vpn-secrets.txt")`).waitFor()

    await page.click(tid('composer-kind-reply'))
    assert.match(await page.textContent(tid('composer-public')), /visible to the requester/)
    assert.equal(await page.textContent(tid('composer-submit')), 'Send to requester')
    assert.equal(await page.isChecked(tid('attach-internal')), false)
    await page.setInputFiles(tid('attach-input'), { name: 'vpn-howto.txt', mimeType: 'text/plain', buffer: Buffer.from('reconnect with…\n') })
    await page.locator(`${tid('timeline-attachment')}[data-internal=false]:has-text("vpn-howto.txt")`).waitFor()
    await page.fill(tid('composer-body'), 'We are looking into the VPN drops.')
    await page.click(tid('composer-submit'))
    await page.locator(`${tid('timeline-reply')}:has-text("VPN drops")`).waitFor()

    // The requester sees the reply and the public file only, and can only reply.
    await switchTo(page, requester, 'Requester')
    await openByNumber(page, vpn)
    await page.locator(`${tid('timeline-reply')}:has-text("VPN drops")`).waitFor()
    assert.equal(await page.locator(tid('timeline-note')).count(), 0)
    const files = await page.locator(tid('timeline-attachment')).allTextContents()
    assert.equal(files.length, 1)
    assert.match(files[0], /vpn-howto\.txt/)
    assert.equal(await composer.getAttribute('data-kind'), 'reply')
    assert.equal(await page.locator(tid('composer-kind-note')).count(), 0)
    assert.equal(await page.locator(tid('attach-internal')).count(), 0)
    await switchTo(page, admin, 'Admin')
    assert.deepEqual(desk.errors, [])
  })
})
