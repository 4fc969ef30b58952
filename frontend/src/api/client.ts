// The one place that knows how Wails delivers results, errors and events.
import { EventsOn } from '../../wailsjs/runtime/runtime'

/** Stable error codes from domain/fault (and app/sync.go's); `code` is also the i18n key. */
export type ErrorCode =
  | 'not_found'
  | 'forbidden'
  | 'invalid_transition'
  | 'validation'
  | 'conflict'
  | 'too_large'
  | 'internal'
  | 'offline'
  | 'unauthorized'
  | 'rate_limited'
  | 'not_outpost'
  | 'server_error'
  | 'not_joined'
  | 'blob_quota'
  | 'wrong_password'
  | 'locked_out'
  | 'signed_out'
  | 'backup_damaged'
  | 'backup_foreign'
  | 'backup_newer'
  | 'import_empty'
  | 'import_malformed'
  | 'import_too_large'
  | 'import_encoding'
  | 'import_header'
  | 'import_mapping'
  | 'import_refused'
  | 'unknown'

const knownCodes: ReadonlySet<string> = new Set([
  'not_found',
  'forbidden',
  'invalid_transition',
  'validation',
  'conflict',
  'too_large',
  'internal',
  'offline',
  'unauthorized',
  'rate_limited',
  'not_outpost',
  'server_error',
  'not_joined',
  'blob_quota',
  'wrong_password',
  'locked_out',
  'signed_out',
  'backup_damaged',
  'backup_foreign',
  'backup_newer',
  'import_empty',
  'import_malformed',
  'import_too_large',
  'import_encoding',
  'import_header',
  'import_mapping',
  'import_refused',
])

/** A failed Go call: what went wrong, and for validation a message per field. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly fields: Readonly<Record<string, string>>

  constructor(code: ErrorCode, message: string, fields: Record<string, string> = {}) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.fields = fields
  }

  /** The message for one field, if Go named it. */
  field(name: string): string | undefined {
    return this.fields[name]
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

function fromShape(v: Record<string, unknown>): ApiError | null {
  if (typeof v.code !== 'string' || typeof v.message !== 'string') return null
  const fields: Record<string, string> = {}
  if (isRecord(v.fields)) {
    for (const [k, msg] of Object.entries(v.fields)) {
      if (typeof msg === 'string') fields[k] = msg
    }
  }
  const code = knownCodes.has(v.code) ? (v.code as ErrorCode) : 'unknown'
  return new ApiError(code, v.message, fields)
}

function fromText(text: string): ApiError {
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed)
      if (isRecord(parsed)) {
        const e = fromShape(parsed)
        if (e) return e
      }
    } catch {
      // not JSON: fall through to a plain message
    }
  }
  return new ApiError('unknown', trimmed || 'Something went wrong')
}

/**
 * toApiError turns whatever a rejected Wails call gave us into an ApiError. Go's error
 * formatter sends {code, message, fields}; depending on the Wails runtime that arrives as the
 * object itself, as a JSON string, or as an Error whose message is that JSON string.
 */
export function toApiError(reason: unknown): ApiError {
  if (reason instanceof ApiError) return reason
  if (isRecord(reason) && !(reason instanceof Error)) {
    const e = fromShape(reason)
    if (e) return e
  }
  if (reason instanceof Error) return fromText(reason.message)
  if (typeof reason === 'string') return fromText(reason)
  return new ApiError('unknown', 'Something went wrong')
}

let releaseSideAnswers: () => void = () => {}
const firstScreen = new Promise<void>((release) => {
  releaseSideAnswers = release
  // A desk that never shows its first screen's content (an error, the sign-in screen) asks
  // for them anyway, a second on, once a frame is painted: however slow the machine, never
  // before the first paint.
  setTimeout(() => afterPaint(release), 1000)
})

/** afterPaint runs fn once the frame now being made is painted. */
function afterPaint(fn: () => void): void {
  requestAnimationFrame(() => setTimeout(fn, 0))
}

/**
 * afterFirstScreen asks for one of the shell's side answers (the sidebar's counts, the bell's
 * badge, the sync state, the queue's total) once the first screen's content is on the screen.
 * Asked with it, the answers came back while WebKit laid the first screen out, and the shell
 * rendered them again before its first paint.
 */
export function afterFirstScreen<T>(fn: () => Promise<T>): Promise<T> {
  return firstScreen.then(fn)
}

/**
 * firstScreenPainted releases the side answers once the frame now being made is painted, and
 * tells onPainted when that was (Unix ms: the page's first contentful paint, or the moment it
 * knew the frame was painted where the paint timing is missing).
 */
export function firstScreenPainted(onPainted?: (at: number) => void): void {
  afterPaint(() => {
    releaseSideAnswers()
    const paint = performance.getEntriesByName('first-contentful-paint')[0]
    onPainted?.(performance.timeOrigin + (paint ? paint.startTime : performance.now()))
  })
}

/** call runs a bound Go method and rejects only with ApiError. */
export async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (reason) {
    throw toApiError(reason)
  }
}

/** Events Go emits, with their payloads. */
export interface EventMap {
  /** A ticket was written: its id, or "" when many changed (demo load, auto-close). */
  'ticket:changed': string
  /** An asset or relationship was written at this desk. */
  'asset:changed': undefined
  /** A knowledge article was written: its id. */
  'article:changed': string
  /** An approval was asked for, decided or cancelled at this desk: its id. */
  'approval:changed': string
  /** A catalog item, request or task was written: the item's or request's id. */
  'catalog:changed': string
  /** The test clock moved forward by this many minutes. */
  'clock:advanced': number
  /** SLA state changed: the tickets the sweep fired for, or "" after a policy/calendar edit. */
  'sla:changed': string[] | string
  /** New notifications arrived for these user ids. */
  'notification:new': string[]
  /** The sync status changed (a sync started or ended, connect, disconnect, a settle). */
  'sync:status': import('./sync').SyncStatus
  /** How far the running pull has got: a first sync's progress bar. */
  'sync:progress': import('./sync').SyncProgress
  /** The app acts as another user now (signed in to a server): the user's id. */
  'session:changed': string
  /** How far the running CSV import has got. */
  'import:progress': import('./imports').ImportProgress
  /** The desk locked (idle, or by hand) or its person signed out. */
  'session:locked': string
}

/** onEvent subscribes to a Go event and returns the unsubscribe function. */
export function onEvent<K extends keyof EventMap>(name: K, handler: (payload: EventMap[K]) => void): () => void {
  // Outside the Wails webview (unit tests, a plain browser) there is no runtime to listen to.
  const w = window as unknown as { runtime?: unknown }
  if (!w.runtime) return () => {}
  return EventsOn(name, (payload: EventMap[K]) => handler(payload))
}
