// Templates through the real UI (see harness.mjs): a canned reply made in Settings → Templates
// is inserted in a ticket's comment box with `/` (and from the palette), its variables filled
// by Go; a ticket template fills the New ticket form, asking before it replaces typed text.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, createTicket, tester, tid } from './desk.mjs'

describe('templates', () => {
  let desk
  let page

  before(async () => {
    desk = await startDesk()
    page = desk.page
    await answerWelcome(page, true)
  })

  after(async () => {
    assert.deepEqual(desk?.errors ?? [], [], 'no script errors')
    await desk?.stop()
  })

  /** openTemplates opens Settings → Templates. */
  async function openTemplates() {
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-templates'))
    await page.locator(tid('reply-settings')).waitFor()
  }

  test('make a canned reply, insert it with /, edit it and send it', async () => {
    await openTemplates()
    await page.click(tid('reply-new'))
    await page.locator(tid('reply-editor')).waitFor()
    await page.fill(tid('reply-name'), 'E2E acknowledge')
    // A variable no desk knows is refused beside the text, which stays as typed.
    const bad = 'Hi {{requester.nickname}}'
    await page.fill(tid('reply-body'), bad)
    await page.click(tid('reply-save'))
    const err = page.locator(`${tid('reply-editor')} .field-error`)
    await err.waitFor()
    assert.match(await err.textContent(), /unknown variable \{\{requester\.nickname\}\}/)
    assert.equal(await page.inputValue(tid('reply-body')), bad)
    await page.fill(tid('reply-body'), 'Hi {{requester.name}}, {{ticket.number}} is with us. ')
    await page.click(`${tid('reply-variable')}[data-name="agent.name"]`)
    assert.equal(await page.inputValue(tid('reply-body')), 'Hi {{requester.name}}, {{ticket.number}} is with us. {{agent.name}}')
    await page.click(tid('reply-save'))
    await page.locator(tid('reply-editor')).waitFor({ state: 'detached' })
    await page.locator(`${tid('reply-row')}[data-name="E2E acknowledge"]`).waitFor()
    await page.click(tid('reply-new'))
    await page.fill(tid('reply-name'), 'E2E passed on')
    await page.fill(tid('reply-body'), 'Passed to {{group.name}}.')
    await page.click(tid('reply-save'))
    await page.locator(`${tid('reply-row')}[data-name="E2E passed on"]`).waitFor()

    // A ticket of the tester's own: they are its requester and the agent inserting the reply.
    const number = await createTicket(page, { title: 'E2E printer out of toner' })
    const box = page.locator(tid('composer-body'))
    await box.click()
    await box.press('/')
    await page.locator(tid('template-picker')).waitFor()
    await box.press('Escape')
    await page.locator(tid('template-picker')).waitFor({ state: 'detached' })
    assert.equal(await box.inputValue(), '/', 'Escape closes the picker and keeps the text')
    await box.fill('')
    await box.pressSequentially('Note: /e2e ack')
    await page.locator(`${tid('template-option')}[data-name="E2E acknowledge"][aria-selected="true"]`).waitFor()
    await box.press('Enter')
    const expanded = `Note: Hi ${tester.name}, ${number} is with us. ${tester.name}`
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel)?.value === want,
      [tid('composer-body'), expanded],
    )
    await page.locator(tid('template-picker')).waitFor({ state: 'detached' })
    // The inserted text stays editable before it is sent.
    await box.press('End')
    await box.pressSequentially(' Toner ordered.')
    await page.click(tid('composer-submit'))
    const note = page.locator(tid('timeline-note'), { hasText: `${number} is with us. ${tester.name} Toner ordered.` })
    await note.waitFor()
    await page.waitForFunction((sel) => document.querySelector(sel)?.value === '', tid('composer-body'))

    // The palette's Insert template… opens the same picker with a filter of its own.
    await page.keyboard.press('Control+k')
    await page.fill(tid('palette-input'), 'Insert template')
    await page.locator(`${tid('palette-item')}[data-command="insert-template"]`).waitFor()
    await page.press(tid('palette-input'), 'Enter')
    await page.locator(tid('template-picker-filter')).waitFor()
    await page.fill(tid('template-picker-filter'), 'acknowledge')
    await page.locator(`${tid('template-option')}[data-name="E2E acknowledge"][aria-selected="true"]`).waitFor()
    await page.press(tid('template-picker-filter'), 'Enter')
    await page.waitForFunction(
      ([sel, want]) => document.querySelector(sel)?.value === want,
      [tid('composer-body'), `Hi ${tester.name}, ${number} is with us. ${tester.name}`],
    )

    // The ticket has no group: Go refuses {{group.name}} before anything is inserted, and says so.
    const before = `Hi ${tester.name}, ${number} is with us. ${tester.name} /e2e passed`
    await box.press('End')
    await box.pressSequentially(' /e2e passed')
    await page.locator(`${tid('template-option')}[data-name="E2E passed on"][aria-selected="true"]`).waitFor()
    await box.press('Enter')
    await page.locator(tid('template-error')).waitFor()
    assert.match(await page.textContent(tid('template-error')), /no value here for \{\{group\.name\}\}/)
    assert.equal(await box.inputValue(), before)
  })

  test('make a ticket template and log a ticket from it', async () => {
    await openTemplates()
    await page.click(tid('tt-new'))
    await page.locator(tid('ticket-template-editor')).waitFor()
    await page.fill(tid('tt-name'), 'E2E VPN down')
    await page.fill(tid('tt-title'), 'VPN is down')
    await page.fill(tid('tt-description'), 'Since when, and from where?')
    await page.selectOption(tid('tt-category'), 'Network')
    await page.selectOption(tid('tt-impact'), '1')
    await page.selectOption(tid('tt-urgency'), '1')
    await page.click(tid('tt-save'))
    await page.locator(tid('ticket-template-editor')).waitFor({ state: 'detached' })
    await page.locator(`${tid('tt-row')}[data-name="E2E VPN down"]`).waitFor()

    await page.click(tid('new-ticket-button'))
    await page.locator(tid('new-ticket-dialog')).waitFor()
    await page.fill(tid('nt-title'), 'Typed before the template')
    const option = await page.locator(`${tid('nt-template')} option`, { hasText: 'E2E VPN down' }).getAttribute('value')
    await page.selectOption(tid('nt-template'), option)
    // What was typed is not replaced without asking.
    await page.locator(tid('nt-template-ask')).waitFor()
    assert.match(await page.textContent(tid('nt-template-ask')), /would replace what you set in Title/)
    assert.equal(await page.inputValue(tid('nt-title')), 'Typed before the template')
    await page.click(tid('nt-template-replace'))
    assert.equal(await page.inputValue(tid('nt-title')), 'VPN is down')
    assert.equal(await page.inputValue(tid('nt-description')), 'Since when, and from where?')
    assert.equal(await page.inputValue(tid('nt-category')), 'Network')
    assert.match(await page.textContent(tid('nt-priority-name')), /Critical/)
    // The filled fields stay editable.
    await page.fill(tid('nt-title'), 'VPN is down in Building 7')
    await page.click(tid('nt-submit'))
    await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })
    await page.locator(`${tid('ticket-pane')}[data-number]`).waitFor()
    assert.equal(await page.inputValue(tid('ticket-title')), 'VPN is down in Building 7')
  })
})
