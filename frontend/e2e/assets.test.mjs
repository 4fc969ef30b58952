// Assets through the real UI against the real Go backend: register a server and the business
// service that depends on it, relate them, raise a ticket about the service, then open the
// server and see its impact (the service, and the service's open ticket); move its status;
// a bad attributes document is refused with Go's message and the text stays. The sidebar's
// Assets always leads back to the list.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, registerAsset, tid } from './desk.mjs'

/** openAsset opens an asset from the list by its tag. */
async function openAsset(page, tag) {
  await page.click(tid('nav-assets'))
  await page.click(tid(`asset-row-${tag}`))
  await page.locator(`${tid('asset-tag')}:text-is("${tag}")`).waitFor()
}

describe('assets', () => {
  let desk
  let page
  let serverTag
  let serviceTag
  let ticketNumber

  before(async () => {
    desk = await startDesk()
    page = desk.page
    await answerWelcome(page, false)
  })

  after(async () => {
    await desk?.stop()
  })

  test('register a server and the business service that depends on it', async () => {
    serverTag = await registerAsset(page, { cls: 'hardware', type: 'server', name: 'db-01' })
    assert.match(serverTag, /^HW\d{7}$/)
    serviceTag = await registerAsset(page, { cls: 'service', name: 'Payroll' })
    assert.match(serviceTag, /^SVC\d{7}$/)
    await page.selectOption(tid('relate-type'), 'depends_on')
    await page.fill(tid('relate-find'), 'db-01')
    await page.locator(`${tid('relate-target')} option:has-text("${serverTag} db-01")`).waitFor({ state: 'attached' })
    await page.selectOption(tid('relate-target'), { label: `${serverTag} db-01` })
    await page.click(tid('relate-add'))
    await page.locator(tid(`asset-link-${serverTag}`)).waitFor()
    assert.match(await page.locator(tid(`asset-link-${serverTag}`)).textContent(), /This depends on/)
  })

  test('a ticket about the service', async () => {
    await page.click(tid('new-ticket-button'))
    await page.locator(tid('new-ticket-dialog')).waitFor()
    await page.check(tid('nt-type-incident'))
    await page.fill(tid('nt-title'), 'Payroll run fails')
    await page.selectOption(tid('nt-impact'), '2')
    await page.selectOption(tid('nt-urgency'), '2')
    // The CI is a reference, picked by searching.
    await page.fill(tid('nt-ci-search'), 'Payroll')
    await page.click(`${tid('nt-ci-option')}:has-text("${serviceTag} · Payroll")`)
    assert.equal(await page.locator(tid('nt-ci-search')).inputValue(), `${serviceTag} · Payroll`)
    await page.click(tid('nt-submit'))
    await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })
    const pane = page.locator(`${tid('ticket-pane')}[data-number]`)
    await pane.waitFor()
    ticketNumber = await pane.getAttribute('data-number')
    await page.keyboard.press('Escape')
    await pane.waitFor({ state: 'detached' })
  })

  test("open the server and see its impact: the service and the service's open ticket", async () => {
    await openAsset(page, serverTag)
    const impact = page.locator(tid('asset-impact'))
    await impact.locator(`${tid('impact-services')} :text("${serviceTag} Payroll")`).waitFor()
    await impact.locator(`${tid('impact-tickets')} :text("${ticketNumber}")`).waitFor()
    assert.match(await impact.locator(tid('impact-tickets')).textContent(), /Payroll run fails.*on SVC/)
    // The graph draws the server and the service, bundled and offline.
    await impact.locator(`${tid('impact-graph')} .react-flow__node:has-text("${serviceTag} Payroll")`).waitFor()
    await impact.locator(`${tid('impact-graph')} .react-flow__node:has-text("${serverTag} db-01")`).waitFor()
    await impact.locator(`${tid('impact-graph')} .react-flow__edge`).first().waitFor({ state: 'attached' })
    // The ticket opens from the impact.
    await impact.locator(`${tid('impact-tickets')} button:has-text("${ticketNumber}")`).click()
    await page.locator(`${tid('ticket-pane')}[data-number="${ticketNumber}"]`).waitFor()
    await page.keyboard.press('Escape')
  })

  test('move the server to repair; the history shows the move', async () => {
    await page.click(tid('asset-move-in_repair'))
    await page.locator(`${tid('asset-status')}:text-is("In repair")`).waitFor()
    await page.locator(`${tid('asset-history')} td:text-is("status")`).waitFor()
    assert.match(await page.locator(tid('asset-history')).textContent(), /in_use → in_repair/)
    // Disposal is only from stock, retirement or repair: in repair offers it, in use would not.
    await page.locator(tid('asset-move-disposed')).waitFor()
    assert.equal(await page.locator(tid('asset-move-ordered')).count(), 0)
  })

  test("bad attributes are refused with Go's message and the text stays", async () => {
    await page.fill(tid('asset-field-attributes'), '{"seats": 4}')
    await page.click(tid('asset-save'))
    const err = page.locator(`.field.has-error:has(${tid('asset-field-attributes')})`)
    await err.waitFor()
    assert.match(await err.textContent(), /no attribute seats/)
    assert.equal(await page.locator(tid('asset-field-attributes')).inputValue(), '{"seats": 4}')
  })

  test('the list filters and sorts in Go', async () => {
    await page.click(tid('asset-back'))
    await page.locator(tid(`asset-row-${serverTag}`)).waitFor()
    await page.selectOption(tid('assets-filter-class'), 'service')
    await page.locator(tid(`asset-row-${serverTag}`)).waitFor({ state: 'detached' })
    await page.locator(tid(`asset-row-${serviceTag}`)).waitFor()
    await page.selectOption(tid('assets-filter-class'), '')
    await page.click(tid('assets-sort-name'))
    await page.click(tid('assets-sort-name'))
    await page.locator(`${tid('assets-table')} tbody tr:first-child:has-text("Payroll")`).waitFor()
  })
})
