// Catalog steps shared by the catalog e2e files and the catalog screenshots.
import { tid } from './desk.mjs'

/**
 * buildLaptopItem makes, from Catalog → Manage, an item named name in Hardware: a required
 * Model choice (Standard, Workstation), a required "Why a workstation" asked only for a
 * Workstation, the Service Desk group and two tasks (order, set up). It ends when the item is
 * listed.
 */
export async function buildLaptopItem(page, name, description) {
  await page.click(tid('nav-catalog'))
  await page.click(tid('catalog-tab-manage'))
  await page.click(tid('catalog-new-item'))
  await page.fill(tid('ci-name'), name)
  await page.fill(tid('ci-category'), 'Hardware')
  await page.fill(tid('ci-description'), description)

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
  await page.locator(`${tid('catalog-manage-row')}[data-name="${name}"]`).waitFor()
}
