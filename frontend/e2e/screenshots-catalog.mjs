// Screenshots of the service catalog and the requester's home for the README, against the real
// Go backend, at 1400x900:  node e2e/screenshots-catalog.mjs   (writes ../docs/screenshots/
// catalog-form.png and requester-home.png). Everything shown is made through the UI first, as
// in catalog.test.mjs; every wait is for a state the UI reaches.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { repoDir, startDesk } from './harness.mjs'
import { answerWelcome, tid } from './desk.mjs'

const out = join(repoDir, 'docs', 'screenshots')
mkdirSync(out, { recursive: true })
let desk
let page
const item = 'New laptop'

async function addPerson(page, name, email, role) {
  await page.fill(tid('person-name'), name)
  await page.fill(tid('person-email'), email)
  await page.selectOption(tid('person-role'), role)
  await page.click(tid('person-add'))
  await page.locator(`${tid('person-row')}[data-email="${email}"]`).waitFor()
}

async function switchTo(page, name, role) {
  await page.click(tid('user-menu'))
  await page.click(`[data-testid^=switch-user-]:has-text("${name}")`)
  await page.locator(`${tid('user-menu')}:has-text("${role}")`).waitFor()
}

try {
    desk = await startDesk()
    await desk.page.setViewportSize({ width: 1400, height: 900 })
    page = desk.page
    await answerWelcome(page, false)
    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-people'))
    await addPerson(page, 'Ann Agent', 'ann.agent@example.com', 'agent')
    await addPerson(page, 'Rae Requester', 'rae.requester@example.com', 'requester')
    await page.click(tid('settings-tab-groups'))
    const card = page.locator(`${tid('group-card')}[data-name="Service Desk"]`)
    await card.waitFor()
    const annId = await card.locator(`${tid('group-member-pick')} option:has-text("Ann Agent")`).getAttribute('value')
    await card.locator(tid('group-member-pick')).selectOption(annId)
    await card.locator(tid('group-member-add')).click()
    await card.locator(`${tid('group-member')}[data-id="${annId}"]`).waitFor()
    await page.click(tid('nav-catalog'))
    await page.click(tid('catalog-tab-manage'))
    await page.click(tid('catalog-new-item'))
    await page.fill(tid('ci-name'), item)
    await page.fill(tid('ci-category'), 'Hardware')
    await page.fill(tid('ci-description'), 'Pick a **model**: a *Standard* laptop for office work, a *Workstation* for CAD.')

    await page.click(tid('ci-add-field'))
    // The key first: a new field's key otherwise follows its label when the label loses focus.
    await page.fill(tid('ci-field-0-key'), 'model')
    await page.fill(tid('ci-field-0-label'), 'Model')
    await page.selectOption(tid('ci-field-0-type'), 'choice')
    await page.check(tid('ci-field-0-required'))
    await page.fill(tid('ci-field-0-choices'), 'Standard\nWorkstation')
    await page.fill(tid('ci-field-0-help'), 'Workstations are for CAD.')

    await page.click(tid('ci-add-field'))
    await page.fill(tid('ci-field-1-key'), 'why')
    await page.fill(tid('ci-field-1-label'), 'Why a workstation')
    await page.selectOption(tid('ci-field-1-type'), 'longtext')
    await page.check(tid('ci-field-1-required'))
    await page.selectOption(tid('ci-field-1-when'), 'model')
    await page.selectOption(tid('ci-field-1-equals'), 'Workstation')

    const group = await page.locator(`${tid('ci-group')} option:has-text("Service Desk")`).getAttribute('value')
    await page.selectOption(tid('ci-group'), group)
    await page.click(tid('ci-add-task'))
    await page.fill(tid('ci-task-0-title'), 'Order the laptop')
    await page.click(tid('ci-add-task'))
    await page.fill(tid('ci-task-1-title'), 'Set it up')
    await page.click(tid('ci-save'))
    await page.locator(`${tid('catalog-manage-row')}[data-name="${item}"]`).waitFor()

    await switchTo(page, 'Rae Requester', 'Requester')
    await page.locator(tid('requester-home')).waitFor()
    await page.locator(`${tid('ss-catalog')} ${tid('catalog-item')}[data-name="${item}"]`).waitFor()
    await page.screenshot({ path: join(out, 'requester-home.png') })
    await page.click(tid('nav-catalog'))
    await page.click(tid('catalog-category-Hardware'))
    await page.click(`${tid('catalog-item')}[data-name="${item}"]`)
    await page.locator(tid('catalog-form')).waitFor()
    await page.selectOption(tid('catalog-field-model'), 'Workstation')
    await page.locator(tid('catalog-q-why')).waitFor()
    await page.fill(tid('catalog-field-why'), 'CAD models for the plant.')
    await page.screenshot({ path: join(out, 'catalog-form.png') })
} finally {
  await desk?.stop()
}
