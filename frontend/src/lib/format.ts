// How codes and times read to people.

import { isTemplate, learn, render, type Template } from './dateTemplate'

const stateLabels: Record<string, string> = {
  new: 'New',
  in_progress: 'In progress',
  on_hold: 'On hold',
  resolved: 'Resolved',
  closed: 'Closed',
  canceled: 'Canceled',
}

export function stateLabel(s: string): string {
  return stateLabels[s] ?? humanize(s)
}

/** humanize turns a code such as awaiting_vendor into "Awaiting vendor". */
export function humanize(code: string): string {
  const s = code.replace(/[_-]+/g, ' ').trim()
  return s ? s[0].toUpperCase() + s.slice(1) : ''
}

const formats = {
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  shortDate: { month: 'short', day: 'numeric' },
  shortTime: { hour: '2-digit', minute: '2-digit' },
  shortDateYear: { year: 'numeric', month: 'short', day: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>
type FormatName = keyof typeof formats
const names = Object.keys(formats) as FormatName[]

/** Where the learnt templates are kept, with the language they were learnt in. */
const LEARNT_KEY = 'outpost.dateFormats'

/** readLearnt reads the templates the last start learnt, if they are for this language. */
function readLearnt(storage: Pick<Storage, 'getItem'> = localStorage): Partial<Record<FormatName, Template>> {
  try {
    const v = JSON.parse(storage.getItem(LEARNT_KEY) ?? 'null') as { lang?: unknown; formats?: Record<string, unknown> } | null
    if (!v || v.lang !== navigator.language || typeof v.formats !== 'object' || v.formats === null) return {}
    const out: Partial<Record<FormatName, Template>> = {}
    for (const n of names) {
      const t = v.formats[n]
      if (isTemplate(t)) out[n] = t
    }
    return out
  } catch {
    return {}
  }
}

let learnt = readLearnt()
const made: Partial<Record<FormatName, Intl.DateTimeFormat>> = {}

/** format formats d as name: with the template learnt at the last start, else with Intl, made
 * on first use (each format costs WebKit ~1.5 ms to make, the first ~6 ms). */
function format(name: FormatName, d: Date): string {
  const t = learnt[name]
  if (t) return render(t, d)
  return (made[name] ??= new Intl.DateTimeFormat(undefined, formats[name])).format(d)
}

/**
 * learnDateFormats learns each format's template from Intl and keeps them for the next start
 * (lib/dateTemplate.ts says why). Run once the desk is up: it makes every format and checks
 * each template against ~800 dates.
 */
export function learnDateFormats(storage: Pick<Storage, 'getItem' | 'setItem'> = localStorage): void {
  const out: Partial<Record<FormatName, Template>> = {}
  for (const n of names) {
    const t = learn(formats[n])
    if (t) out[n] = t
  }
  const v = JSON.stringify({ lang: navigator.language, formats: out })
  if (storage.getItem(LEARNT_KEY) !== v) storage.setItem(LEARNT_KEY, v)
  learnt = out
}

let learning = false

/**
 * learnDateFormatsLater runs learnDateFormats once, a moment after the desk is up: soon, so that
 * a desk opened for a minute learns too, and out of the first paint's way.
 */
export function learnDateFormatsLater(): void {
  if (learning) return
  learning = true
  const run = () => {
    try {
      learnDateFormats()
    } catch {
      // Storage full or refused: the next start uses Intl, as the first did.
    }
  }
  setTimeout(run, 300)
}

export function formatDateTime(ms: number): string {
  return ms ? format('dateTime', new Date(ms)) : ''
}

/**
 * formatShort shows the time for today, the day for this year and the full date otherwise:
 * what a queue column needs.
 */
export function formatShort(ms: number, now = Date.now()): string {
  if (!ms) return ''
  const d = new Date(ms)
  const today = new Date(now)
  if (d.toDateString() === today.toDateString()) return format('shortTime', d)
  return format(d.getFullYear() === today.getFullYear() ? 'shortDate' : 'shortDateYear', d)
}

export function formatMinutes(m: number): string {
  const h = Math.floor(m / 60)
  const r = m % 60
  return h ? (r ? `${h} h ${r} min` : `${h} h`) : `${r} min`
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}
