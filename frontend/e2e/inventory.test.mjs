// This machine's inventory through the real UI against the real Go backend (gopsutil reads the
// machine the test runs on: nothing is mocked). "Inventory this machine" registers an asset
// named after this host with its OS, CPU and memory; a second click updates the same asset.
// Two other machines' inventory files are imported; a licence for a product both have, with
// one seat, is flagged over-used on its page and in the licence report; a malformed file is
// refused with Go's message and nothing is written.
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, tid } from './desk.mjs'

/** machineFile writes another machine's inventory file, as `outpost --inventory --out` would. */
function machineFile(dir, host, mac) {
  const file = join(dir, `${host}.json`)
  const inv = {
    format: 'outpost-inventory',
    version: 1,
    collectedAt: Date.now(),
    hostname: host,
    os: 'Microsoft Windows 11 Pro',
    osVersion: '10.0.22631',
    cpu: 'Intel(R) Core(TM) i5-1345U',
    cpuCount: 12,
    memoryMB: 16000,
    disks: [{ device: 'C:', mount: 'C:', fsType: 'NTFS', sizeMB: 480000 }],
    interfaces: [{ name: 'Ethernet', mac, addrs: ['192.168.1.20/24'] }],
    serial: '',
    model: 'Latitude 5440',
    manufacturer: 'Dell Inc.',
    chassis: 'laptop',
    software: [
      { name: 'Outpost E2E Suite', version: '3.1' },
      { name: 'Notepad++', version: '8.6' },
    ],
  }
  writeFileSync(file, JSON.stringify(inv))
  return file
}

/** osName is what the inventory calls this OS on Linux (os-release's NAME). */
function osName() {
  if (!existsSync('/etc/os-release')) return ''
  const m = readFileSync('/etc/os-release', 'utf8').match(/^NAME=["']?([^"'\n]*)/m)
  return m ? m[1] : ''
}

describe('inventory', () => {
  let desk
  let page
  let dir
  let myTag

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'outpost-inventory-e2e-'))
    desk = await startDesk()
    page = desk.page
    await answerWelcome(page, false)
  })

  after(async () => {
    await desk?.stop()
  })

  test('inventory this machine: an asset with this host name and its OS', async () => {
    await page.click(tid('nav-assets'))
    await page.locator(tid('assets-page')).waitFor()
    await page.click(tid('inventory-this-machine'))
    await page.locator(`${tid('asset-name')}:text-is("${hostname()}")`).waitFor()
    myTag = await page.locator(tid('asset-tag')).textContent()
    assert.match(myTag, /^HW\d{7}$/)
    assert.match(await page.locator(tid('inventory-notice')).textContent(), /Registered/)
    const card = page.locator(tid('inventory-card'))
    assert.equal(await card.locator(tid('inventory-hostname')).textContent(), hostname())
    const os = await card.locator(tid('inventory-os')).textContent()
    assert.ok(os.trim() !== '', 'the OS is shown')
    if (osName()) assert.ok(os.startsWith(osName()), `got OS ${os}, want ${osName()}`)
    assert.match(await card.locator(tid('inventory-cpu')).textContent(), /× \d+/)
    assert.match(await card.locator(tid('inventory-memory')).textContent(), /\d (GB|MB)/)
    assert.match(await card.locator(tid('inventory-last-seen')).textContent(), /Last seen/)
  })

  test('a second inventory updates the same asset', async () => {
    await page.click(tid('asset-back'))
    await page.click(tid('inventory-this-machine'))
    await page.locator(`${tid('inventory-notice')}:has-text("Updated ${myTag}")`).waitFor()
    assert.equal(await page.locator(tid('asset-tag')).textContent(), myTag)
    await page.click(tid('asset-back'))
    await page.selectOption(tid('assets-filter-class'), 'hardware')
    await page.locator(tid(`asset-row-${myTag}`)).waitFor()
    assert.equal(await page.locator(`${tid('assets-table')} tbody tr`).count(), 1)
  })

  test("import two other machines' inventory files", async () => {
    for (const [host, mac] of [
      ['shop-pc-1', '02:00:00:00:00:01'],
      ['shop-pc-2', '02:00:00:00:00:02'],
    ]) {
      if ((await page.locator(tid('asset-back')).count()) > 0) await page.click(tid('asset-back'))
      await page.locator(tid('assets-page')).waitFor()
      await page.setInputFiles(tid('import-inventory-file'), machineFile(dir, host, mac))
      await page.locator(`${tid('asset-name')}:text-is("${host}")`).waitFor()
      assert.match(await page.locator(tid('inventory-os')).textContent(), /Windows 11/)
      assert.equal(await page.locator(tid('inventory-software-count')).textContent(), '2')
    }
  })

  test('a malformed file is refused with its reason and nothing is written', async () => {
    await page.click(tid('asset-back'))
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{"format":"outpost-inventory","version":1,"hostname":')
    const before = await page.locator(tid('assets-count')).textContent()
    await page.setInputFiles(tid('import-inventory-file'), bad)
    await page.locator('[role="alert"]:has-text("not an inventory")').waitFor()
    assert.equal(await page.locator(tid('assets-count')).textContent(), before)
  })

  test('a licence with one seat for a product on two machines is flagged over-used', async () => {
    await page.click(tid('new-asset-button'))
    await page.locator(tid('new-asset-dialog')).waitFor()
    await page.selectOption(tid('new-asset-class'), 'license')
    await page.fill(tid('asset-field-name'), 'E2E Suite, one seat')
    await page.fill(tid('asset-field-attributes'), '{"product":"Outpost E2E Suite","seats":1}')
    await page.click(tid('new-asset-save'))
    await page.locator(tid('new-asset-dialog')).waitFor({ state: 'detached' })
    await page.locator(`${tid('asset-name')}:text-is("E2E Suite, one seat")`).waitFor()
    const licTag = await page.locator(tid('asset-tag')).textContent()
    await page.locator(tid('licence-over')).waitFor()
    assert.match(await page.locator(tid('licence-use')).textContent(), /2 of 1 seat/)

    await page.click(tid('asset-back'))
    await page.click(tid('assets-tab-reports'))
    await page.locator(tid(`licence-over-${licTag}`)).waitFor()
    assert.match(await page.locator(tid(`licence-row-${licTag}`)).textContent(), /Outpost E2E Suite.*Over-used by 1/)
    await page.check(tid('report-licences-over-only'))
    await page.locator(tid(`licence-row-${licTag}`)).waitFor()
    // This machine was seen just now: it is not in the report of machines unseen for a day.
    await page.fill(tid('report-not-seen-days'), '1')
    await page.locator(`${tid('report-not-seen')} :text("Every inventoried machine was seen")`).waitFor()
  })
})
