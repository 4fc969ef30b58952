// Signing in on a shared desktop, end to end against the real Go backend (see harness.mjs):
// passwords set in the app, the sign-in screen, a refused password, switching user with the
// other person's password, the idle lock (moved by the test clock, never by waiting) and a
// requester landing on the desk as a requester.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { startDesk } from './harness.mjs'
import { answerWelcome, tester, tid } from './desk.mjs'

const adminPassword = 'erin has a long password'
const rae = { name: 'Rae Requester', email: 'rae.requester@example.com', password: 'rae has one too' }

describe('sign-in', () => {
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

  async function openMenu() {
    await page.click(tid('user-menu'))
    // Its pop-up is in the page only while it is open (MenuDetails).
    await page.locator('.user-menu[open] [role=menu]').waitFor()
  }

  async function signIn(email, password) {
    await page.fill(tid('signin-email'), email)
    await page.fill(tid('signin-password'), password)
    await page.click(tid('signin-submit'))
  }

  async function signOut() {
    await openMenu()
    await page.click(tid('sign-out'))
    await page.locator(tid('signin-screen')).waitFor()
  }

  test('an admin gives people passwords and an idle lock; then the desk asks who is there', async () => {
    // Without passwords the desk opened straight in; nobody may sign out yet.
    await page.locator(tid('app-shell')).waitFor()
    await openMenu()
    assert.equal(await page.locator(tid('sign-out')).count(), 0)
    await page.click(tid('user-menu')) // close it

    await page.click(tid('nav-settings'))
    await page.click(tid('settings-tab-people'))
    await page.fill(tid('person-name'), rae.name)
    await page.fill(tid('person-email'), rae.email)
    await page.selectOption(tid('person-role'), 'requester')
    await page.click(tid('person-add'))
    await page.locator(`${tid('people-settings')} :text("${rae.name}")`).first().waitFor()

    await page.click(tid('settings-tab-desk'))
    await page.locator(tid('signin-settings')).waitFor()
    await page.fill(tid('idle-lock-minutes'), '5')
    await page.click(tid('idle-lock-save'))
    await page.locator(`${tid('signin-settings')} :text("Saved.")`).waitFor()

    // A short password is refused beside its input.
    await page.selectOption(tid('set-password-user'), { label: rae.name })
    await page.fill(tid('set-password-value'), 'short')
    await page.click(tid('set-password-save'))
    await page.locator(`${tid('signin-settings')} .field-error:has-text("at least 8")`).waitFor()
    await page.fill(tid('set-password-value'), rae.password)
    await page.click(tid('set-password-save'))
    await page.locator(`${tid('signin-settings')} :text("Password set for ${rae.name}.")`).waitFor()

    // The admin sets their own: they have none yet, so no current one is asked.
    await openMenu()
    await page.click(tid('change-password'))
    await page.locator(tid('password-dialog')).waitFor()
    assert.equal(await page.locator(tid('password-old')).count(), 0)
    await page.fill(tid('password-new'), adminPassword)
    await page.click(tid('password-save'))
    await page.locator(tid('password-dialog')).waitFor({ state: 'detached' })

    await signOut()
  })

  test('a wrong password shows the error and keeps the typed email', async () => {
    await signIn(tester.email, 'not the password')
    const error = page.locator(`${tid('signin-screen')} .field-error`)
    await error.waitFor()
    assert.match(await error.textContent(), /Wrong email or password/)
    assert.equal(await page.inputValue(tid('signin-email')), tester.email)
    assert.equal(await page.inputValue(tid('signin-password')), '')

    await page.fill(tid('signin-password'), adminPassword)
    await page.click(tid('signin-submit'))
    await page.locator(tid('app-shell')).waitFor()
    assert.equal(await page.textContent(tid('user-name')), tester.name)
  })

  test('switching user needs the other person’s password', async () => {
    await openMenu()
    const item = page.locator(`[data-testid^=switch-user-]:has-text("${rae.name}")`)
    await item.click()
    const dialog = page.locator(tid('switch-user-dialog'))
    await dialog.waitFor()
    await page.fill(tid('switch-password'), adminPassword)
    await page.click(tid('switch-submit'))
    await page.locator(`${tid('switch-user-dialog')} .field-error:has-text("Wrong email or password")`).waitFor()
    assert.equal(await page.textContent(tid('user-name')), tester.name)

    await page.fill(tid('switch-password'), rae.password)
    await page.click(tid('switch-submit'))
    await dialog.waitFor({ state: 'detached' })
    await page.locator(`${tid('user-name')}:text-is("${rae.name}")`).waitFor()
    assert.match(await page.textContent(tid('user-menu')), /Requester/)

    // Back to the admin: she has a password too, so it is asked as well.
    await openMenu()
    await page.locator(`[data-testid^=switch-user-]:has-text("${tester.name}")`).click()
    await dialog.waitFor()
    await page.fill(tid('switch-password'), adminPassword)
    await page.click(tid('switch-submit'))
    await dialog.waitFor({ state: 'detached' })
    await page.locator(`${tid('user-name')}:text-is("${tester.name}")`).waitFor()
  })

  test('the desk locks after the idle time and opens again with the password', async () => {
    // The test clock jumps past the idle lock: the lock reads the app's clock, not the page's.
    await page.evaluate(() => window.go.app.Session.AdvanceClock(6))
    const lock = page.locator(tid('lock-screen'))
    await lock.waitFor()
    assert.match(await page.textContent(tid('lock-user')), new RegExp(tester.name))
    // Go refuses the desk's calls meanwhile, not just the screen.
    const refused = await page.evaluate(() => window.go.app.Session.Me().then(() => 'answered', (e) => String(e?.message ?? e)))
    assert.match(refused, /signed_out/)

    await page.fill(tid('signin-password'), 'not the password')
    await page.click(tid('signin-submit'))
    await page.locator(`${tid('lock-screen')} .field-error:has-text("Wrong email or password")`).waitFor()
    await page.fill(tid('signin-password'), adminPassword)
    await page.click(tid('signin-submit'))
    await lock.waitFor({ state: 'detached' })
    await page.locator(`${tid('user-name')}:text-is("${tester.name}")`).waitFor()
  })

  test('a requester signs in and lands on the desk as a requester', async () => {
    await signOut()
    await signIn(rae.email, rae.password)
    await page.locator(tid('app-shell')).waitFor()
    await page.locator(`${tid('user-name')}:text-is("${rae.name}")`).waitFor()
    assert.match(await page.textContent(tid('user-menu')), /Requester/)
    assert.equal(await page.locator(tid('nav-settings')).count(), 0)
    assert.deepEqual(desk.errors, [])
  })
})
