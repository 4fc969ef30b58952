// Remaining time of an SLA clock, as the badge and the queue column show it.
import type { Clock } from '../../api/sla'

export type Tone = 'ok' | 'warning' | 'breached' | 'paused' | 'done'

/** formatDuration renders a span of milliseconds compactly: 45m, 3h 20m, 2d 4h. */
export function formatDuration(ms: number): string {
  const m = Math.floor(Math.abs(ms) / 60000)
  if (m < 60) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`
  const d = Math.floor(h / 24)
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`
}

/** describe says what a clock shows at now: text and colour tone. */
export function describe(c: Clock, now: number): { text: string; tone: Tone } {
  switch (c.state) {
    case 'met':
      return { text: 'met', tone: 'done' }
    case 'breached':
      return { text: 'missed', tone: 'breached' }
    case 'canceled':
      return { text: '—', tone: 'done' }
    case 'paused':
      return { text: `paused, ${formatDuration(c.targetMs - c.elapsedMs)} left`, tone: 'paused' }
  }
  if (!c.dueAt) return { text: '—', tone: 'done' }
  const left = c.dueAt - now
  if (left <= 0) return { text: `${formatDuration(left)} overdue`, tone: 'breached' }
  const used = c.targetMs > 0 ? 1 - left / c.targetMs : 0
  return { text: `${formatDuration(left)} left`, tone: c.stage === 'warning' || used >= 0.75 ? 'warning' : 'ok' }
}
