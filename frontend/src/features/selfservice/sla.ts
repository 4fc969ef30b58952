import { formatDateTime } from '../../lib/format'

/** What a requester's list reads of a ticket's SLA. */
export interface PlainSLA {
  text: string
  tone: 'ok' | 'warning' | 'breached' | 'none'
}

interface RowLike {
  state: string
  slaDueAt?: number | null
  slaBreachAt?: number | null
  slaStage: string
}

/**
 * plainSLA says in words when the requester can expect an answer: "Due by …" while a clock
 * runs, "Overdue since …" once it passed (the promise was broken, said plainly), nothing for
 * a ticket whose work is done.
 */
export function plainSLA(r: RowLike, now: number): PlainSLA {
  if (r.state === 'resolved' || r.state === 'closed' || r.state === 'canceled') return { text: '', tone: 'none' }
  const breach = r.slaBreachAt ?? 0
  if (breach && breach <= now) return { text: `Overdue since ${formatDateTime(breach)}`, tone: 'breached' }
  if (r.state === 'on_hold') return { text: 'Waiting (the clock is paused)', tone: 'none' }
  const due = r.slaDueAt ?? 0
  if (!due) return { text: '', tone: 'none' }
  return { text: `Due by ${formatDateTime(due)}`, tone: r.slaStage === 'warning' ? 'warning' : 'ok' }
}
