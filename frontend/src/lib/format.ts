// How codes and times read to people.

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

/**
 * lazyFormat makes the date format on its first use. Each costs ~1.5 ms to make in WebKit
 * (ICU resolves the locale's pattern), and the first screen needs at most two of the four:
 * made at load, all four were on the start-up path (docs/bench-method.md, "Start-up
 * (session 16)").
 */
function lazyFormat(options: Intl.DateTimeFormatOptions): () => Intl.DateTimeFormat {
  let f: Intl.DateTimeFormat | undefined
  return () => (f ??= new Intl.DateTimeFormat(undefined, options))
}

const dateTime = lazyFormat({ dateStyle: 'medium', timeStyle: 'short' })
const shortDate = lazyFormat({ month: 'short', day: 'numeric' })
const shortTime = lazyFormat({ hour: '2-digit', minute: '2-digit' })
const shortDateYear = lazyFormat({ year: 'numeric', month: 'short', day: 'numeric' })

export function formatDateTime(ms: number): string {
  return ms ? dateTime().format(new Date(ms)) : ''
}

/**
 * formatShort shows the time for today, the day for this year and the full date otherwise:
 * what a queue column needs.
 */
export function formatShort(ms: number, now = Date.now()): string {
  if (!ms) return ''
  const d = new Date(ms)
  const today = new Date(now)
  if (d.toDateString() === today.toDateString()) return shortTime().format(d)
  return d.getFullYear() === today.getFullYear() ? shortDate().format(d) : shortDateYear().format(d)
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
