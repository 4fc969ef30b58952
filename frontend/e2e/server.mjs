// A real outpost-server for end-to-end tests: built from ./sync/cmd/outpost-server, on a
// SQLite file in a temp folder, listening on a free loopback port. Users are made with its
// own admin subcommand, as an operator would.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tid } from './desk.mjs'
import { answers, freePort, repoDir } from './harness.mjs'

export const password = 'correct horse battery'

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * startServer builds and starts the server; users: [{ name, email, role }], all with
 * `password`; groups (optional): [{ name, members: [email] }].
 */
export async function startServer(users, groups = []) {
  const dir = mkdtempSync(join(tmpdir(), 'outpost-e2e-server-'))
  const bin = join(dir, 'outpost-server')
  const build = spawnSync('go', ['build', '-o', bin, './sync/cmd/outpost-server'], { cwd: repoDir, stdio: 'inherit' })
  if (build.status !== 0) throw new Error(`go build outpost-server exited with ${build.status ?? build.signal}`)
  const db = join(dir, 'server.db')
  for (const u of users) {
    const r = spawnSync(bin, ['create-user', '--db', db, '--name', u.name, '--email', u.email, '--role', u.role], {
      env: { ...process.env, OUTPOST_PASSWORD: password },
      encoding: 'utf8',
    })
    if (r.status !== 0) throw new Error(`create-user ${u.email}: ${r.stderr}`)
  }
  for (const g of groups) {
    const r = spawnSync(bin, ['create-group', '--db', db, '--name', g.name, '--members', g.members.join(',')], { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`create-group ${g.name}: ${r.stderr}`)
  }
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  let log = ''
  let exited = null
  const proc = spawn(bin, ['serve', '--listen', `127.0.0.1:${port}`, '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] })
  proc.on('exit', (code, signal) => (exited = { code, signal }))
  proc.stdout.on('data', (d) => (log += d))
  proc.stderr.on('data', (d) => (log += d))
  for (let i = 0; ; i++) {
    if (exited) throw new Error(`outpost-server exited early (${JSON.stringify(exited)}):\n${log}`)
    if (await answers(`${url}/v1/health`)) break
    if (i > 300) throw new Error(`outpost-server did not answer at ${url}:\n${log}`)
    await sleep(100)
  }
  const stop = async () => {
    if (!exited) proc.kill('SIGTERM')
    for (let i = 0; i < 100 && !exited; i++) await sleep(100)
    if (!exited) proc.kill('SIGKILL')
    rmSync(dir, { recursive: true, force: true })
  }
  return { url, stop, log: () => log }
}

/** connectDesk signs a desk in through Settings → Server; it ends when the first sync has run. */
export async function connectDesk(page, url, user) {
  await page.click(tid('nav-settings'))
  await page.click(tid('settings-tab-server'))
  await page.locator(tid('server-form')).waitFor()
  await page.fill(tid('server-url-input'), url)
  await page.fill(tid('server-email'), user.email)
  await page.fill(tid('server-password'), password)
  await page.click(tid('server-connect'))
  await page.locator(`${tid('user-name')}:text-is("${user.name}")`).waitFor()
  await page.locator(`${tid('sync-indicator')}[data-state="synced"]`).waitFor()
}
