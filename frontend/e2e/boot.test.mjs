// The first screen's data served inside index.html (app/boot.go, src/app/boot.ts), end to end
// against the real Go backend: a load renders the queue Go put in the page, user text in it
// stays text, each load carries data of its own moment, and a desk with passwords boots on
// the sign-in screen.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, createTicket, tester, tid } from './desk.mjs'

const password = 'erin has a long password'
const evil = `</script><img src=x onerror="window.__pwned=1"><!-- boot`

describe('boot data', () => {
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

  async function reload() {
    await page.reload()
    await page.locator(`${tid('app-shell')}, ${tid('signin-screen')}`).first().waitFor()
  }

  const total = () => page.textContent(tid('queue-total'))

  test('a load shows the queue Go wrote into the page, its user text as text', async () => {
    await createTicket(page, { title: evil })
    await reload()
    await page.locator(`${tid('queue-row')}:has-text("${evil.slice(0, 20)}")`).waitFor()
    assert.equal(await page.evaluate(() => document.documentElement.dataset.boot), 'queue')
    assert.equal(await page.evaluate(() => document.getElementById('boot')), null) // read once
    assert.equal(await page.evaluate(() => window.__pwned), undefined)
    assert.equal(await page.locator(`${tid('queue-row')} img`).count(), 0)
    assert.match((await total()) ?? '', /^1 ticket/)
    assert.deepEqual(desk.errors, [])
  })

  test('a reload carries what changed since the last load', async () => {
    await createTicket(page, { title: 'Second ticket, before the reload' })
    await reload()
    assert.equal(await page.evaluate(() => document.documentElement.dataset.boot), 'queue')
    await page.locator(`${tid('queue-row')}:has-text("Second ticket, before the reload")`).waitFor()
    assert.match((await total()) ?? '', /^2 tickets/)
  })

  test('the desk reports ready once the queue shows its rows, and asks Go nothing else before they are painted', async () => {
    // Session.Ready is what the start-up benchmark and the smoke test time: the rows must be
    // in the page when it is sent (the boot data's rows, in the queue's first commit).
    // The shell's side answers (counts, badges, the sync state, the queue's total) are asked
    // once that screen is painted: their answers must not re-render the shell before it.
    await page.addInitScript(() => {
      window.__calls = []
      Object.defineProperty(window, 'WailsInvoke', {
        configurable: true,
        get() {
          return this.__invoke
        },
        set(send) {
          this.__invoke = (message) => {
            if (typeof message === 'string' && message[0] === 'C') {
              const name = JSON.parse(message.slice(1)).name.split('.').slice(-2).join('.')
              if (window.__painted === undefined) window.__calls.push(name)
              if (name === 'Session.Ready') {
                window.__readyRows = document.querySelectorAll('[data-testid="queue-row"]').length
                // What runs after the frame now being made is painted (as api/client.ts).
                requestAnimationFrame(() => setTimeout(() => (window.__painted = true), 0))
              }
            }
            return send(message)
          }
        },
      })
    })
    await reload()
    await page.waitForFunction(() => window.__painted === true)
    assert.equal(await page.evaluate(() => window.__readyRows), 2)
    assert.deepEqual(await page.evaluate(() => window.__calls), ['Session.Ready'])
    // And they are asked then: the sidebar's counts come.
    await page.locator(`${tid('nav-all_open-tally')}:text-is("2")`).waitFor()
  })

  test('signed out, a load boots on the sign-in screen; signing in opens the desk', async () => {
    await page.click(tid('user-menu'))
    await page.locator('.user-menu[open]').waitFor()
    await page.click(tid('change-password'))
    await page.locator(tid('password-dialog')).waitFor()
    await page.fill(tid('password-new'), password)
    await page.click(tid('password-save'))
    await page.locator(tid('password-dialog')).waitFor({ state: 'detached' })
    await page.click(tid('user-menu'))
    await page.locator('.user-menu[open]').waitFor()
    await page.click(tid('sign-out'))
    await page.locator(tid('signin-screen')).waitFor()

    await reload()
    await page.locator(tid('signin-screen')).waitFor()
    assert.equal(await page.locator(tid('app-shell')).count(), 0)
    assert.equal(await page.evaluate(() => document.documentElement.dataset.boot), undefined)
    await page.fill(tid('signin-email'), tester.email)
    await page.fill(tid('signin-password'), password)
    await page.click(tid('signin-submit'))
    await page.locator(tid('app-shell')).waitFor()
    await page.locator(`${tid('queue-row')}:has-text("Second ticket, before the reload")`).waitFor()

    // Signed in again, a reload boots straight into the desk.
    await reload()
    await page.locator(tid('app-shell')).waitFor()
    assert.equal(await page.evaluate(() => document.documentElement.dataset.boot), 'queue')
    assert.deepEqual(desk.errors, [])
  })
})

describe('boot data of a long queue', () => {
  let desk

  before(async () => {
    desk = await startDesk()
    await answerWelcome(desk.page, true) // the demo desk: more open tickets than a page
  })

  after(async () => {
    await desk?.stop()
  })

  test('a full first page shows at once, uncounted, and its total follows', async () => {
    const { page } = desk
    await page.reload()
    await page.locator(tid('queue-row')).first().waitFor()
    assert.equal(await page.evaluate(() => document.documentElement.dataset.boot), 'queue')
    // Go left the total out of the page (counting is what grows with a profile); the page asks.
    await page.locator(`${tid('queue-total')}:text-matches("^[0-9,]+ tickets$")`).waitFor()
    const n = Number(((await page.textContent(tid('queue-total'))) ?? '').replace(/\D/g, ''))
    assert.ok(n > 50, `total ${n}: want the whole queue, not its first page`)
    assert.deepEqual(desk.errors, [])
  })
})
