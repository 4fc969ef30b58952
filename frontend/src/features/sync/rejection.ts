// How a refused change reads to its author. The desk's own work (auto-close, SLA escalations)
// is pushed under the signed-in user's name, so its refusals must say plainly that Outpost
// did it by itself: nobody should hunt for an edit they never made.
import type { Rejection } from '../../api/sync'
import { humanize, stateLabel } from '../../lib/format'

/** fieldLabel names a record field as the ticket form does ("assigneeId" → "Assignee"). */
export function fieldLabel(field: string): string {
  const s = field.replace(/Id$/, '').replace(/([a-z])([A-Z])/g, '$1 $2')
  return humanize(s.toLowerCase())
}

/** movedTo reads the target state of a transition's value ({"from":..,"to":..}), if any. */
function movedTo(r: Rejection): string {
  try {
    const v: unknown = JSON.parse(r.valueText)
    if (v && typeof v === 'object' && 'to' in v && typeof v.to === 'string') return v.to
  } catch {
    // not a move: the value reads as it is
  }
  return ''
}

/** what says what a refused op tried to do. */
export function what(r: Rejection): string {
  switch (r.op) {
    case 'create':
      return 'Create'
    case 'set':
      return `Set ${fieldLabel(r.field).toLowerCase()} to “${r.valueText}”`
    case 'transition': {
      const to = movedTo(r)
      return to ? `Change the state to ${stateLabel(to)}` : 'Change the state'
    }
    case 'append':
      return r.auto ? 'Add a work note' : 'Add a comment or file'
    case 'archive':
      return 'Archive'
    default:
      return humanize(r.op)
  }
}

/**
 * autoWork names the kind of automatic work an op was: the server accepts only closing a
 * resolved ticket and SLA escalations (reassign, raise the priority, a work note) as such.
 */
export function autoWork(r: Rejection): string {
  return r.op === 'transition' ? 'auto-close' : 'SLA escalation'
}

/** lowerFirst starts a sentence fragment in lower case, leaving quoted values alone. */
export function lowerFirst(s: string): string {
  return s ? s[0].toLowerCase() + s.slice(1) : s
}

/**
 * reason is the server's reason without the trailing error code Go wraps it with
 * ("INC… is canceled: invalid transition" → "INC… is canceled"): the code is shown already.
 */
export function reason(r: Rejection): string {
  const tail = `: ${r.code.replace(/_/g, ' ')}`
  return r.reason.endsWith(tail) ? r.reason.slice(0, -tail.length) : r.reason
}

/** why is the server's reason as a sentence: "Invalid transition: INC… is canceled". */
export function why(r: Rejection): string {
  const text = reason(r)
  return text ? `${humanize(r.code)}: ${text}` : humanize(r.code)
}

/**
 * summary is one line for a refused change: "Automatic: Outpost's SLA escalation was
 * refused — …" for the desk's own work, "Set priority to “1” was refused — …" for the user's.
 */
export function summary(r: Rejection): string {
  const head = r.auto ? `Automatic: Outpost's ${autoWork(r)} was refused` : `${what(r)} was refused`
  return `${head} — ${why(r)}`
}
