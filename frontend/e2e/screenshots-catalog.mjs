// Screenshots of the service catalog and the requester's home for the README, against the real
// Go backend, at 1400x900:  node e2e/screenshots-catalog.mjs   (writes ../docs/screenshots/
// catalog-form.png and requester-home.png). Everything shown is made through the UI first, as
// in catalog.test.mjs; every wait is for a state the UI reaches.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { repoDir, startDesk } from './harness.mjs'
import { buildLaptopItem } from './catalog.mjs'
import { addPerson, addToGroup, answerWelcome, switchTo, tid } from './desk.mjs'

const out = join(repoDir, 'docs', 'screenshots')
mkdirSync(out, { recursive: true })
let desk
let page
const item = 'New laptop'

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
    await addToGroup(page, 'Service Desk', 'Ann Agent')
    await buildLaptopItem(page, item, 'Pick a **model**: a *Standard* laptop for office work, a *Workstation* for CAD.')

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
