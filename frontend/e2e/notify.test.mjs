// End-to-end notifications for people: one real outpost-server and two desks (two profiles,
// two app processes). An assignment Ann makes on her desk reaches Bob's notification centre
// on his desk when it syncs, once; the centre pages, filters by type and marks all read.
// Every wait is for a state the UI reaches.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, createTicket, syncNow, tid } from './desk.mjs'
import { connectDesk, startServer } from './server.mjs'

const ann = { name: 'Ann Admin', email: 'ann@example.test', role: 'admin' }
const bob = { name: 'Bob Agent', email: 'bob@example.test', role: 'agent' }

/** badge is the bell's unread count as shown ('' when there is none). */
async function badge(page) {
  const c = page.locator(tid('notif-count'))
  return (await c.count()) ? (await c.textContent()).trim() : ''
}

async function openBell(page) {
  if ((await page.locator(tid('notif-panel')).count()) === 0) await page.click(tid('notif-bell'))
  await page.locator(tid('notif-panel')).waitFor()
}

async function closeBell(page) {
  if (await page.locator(tid('notif-panel')).count()) await page.click(tid('notif-bell'))
  await page.locator(tid('notif-panel')).waitFor({ state: 'detached' })
}

/** note writes a work note on the open ticket and waits until it waits to upload. */
async function note(page, text) {
  const before = await page.locator(`${tid('timeline')} li`).count()
  await page.fill(tid('composer-body'), text)
  await page.click(tid('composer-submit'))
  await page.waitForFunction(
    ([sel, n]) => document.querySelectorAll(sel).length > n,
    [`${tid('timeline')} li`, before],
  )
  // The composer empties once the note is saved: the next note is typed after that, so the
  // clearing never wipes what the next one typed.
  await page.waitForFunction((sel) => document.querySelector(sel)?.value === '', tid('composer-body'))
}

describe('notifications for people between two desks', () => {
  let server
  let a
  let b
  let number

  before(async () => {
    server = await startServer([ann, bob], [{ name: 'Field Service', members: [ann.email, bob.email] }])
    a = await startDesk()
    b = await startDesk()
    await answerWelcome(a.page, false)
    await answerWelcome(b.page, false)
    await connectDesk(a.page, server.url, ann)
    await connectDesk(b.page, server.url, bob)
  })

  after(async () => {
    await a?.stop()
    await b?.stop()
    await server?.stop()
  })

  test('an assignment on desk A notifies the assignee on desk B after sync, once', async () => {
    const { page } = a
    number = await createTicket(page, { title: `E2E notify plotter ${Date.now()}` })
    await page.selectOption(tid('field-group'), { label: 'Field Service' })
    await page.locator(`${tid('field-assignee')} option:text-is("${bob.name}")`).waitFor({ state: 'attached' })
    await page.selectOption(tid('field-assignee'), { label: bob.name })
    await page.locator(`${tid('sync-indicator')}:not([data-pending="0"])`).waitFor()
    await syncNow(page)
    // Ann made the change: her own desk tells her nothing.
    assert.equal(await badge(page), '')

    assert.equal(await badge(b.page), '')
    await syncNow(b.page)
    await b.page.locator(`${tid('notif-count')}:text-is("1")`).waitFor()
    await openBell(b.page)
    const item = b.page.locator(`${tid('notif-item')}[data-ticket="${number}"]`)
    await item.waitFor()
    assert.equal(await item.getAttribute('data-kind'), 'assigned')
    assert.match(await item.textContent(), /Ann Admin assigned .* to you/)
    await closeBell(b.page)

    // A second sync brings nothing new: still one notification.
    await syncNow(b.page)
    await openBell(b.page)
    await b.page.locator(tid('notif-item')).first().waitFor()
    assert.equal(await b.page.locator(tid('notif-item')).count(), 1)
    assert.equal(await badge(b.page), '1')
    // Opening it marks it read and shows the ticket.
    await item.locator('.notif-open').click()
    await b.page.locator(`${tid('ticket-pane')}[data-number="${number}"]`).waitFor()
    await b.page.locator(tid('notif-count')).waitFor({ state: 'detached' })
  })

  test('the centre pages through all, filters by type and marks all read', async () => {
    const { page } = a
    // Bob follows the ticket on his desk; Ann writes notes that mention him.
    await b.page.click(tid('ticket-follow'))
    await b.page.locator(`${tid('ticket-follow')}[data-following="true"]`).waitFor()
    await syncNow(b.page)
    // @name completion: typing "@bo" offers Bob, Tab puts his handle in.
    const before = await page.locator(`${tid('timeline')} li`).count()
    await page.click(tid('composer-body'))
    await page.keyboard.type('@bo')
    await page.locator(`${tid('mention-option')}[data-handle="bob"]`).waitFor()
    await page.keyboard.press('Tab')
    await page.locator(tid('mention-list')).waitFor({ state: 'detached' })
    assert.equal(await page.inputValue(tid('composer-body')), '@bob ')
    await page.keyboard.type('check tray 1')
    await page.click(tid('composer-submit'))
    await page.waitForFunction(([sel, n]) => document.querySelectorAll(sel).length > n, [`${tid('timeline')} li`, before])
    const notes = 22
    for (let i = 2; i <= notes; i++) await note(page, `@bob check tray ${i}`)
    await page.fill(tid('ticket-title'), `E2E notify plotter (retitled) ${Date.now()}`)
    await page.press(tid('ticket-title'), 'Enter')
    await page.locator(`${tid('sync-indicator')}:not([data-pending="0"])`).waitFor()
    await syncNow(page)
    await syncNow(b.page)
    // 22 mentions and one change of a followed ticket: 23 unread.
    await b.page.locator(`${tid('notif-count')}:text-is("23")`).waitFor()

    await openBell(b.page)
    const items = b.page.locator(tid('notif-item'))
    await b.page.locator(tid('notif-more')).waitFor()
    assert.equal(await items.count(), 20)
    await b.page.click(tid('notif-more'))
    await b.page.locator(tid('notif-more')).waitFor({ state: 'detached' })
    assert.equal(await items.count(), 24) // and the assignment, read

    await b.page.selectOption(tid('notif-filter'), 'followed')
    await b.page.waitForFunction((sel) => document.querySelectorAll(sel).length === 1, tid('notif-item'))
    assert.equal(await items.first().getAttribute('data-kind'), 'followed')
    // Mark all read under a filter marks that type only.
    await b.page.click(tid('notif-mark-all'))
    await b.page.locator(`${tid('notif-count')}:text-is("22")`).waitFor()

    await b.page.selectOption(tid('notif-filter'), 'mention')
    await b.page.locator(tid('notif-more')).waitFor()
    assert.equal(await items.count(), 20)
    assert.equal(await b.page.locator(`${tid('notif-item')}[data-kind="mention"][data-read="false"]`).count(), 20)

    await b.page.selectOption(tid('notif-filter'), '')
    await b.page.click(tid('notif-mark-all'))
    await b.page.locator(tid('notif-count')).waitFor({ state: 'detached' })
    // The badge and the list are two answers from Go: the list's may come second.
    await b.page.waitForFunction((sel) => document.querySelectorAll(sel).length === 0, `${tid('notif-item')}[data-read="false"]`)
    await b.page.locator(`${tid('notif-unread')}:text-is("0")`).waitFor()

    // Switching mentions off: the next mention is not recorded.
    await b.page.click(tid('notif-settings'))
    await b.page.locator(tid('notif-prefs')).waitFor()
    await b.page.uncheck(tid('notif-pref-mention'))
    await b.page.locator(`${tid('notif-pref-mention')}:not(:checked):not([disabled])`).waitFor()
    await b.page.click(tid('notif-prefs-done'))
    await closeBell(b.page)

    assert.deepEqual(a.errors, [])
    assert.deepEqual(b.errors, [])
  })
})
