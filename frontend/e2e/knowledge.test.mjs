// Knowledge, end to end against the real Go backend (see harness.mjs): an agent writes an
// article and the admin (a manager's rights) publishes it; a requester typing a new ticket is
// offered it and opens it, and giving up the ticket counts as a deflection; a staff-only
// article is never shown to the requester; and the XSS corpus (domain/markdown/testdata, the
// one the Go test renders) runs nothing in the browser and leaves no handler in the DOM.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { repoDir, startDesk } from './harness.mjs'
import { addPerson, answerWelcome, switchTo, tester, tid } from './desk.mjs'

const corpus = JSON.parse(readFileSync(join(repoDir, 'domain/markdown/testdata/xss.json'), 'utf8'))

/** writeArticle writes a draft in the Knowledge page's editor and waits for its page. */
async function writeArticle(page, { title, body, audience = 'requesters' }) {
  await page.click(tid('nav-knowledge'))
  await page.click(tid('kb-new'))
  await page.fill(tid('kb-ed-title'), title)
  await page.selectOption(tid('kb-ed-audience'), audience)
  await page.fill(tid('kb-ed-body'), body)
  await page.click(tid('kb-ed-save'))
  await page.locator(`${tid('kb-article')}[data-state=draft] ${tid('kb-title')}:text-is("${title}")`).waitFor()
  return page.locator(tid('kb-number')).innerText()
}

/** openArticle finds an article by its title in the Knowledge list and opens it. */
async function openArticle(page, title) {
  await page.click(tid('nav-knowledge'))
  await page.fill(tid('kb-search'), title)
  await page.click(`${tid('kb-item')}:has-text("${title}")`)
  await page.locator(`${tid('kb-title')}:text-is("${title}")`).waitFor()
}

async function move(page, to) {
  await page.click(tid(`kb-move-${to}`))
  await page.locator(`${tid('kb-article')}[data-state=${to}]`).waitFor()
}

describe('knowledge', () => {
  let desk
  let page
  const vpn = 'VPN keeps asking for a password'
  const staffOnly = 'VPN concentrator password rotation'
  const xss = 'Markdown that must stay inert'

  before(async () => {
    desk = await startDesk()
    page = desk.page
    await answerWelcome(page, false)
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-people'))
    await addPerson(page, 'Ann Agent', 'ann.agent@example.com', 'agent')
    await addPerson(page, 'Rae Requester', 'rae.requester@example.com', 'requester')
  })

  after(async () => {
    await desk?.stop()
  })

  test('an agent writes articles and submits them; the admin publishes them', async () => {
    await switchTo(page, 'Ann Agent', 'Agent')
    const number = await writeArticle(page, {
      title: vpn,
      body: '## When the VPN client keeps asking\n\n1. Open the **VPN** client.\n2. Clear the saved password.\n3. [Read more](https://example.com/vpn)\n',
    })
    assert.match(number, /^KB\d{7}$/)
    // Rendered from markdown by Go, in the page.
    await page.locator(`${tid('kb-body')} strong:text-is("VPN")`).waitFor()
    // An agent submits for review but does not publish.
    assert.equal(await page.locator(tid('kb-move-published')).count(), 0)
    await move(page, 'review')
    assert.equal(await page.locator(tid('kb-move-published')).count(), 0)

    await writeArticle(page, { title: staffOnly, body: 'Rotate the VPN password on the concentrator.', audience: 'staff' })
    await move(page, 'review')

    // Editing keeps versions; the history shows the diff.
    await openArticle(page, vpn)
    await page.click(tid('kb-edit'))
    await page.fill(
      tid('kb-ed-body'),
      '## When the VPN client keeps asking\n\n1. Open the **VPN** client.\n2. Clear the saved password and sign in again.\n3. [Read more](https://example.com/vpn)\n',
    )
    await page.locator(`${tid('kb-ed-preview')} li:has-text("sign in again")`).waitFor()
    await page.click(tid('kb-ed-save'))
    await page.locator(`${tid('kb-body')} li:has-text("sign in again")`).waitFor()
    await page.click(tid('kb-history-toggle'))
    await page.locator(`${tid('kb-version-count')}:text-is("2 versions")`).waitFor()
    await page.locator(`${tid('kb-diff')} [data-op=insert]:has-text("sign in again")`).waitFor()
    await page.locator(`${tid('kb-diff')} [data-op=delete]:has-text("Clear the saved password.")`).waitFor()

    await switchTo(page, tester.name, 'Admin')
    for (const title of [vpn, staffOnly]) {
      await openArticle(page, title)
      await move(page, 'published')
    }
  })

  test('the XSS corpus renders inert: nothing runs, no handler or script reaches the DOM', async () => {
    await writeArticle(page, { title: xss, body: corpus.join('\n\n') })
    await move(page, 'review')
    await move(page, 'published')
    const body = page.locator(tid('kb-body'))
    await body.locator('code:has-text("<script>alert(1)</script>")').first().waitFor()
    // The page's own dialogs and errors are collected by the harness: an alert() would be one.
    const found = await page.evaluate(() => {
      const root = document.querySelector('[data-testid="kb-body"]')
      const bad = []
      for (const el of root.querySelectorAll('*')) {
        const tag = el.tagName.toLowerCase()
        if (['script', 'iframe', 'object', 'embed', 'svg', 'math', 'img', 'style', 'link', 'meta', 'base', 'form', 'details'].includes(tag)) bad.push(tag)
        for (const a of el.attributes) {
          const v = a.value.trim().toLowerCase()
          if (a.name.startsWith('on') || a.name === 'style' || a.name === 'src' || /^(javascript|vbscript|data):/.test(v)) bad.push(`${tag} ${a.name}=${a.value}`)
        }
      }
      return { bad, links: [...root.querySelectorAll('a')].map((a) => a.getAttribute('href')) }
    })
    assert.deepEqual(found.bad, [])
    for (const href of found.links) assert.match(href, /^(https?:|mailto:|[^:]*$)/, href)
    assert.deepEqual(desk.errors, [])
    // A link in an article opens only after the person has seen where it goes, and never in
    // the window itself.
    await openArticle(page, vpn)
    await page.click(`${tid('kb-body')} a:has-text("Read more")`)
    await page.locator(`${tid('link-url')}:text-is("https://example.com/vpn")`).waitFor()
    await page.click(tid('link-cancel'))
    assert.match(page.url(), /^http:\/\/127\.0\.0\.1:\d+\/$/)
  })

  test('a requester writing a ticket is offered the article, never the staff-only one', async () => {
    await switchTo(page, 'Rae Requester', 'Requester')
    await page.click(tid('new-ticket-button'))
    await page.locator(tid('new-ticket-dialog')).waitFor()
    await page.locator(tid('nt-title')).pressSequentially('My vpn password', { delay: 20 })
    const suggestion = page.locator(`${tid('nt-suggestion')}:has-text("${vpn}")`)
    await suggestion.waitFor()
    assert.equal(await page.locator(`${tid('nt-suggestion')}:has-text("${staffOnly}")`).count(), 0)
    assert.equal(await page.locator(`${tid('nt-suggestion')}:has-text("${xss}")`).count(), 0)
    await suggestion.click()
    await page.locator(`${tid('nt-article-title')}:text-is("${vpn}")`).waitFor()
    await page.locator(`${tid('nt-article-body')} li:has-text("sign in again")`).waitFor()
    // It answered: the ticket is given up.
    await page.click(tid('nt-cancel'))
    await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })

    // The Knowledge page: the requester finds the article, votes on it, and never sees the
    // staff-only one, nor its state or history.
    await page.click(tid('nav-knowledge'))
    await page.fill(tid('kb-search'), 'vpn password')
    await page.locator(`${tid('kb-item')}:has-text("${vpn}")`).waitFor()
    assert.equal(await page.locator(`${tid('kb-item')}:has-text("${staffOnly}")`).count(), 0)
    await page.click(`${tid('kb-item')}:has-text("${vpn}")`)
    await page.locator(`${tid('kb-title')}:text-is("${vpn}")`).waitFor()
    assert.equal(await page.locator(tid('kb-new')).count(), 0)
    assert.equal(await page.locator(tid('kb-edit')).count(), 0)
    assert.equal(await page.locator(tid('kb-history-toggle')).count(), 0)
    await page.click(tid('kb-vote-yes'))
    await page.locator(`${tid('kb-helpful')}:text-is("1")`).waitFor()
    assert.ok(await page.locator(tid('kb-vote-no')).isDisabled())
    await page.fill(tid('kb-search'), 'concentrator rotation')
    await page.locator(`${tid('kb-list')}:has-text("No articles found.")`).waitFor()

    // Staff see the deflection.
    await switchTo(page, tester.name, 'Admin')
    await page.click(tid('nav-knowledge'))
    await page.locator(`${tid('kb-deflections')}:text-is("1 deflected")`).waitFor()
  })

  test('a resolved ticket suggests related articles, links one, and becomes an article', async () => {
    await page.click(tid('nav-all_open'))
    await page.click(tid('new-ticket-button'))
    await page.fill(tid('nt-title'), 'VPN password prompt loops')
    await page.fill(tid('nt-description'), 'The VPN asks for the password again and again.')
    await page.click(tid('nt-submit'))
    const pane = page.locator(`${tid('ticket-pane')}[data-number]`)
    await pane.waitFor()
    const item = page.locator(`${tid('kb-suggested')} ${tid('kb-related-item')}:has-text("${vpn}")`)
    await item.waitFor()
    await item.locator(tid('kb-related-link')).click()
    await page.locator(`${tid('kb-linked')} ${tid('kb-related-item')}:has-text("${vpn}")`).waitFor()
    assert.equal(await page.locator(tid('kb-from-ticket')).count(), 0)

    await page.click(tid('transition-resolved'))
    await page.locator(tid('transition-dialog')).waitFor()
    await page.selectOption(tid('tr-resolution-code'), 'solved_permanently')
    await page.fill(tid('tr-resolution-notes'), 'Reset the VPN profile.')
    await page.click(tid('tr-submit'))
    await page.locator(`${tid('ticket-pane')}[data-state=resolved]`).waitFor()
    await page.click(tid('kb-from-ticket'))
    await page.locator(tid('kb-editor')).waitFor()
    assert.equal(await page.inputValue(tid('kb-ed-title')), 'VPN password prompt loops')
    assert.match(await page.inputValue(tid('kb-ed-body')), /Reset the VPN profile\./)
    await page.click(tid('kb-ed-save'))
    await page.locator(`${tid('kb-article')}[data-state=draft] ${tid('kb-title')}:text-is("VPN password prompt loops")`).waitFor()
    assert.deepEqual(desk.errors, [])
  })
})
