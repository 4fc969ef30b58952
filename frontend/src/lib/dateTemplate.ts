// Date formats learnt from Intl, kept for the next start.
//
// WebKit spends ~6 ms making the first Intl.DateTimeFormat of a page (ICU's calendar, time zone
// and symbols; a style-based format costs the same), and the queue's first rows need one, on
// the start-up path (docs/bench-method.md, "Start-up (session 16)"). So once the desk is up, each
// format's output is learnt as a template — its parts in order, the month and day-period names —
// checked against Intl for every month, many days, hours and minutes, and kept in local storage.
// The next start formats with the template and makes no Intl format until something needs one
// the templates do not cover. A locale whose output the template cannot reproduce exactly
// (another numbering system or calendar, a part it does not know, names that change by day) gets
// no template and keeps Intl.

/** One part of the output: a literal, or a field rendered from the date. */
type Part =
  | ['lit', string]
  | ['year']
  | ['month', 'pad' | '']
  | ['monthName']
  | ['day', 'pad' | '']
  | ['hour', 'pad' | '']
  | ['minute']
  | ['period']

export interface Template {
  parts: Part[]
  /** The twelve month names, when the month is a name. */
  months?: string[]
  /** Before and after noon, when there is a day period. */
  periods?: [string, string]
  hourCycle?: 'h11' | 'h12' | 'h23' | 'h24'
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n))

/** render formats d with t: plain string work, no Intl. */
export function render(t: Template, d: Date): string {
  let s = ''
  for (const p of t.parts) {
    switch (p[0]) {
      case 'lit':
        s += p[1]
        break
      case 'year':
        s += String(d.getFullYear())
        break
      case 'month':
        s += p[1] ? pad2(d.getMonth() + 1) : String(d.getMonth() + 1)
        break
      case 'monthName':
        s += t.months![d.getMonth()]
        break
      case 'day':
        s += p[1] ? pad2(d.getDate()) : String(d.getDate())
        break
      case 'hour': {
        const h = d.getHours()
        const v = t.hourCycle === 'h11' ? h % 12 : t.hourCycle === 'h12' ? h % 12 || 12 : t.hourCycle === 'h24' ? h || 24 : h
        s += p[1] ? pad2(v) : String(v)
        break
      }
      case 'minute':
        s += pad2(d.getMinutes())
        break
      case 'period':
        s += t.periods![d.getHours() < 12 ? 0 : 1]
        break
    }
  }
  return s
}

/** The dates a template must reproduce exactly: every month; days, hours and minutes of one
 * and two digits; both halves of the day; two years. */
function* checkDates(): Generator<Date> {
  for (const year of [2001, 2026])
    for (let month = 0; month < 12; month++)
      for (const day of [1, 9, 10, 28])
        for (const [hour, minute] of [
          [0, 0],
          [1, 5],
          [9, 30],
          [11, 59],
          [12, 0],
          [13, 7],
          [21, 45],
          [23, 59],
        ])
          yield new Date(year, month, day, hour, minute)
}

/**
 * learn makes the template of Intl's format for options in locale (undefined: the desk's), or
 * null when the template cannot reproduce it exactly.
 */
export function learn(options: Intl.DateTimeFormatOptions, locale?: string): Template | null {
  const f = new Intl.DateTimeFormat(locale, options)
  const ro = f.resolvedOptions()
  if (ro.numberingSystem !== 'latn' || ro.calendar !== 'gregory') return null
  // Early in the day, month and year, so that padding shows.
  const sample = new Date(2001, 0, 2, 3, 4)
  const t: Template = { parts: [] }
  for (const { type, value } of f.formatToParts(sample)) {
    const digits = /^\d+$/.test(value)
    switch (type) {
      case 'literal':
        t.parts.push(['lit', value])
        break
      case 'year':
        if (value !== '2001') return null
        t.parts.push(['year'])
        break
      case 'month':
        t.parts.push(digits ? ['month', value.length === 2 ? 'pad' : ''] : ['monthName'])
        break
      case 'day':
        if (!digits) return null
        t.parts.push(['day', value.length === 2 ? 'pad' : ''])
        break
      case 'hour':
        if (!digits) return null
        t.parts.push(['hour', value.length === 2 ? 'pad' : ''])
        t.hourCycle = ro.hourCycle
        break
      case 'minute':
        if (value !== '04') return null
        t.parts.push(['minute'])
        break
      case 'dayPeriod':
        t.parts.push(['period'])
        break
      default:
        return null
    }
  }
  const field = (d: Date, type: string) => f.formatToParts(d).find((p) => p.type === type)?.value ?? ''
  if (t.parts.some((p) => p[0] === 'monthName')) t.months = Array.from({ length: 12 }, (_, m) => field(new Date(2001, m, 2, 3, 4), 'month'))
  if (t.parts.some((p) => p[0] === 'period')) t.periods = [field(new Date(2001, 0, 2, 3, 4), 'dayPeriod'), field(new Date(2001, 0, 2, 15, 4), 'dayPeriod')]
  // The literals as format writes them: its parts may differ (V8's format writes a space where
  // formatToParts keeps ICU's narrow no-break space before AM).
  const whole = f.format(sample)
  let at = 0
  for (const p of t.parts) {
    const len = render({ ...t, parts: [p] }, sample).length
    if (p[0] === 'lit') p[1] = whole.slice(at, at + len)
    at += len
  }
  for (const d of checkDates()) if (render(t, d) !== f.format(d)) return null
  return t
}

/** isTemplate says whether v, read back from storage, is a template render can use. */
export function isTemplate(v: unknown): v is Template {
  if (typeof v !== 'object' || v === null) return false
  const t = v as Template
  if (!Array.isArray(t.parts) || t.parts.length === 0) return false
  const names = (a: unknown, n: number) => Array.isArray(a) && a.length === n && a.every((s) => typeof s === 'string')
  for (const p of t.parts) {
    if (!Array.isArray(p)) return false
    switch (p[0]) {
      case 'lit':
        if (typeof p[1] !== 'string') return false
        break
      case 'monthName':
        if (!names(t.months, 12)) return false
        break
      case 'period':
        if (!names(t.periods, 2)) return false
        break
      case 'hour':
        if ((p[1] !== 'pad' && p[1] !== '') || !['h11', 'h12', 'h23', 'h24'].includes(t.hourCycle ?? '')) return false
        break
      case 'month':
      case 'day':
        if (p[1] !== 'pad' && p[1] !== '') return false
        break
      case 'year':
      case 'minute':
        break
      default:
        return false
    }
  }
  return true
}
