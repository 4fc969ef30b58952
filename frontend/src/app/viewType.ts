import type { TicketType } from '../api/tickets'

/** The type of ticket the queue on screen shows ('' for all types), as it last said, by its key. */
export interface ViewType {
  queue: string
  type: '' | TicketType
}

/**
 * shownType is the type the queue `queue` shows: what it last said, or, until it has said
 * anything, its sidebar item's type (a queue says it from an effect, after it has rendered).
 */
export function shownType(v: ViewType, queue: string, itemType: '' | TicketType): '' | TicketType {
  return v.queue === queue ? v.type : itemType
}

/**
 * reportType is the state once the queue `queue` says it shows `type`. It is `v` itself when
 * that changes nothing shown, so React skips the render. Every queue says its type as it
 * opens, and almost always says its item's: a new state there re-rendered the whole shell
 * after the queue's first commit, on the start-up path (~5 ms there; docs/bench-method.md,
 * "Start-up (session 16)").
 */
export function reportType(v: ViewType, queue: string, itemType: '' | TicketType, type: '' | TicketType): ViewType {
  if (shownType(v, queue, itemType) !== type) return { queue, type }
  // Said before, or what the item says anyway: nothing to keep. A queue that later says
  // something else is stored then; one that says its item's type again after that is too,
  // by the first branch (its stored type differs).
  return v
}
