// Page actions shared by the end-to-end tests and the screenshot script. Every wait is for a
// state the UI reaches (an attribute, an element), never for a length of time.

export const tid = (id) => `[data-testid="${id}"]`

/** The person the e2e tests introduce themselves as on first start. */
export const tester = { name: 'Erin Tester', email: 'erin.tester@example.com' }

/**
 * answerWelcome answers the first-start dialog: the person's name and email when it asks for
 * them, then the demo desk (or an empty one).
 */
export async function answerWelcome(page, demo, person = tester) {
  const dialog = page.locator(tid('welcome-dialog'))
  await dialog.waitFor()
  // The dialog renders its fields with itself: what it asks is there once it shows.
  if ((await page.locator(tid('welcome-name')).count()) > 0) {
    await page.fill(tid('welcome-name'), person.name)
    await page.fill(tid('welcome-email'), person.email)
  }
  await page.click(tid(demo ? 'welcome-demo' : 'welcome-empty'))
  await dialog.waitFor({ state: 'detached' })
  if (demo) await page.locator(tid('queue-row')).first().waitFor()
}

/** createTicket fills the new-ticket dialog and returns the number of the ticket it opens. */
export async function createTicket(page, { title, description = '', impact = '2', urgency = '2', type = 'incident' }) {
  await page.click(tid('new-ticket-button'))
  await page.locator(tid('new-ticket-dialog')).waitFor()
  await page.check(tid(`nt-type-${type}`))
  await page.fill(tid('nt-title'), title)
  if (description) await page.fill(tid('nt-description'), description)
  await page.selectOption(tid('nt-impact'), impact)
  await page.selectOption(tid('nt-urgency'), urgency)
  await page.click(tid('nt-submit'))
  await page.locator(tid('new-ticket-dialog')).waitFor({ state: 'detached' })
  const pane = page.locator(`${tid('ticket-pane')}[data-number]`)
  await pane.waitFor()
  return pane.getAttribute('data-number')
}

/** waitForState waits until the open ticket shows the state. */
export async function waitForState(page, state) {
  await page.locator(`${tid('ticket-pane')}[data-state="${state}"]`).waitFor()
}

/** transition clicks a state button and, when a dialog asks, fills it and submits. */
export async function transition(page, to, fill = {}) {
  await page.click(tid(`transition-${to}`))
  if (Object.keys(fill).length > 0) {
    const dialog = page.locator(tid('transition-dialog'))
    await dialog.waitFor()
    if (fill.holdReason) await page.selectOption(tid('tr-hold-reason'), fill.holdReason)
    if (fill.resolutionCode) await page.selectOption(tid('tr-resolution-code'), fill.resolutionCode)
    if (fill.resolutionNotes) await page.fill(tid('tr-resolution-notes'), fill.resolutionNotes)
    if (fill.reason) await page.fill(tid('tr-reason'), fill.reason)
    await page.click(tid('tr-submit'))
    await dialog.waitFor({ state: 'detached' })
  }
  await waitForState(page, to)
}

/** showNewestFirst sorts the queue by number, newest first. */
export async function showNewestFirst(page) {
  const header = page.locator(`[role=columnheader]:has(${tid('sort-number')})`)
  for (let i = 0; i < 2; i++) {
    if ((await header.getAttribute('aria-sort')) === 'descending') return
    await page.click(tid('sort-number'))
    await page.locator(`[role=columnheader][aria-sort]:has(${tid('sort-number')}):not([aria-sort=none])`).waitFor()
  }
  await page.locator(`[role=columnheader][aria-sort=descending]:has(${tid('sort-number')})`).waitFor()
}

/** openSyncPanel opens the panel under the sync status indicator, if it is not open. */
export async function openSyncPanel(page) {
  const panel = page.locator(tid('sync-panel'))
  if (await panel.isVisible()) return panel
  await page.click(tid('sync-indicator'))
  await panel.waitFor()
  return panel
}

/** closeSyncPanel closes it again (a click on the indicator), so it covers nothing. */
export async function closeSyncPanel(page) {
  const panel = page.locator(tid('sync-panel'))
  if (!(await panel.isVisible())) return
  await page.click(tid('sync-indicator'))
  await panel.waitFor({ state: 'detached' })
}

/**
 * syncNow runs Sync now from the sync panel and waits until that sync has completed (its
 * last-synced time moved) with nothing left to upload, then closes the panel.
 */
export async function syncNow(page) {
  const panel = await openSyncPanel(page)
  const before = await panel.getAttribute('data-last-sync')
  await page.click(tid('sync-panel-sync-now'))
  await page.locator(`${tid('sync-panel')}:not([data-last-sync="${before}"])`).waitFor()
  await page.locator(`${tid('sync-indicator')}[data-state="synced"][data-pending="0"]`).waitFor()
  await closeSyncPanel(page)
}

/** openTicket opens a ticket from the All open view by its number. */
export async function openTicket(page, number) {
  await page.click(tid('nav-all_open'))
  const row = page.locator(`${tid('queue-row')}[data-number="${number}"]`)
  await row.waitFor()
  await row.click()
  await page.locator(`${tid('ticket-pane')}[data-number="${number}"]`).waitFor()
}

/** editTitle edits the open ticket's title and waits until the change waits to upload. */
export async function editTitle(page, title) {
  await page.fill(tid('ticket-title'), title)
  await page.press(tid('ticket-title'), 'Enter')
  await page.locator(`${tid('sync-indicator')}:not([data-pending="0"])`).waitFor()
}

/** addPerson adds a person from Settings → People (open) and waits for their row. */
export async function addPerson(page, name, email, role) {
  await page.fill(tid('person-name'), name)
  await page.fill(tid('person-email'), email)
  await page.selectOption(tid('person-role'), role)
  await page.click(tid('person-add'))
  await page.locator(`${tid('person-row')}[data-email="${email}"]`).waitFor()
}

/** switchTo acts as the person called name (the user menu lists them) and waits for role. */
export async function switchTo(page, name, role) {
  await page.click(tid('user-menu'))
  await page.click(`[data-testid^=switch-user-]:has-text("${name}")`)
  await page.locator(`${tid('user-menu')}:has-text("${role}")`).waitFor()
}

/** registerAsset fills the new-asset dialog and returns the tag of the asset it opens. */
export async function registerAsset(page, { cls, type = '', name }) {
  await page.click(tid('nav-assets'))
  await page.locator(tid('assets-page')).waitFor()
  await page.click(tid('new-asset-button'))
  await page.locator(tid('new-asset-dialog')).waitFor()
  await page.selectOption(tid('new-asset-class'), cls)
  if (type) await page.selectOption(tid('asset-field-type'), type)
  await page.fill(tid('asset-field-name'), name)
  await page.click(tid('new-asset-save'))
  await page.locator(tid('new-asset-dialog')).waitFor({ state: 'detached' })
  await page.locator(`${tid('asset-name')}:text-is("${name}")`).waitFor()
  return page.locator(tid('asset-tag')).textContent()
}

/** addToGroup adds the person called name to group from Settings → Groups (open) and
 * returns their id. */
export async function addToGroup(page, group, name) {
  const card = page.locator(`${tid('group-card')}[data-name="${group}"]`)
  await card.waitFor()
  const id = await card.locator(`${tid('group-member-pick')} option:has-text("${name}")`).getAttribute('value')
  await card.locator(tid('group-member-pick')).selectOption(id)
  await card.locator(tid('group-member-add')).click()
  await card.locator(`${tid('group-member')}[data-id="${id}"]`).waitFor()
  return id
}
