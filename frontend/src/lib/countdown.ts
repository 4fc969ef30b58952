// How an SLA due time reads in a queue cell or the ticket pane: "23m left", "breached 2h ago",
// and the tone that colours it. Pure functions of the due time and now.

import { formatDateTime } from './format'

export type Tone = 'ok' | 'warning' | 'breached' | 'paused' | 'none'

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/**
 * formatSpan is a compact duration: "45m", "2h 5m", "3d 4h". Minutes are rounded up for
 * time still left (30 s left is "1m", not "0m") and down for time already past. With largest
 * 'h' it never counts in days ("30h", not "1d 6h").
 */
export function formatSpan(ms: number, round: 'up' | 'down' = 'down', largest: 'h' | 'd' = 'd'): string {
  const minutes = round === 'up' ? Math.ceil(ms / MINUTE) : Math.floor(ms / MINUTE)
  if (minutes < 60) return `${minutes}m`
  if (minutes < 24 * 60 || largest === 'h') {
    const h = Math.floor(minutes / 60)
    const m = minutes % 60
    return m ? `${h}h ${m}m` : `${h}h`
  }
  const d = Math.floor(minutes / (24 * 60))
  const h = Math.floor((minutes % (24 * 60)) / 60)
  return h ? `${d}d ${h}h` : `${d}d`
}

/**
 * formatElapsedOf is "5h 10m of 30h": elapsed and target in the same units, the target's
 * largest. A business clock counts in hours, as a business day is not 24 hours.
 */
export function formatElapsedOf(elapsedMs: number, targetMs: number, business: boolean): string {
  const largest = business || targetMs < DAY ? 'h' : 'd'
  return `${formatSpan(elapsedMs, 'down', largest)} of ${formatSpan(targetMs, 'down', largest)}`
}

/** formatRemaining: "23m left" before the due time, "breached 2h ago" after it. */
export function formatRemaining(dueAt: number, now: number): string {
  const diff = dueAt - now
  if (diff > 0) return `${formatSpan(diff, 'up')} left`
  if (-diff < MINUTE) return 'breached just now'
  return `breached ${formatSpan(-diff, 'down')} ago`
}

/**
 * toneOf colours a countdown. Past the due time it is breached whatever Go stored last; before
 * it, Go's stage says whether the warning share has been reached.
 */
export function toneOf(dueAt: number, stage: string, now: number): Tone {
  if (!dueAt) return 'none'
  if (now >= dueAt || stage === 'breached') return 'breached'
  return stage === 'warning' ? 'warning' : 'ok'
}

/** What a queue row knows about its SLA (ticket.Row). */
export interface RowSLA {
  slaDueAt?: number | null
  /** When the SLA breaches or breached, also while paused after the breach. */
  slaBreachAt?: number | null
  slaStage: string
  state: string
}

export interface Countdown {
  text: string
  tone: Tone
  title: string
  /** The clock is stopped (on hold), whatever the tone says about its breach. */
  paused: boolean
}

/** pausedText reads a stopped clock: "Paused", or "Paused · breached 2h ago" after its due time. */
export function pausedText(breachAt: number, now: number): string {
  return breachAt ? `Paused · ${formatRemaining(breachAt, now)}` : 'Paused'
}

/**
 * rowCountdown is the queue's SLA cell. A row with no running clock is paused when the ticket
 * is on hold (the only state that stops a clock) and shows nothing otherwise (met, or done).
 */
export function rowCountdown(r: RowSLA, now: number): Countdown {
  const due = r.slaDueAt ?? 0
  if (!due) {
    if (r.state === 'on_hold') {
      // A clock paused after its due time stays breached: both show.
      const breach = r.slaBreachAt ?? 0
      if (breach && breach <= now) {
        return {
          text: pausedText(breach, now),
          tone: 'breached',
          title: `Breached ${formatDateTime(breach)}; the SLA clock is paused while on hold`,
          paused: true,
        }
      }
      return { text: 'Paused', tone: 'paused', title: 'The SLA clock is paused while on hold', paused: true }
    }
    return { text: '—', tone: 'none', title: 'No SLA clock is running', paused: false }
  }
  return {
    text: formatRemaining(due, now),
    tone: toneOf(due, r.slaStage, now),
    title: `Due ${formatDateTime(due)}`,
    paused: false,
  }
}

/** elapsedShare is how much of a target has gone, 0..1+ (for a progress bar). */
export function elapsedShare(elapsedMs: number, targetMs: number): number {
  if (targetMs <= 0) return 0
  return Math.max(0, elapsedMs / targetMs)
}

export { MINUTE, HOUR, DAY }
