// End-to-end harness: builds the Wails dev binary, runs it under Xvfb on a fresh profile with
// its dev server on a free local port, and drives Debian's Chromium against it with
// playwright-core. Nothing here is mocked: the page talks to the real Go backend.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { get } from 'node:http'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const frontendDir = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const repoDir = resolve(frontendDir, '..')
const chromiumPath = process.env.OUTPOST_CHROMIUM ?? '/usr/bin/chromium'

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit', env: process.env })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`)
}

let built = null

/**
 * devBinary returns the path of the dev build. OUTPOST_DEV_BIN names a prebuilt one; otherwise
 * the frontend is built (unless OUTPOST_E2E_SKIP_BUILD=1) and the Go dev binary compiled, once
 * per process, into a temp folder.
 */
export function devBinary() {
  if (process.env.OUTPOST_DEV_BIN) return process.env.OUTPOST_DEV_BIN
  if (built) return built
  if (process.env.OUTPOST_E2E_SKIP_BUILD !== '1') run('npm', ['run', 'build'], frontendDir)
  const dir = join(tmpdir(), 'outpost-e2e-bin')
  mkdirSync(dir, { recursive: true })
  const out = join(dir, 'outpost-dev')
  run('go', ['build', '-tags', 'dev,webkit2_41', '-o', out, '.'], repoDir)
  built = out
  return out
}

export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer()
    s.unref()
    s.on('error', rej)
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address()
      s.close(() => res(port))
    })
  })
}

export function answers(url) {
  return new Promise((res) => {
    const req = get(url, (r) => {
      r.resume()
      res(r.statusCode === 200)
    })
    req.on('error', () => res(false))
    req.setTimeout(2000, () => {
      req.destroy()
      res(false)
    })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/**
 * startDesk runs the app on a fresh profile and opens Chromium on it. It returns the page and
 * a stop function that closes the browser and ends the app's whole process group.
 */
export async function startDesk() {
  const bin = devBinary()
  const dist = join(frontendDir, 'dist')
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} has no index.html: run npm run build`)
  const work = mkdtempSync(join(tmpdir(), 'outpost-e2e-'))
  const port = await freePort()
  const url = `http://127.0.0.1:${port}/`
  let log = ''
  // The dev build serves the frontend from disk (-assetdir) with live Go bindings over a
  // websocket at $devserver; it needs a display, so it runs under its own Xvfb, and a session
  // bus of its own (dbus-run-session): one GLib autolaunched for the display detached from the
  // process group and outlived the test, with GTK's accessibility bus.
  const app = spawn('xvfb-run', ['-a', 'dbus-run-session', '--', bin, '-assetdir', dist], {
    cwd: repoDir,
    detached: true, // own process group: stop() ends Xvfb, the app and WebKit's helpers together
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      OUTPOST_PROFILE: join(work, 'e2e.outpost'),
      OUTPOST_TEST_HOOKS: '1',
      devserver: `127.0.0.1:${port}`,
    },
  })
  let exited = null
  app.on('exit', (code, signal) => (exited = { code, signal }))
  app.stdout.on('data', (d) => (log += d))
  app.stderr.on('data', (d) => (log += d))

  // Wait for the dev server: bounded, and aborted at once if the app dies.
  for (let i = 0; ; i++) {
    if (exited) throw new Error(`outpost exited early (${JSON.stringify(exited)}):\n${log}`)
    if (await answers(url)) break
    if (i > 600) throw new Error(`outpost did not serve ${url}:\n${log}`)
    await sleep(100)
  }

  const context = await chromium.launchPersistentContext(join(work, 'chromium'), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1360, height: 860 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  const page = context.pages()[0] ?? (await context.newPage())
  // Waits, not assertions: a loaded CI machine may take far longer than Playwright's 30 s default.
  page.setDefaultTimeout(120_000)
  const errors = []
  page.on('pageerror', (e) => {
    // Wails' dev-only ipc.js mounts its "disconnected" overlay before <body> exists and throws;
    // the desktop build does not load it. Everything else is ours and counts.
    if (!(e.stack ?? '').includes('/wails/ipc.js')) errors.push(e.stack ?? e.message)
  })
  page.on('dialog', (d) => {
    errors.push(`unexpected dialog: ${d.type()} ${d.message()}`)
    void d.dismiss()
  })
  await page.goto(url)
  await page.waitForSelector('[data-testid=app-shell]')

  const stop = async () => {
    await context.close().catch(() => {})
    try {
      process.kill(-app.pid, 'SIGTERM') // the app closes its profile cleanly on SIGTERM
    } catch {
      // already gone
    }
    for (let i = 0; i < 100 && !exited; i++) await sleep(100)
    try {
      process.kill(-app.pid, 'SIGKILL') // whatever of the group is left (WebKit helpers)
    } catch {
      // the group ended cleanly
    }
    rmSync(work, { recursive: true, force: true })
  }
  return { page, context, url, stop, errors, log: () => log }
}
