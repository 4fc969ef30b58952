import type { Rejection } from '../../../api/sync'
import { autoWork, lowerFirst, what } from '../rejection'

/**
 * AutoWhat marks a refused change that was the desk's own work: Outpost did it by itself
 * under the user's name, so it reads as Outpost's, not as something they did.
 */
export function AutoWhat({ r }: { r: Rejection }) {
  return (
    <span className="rejection-auto-what" title="Outpost did this by itself and synced it under your name; you did not make this change.">
      <span className="chip chip-auto" data-testid="rejection-auto">
        Automatic
      </span>{' '}
      Outpost's {autoWork(r)}: {lowerFirst(what(r))}
    </span>
  )
}
