import type { BulkResult } from '../../../api/tickets'
import { BULK_LABELS, type BulkKind } from '../bulk'

interface BarProps {
  count: number
  /** Every ticket of the view is ticked, loaded or not. */
  all: boolean
  busy: boolean
  onAction: (kind: BulkKind) => void
  onAssignToMe: () => void
  onClear: () => void
}

const ACTIONS: BulkKind[] = ['assign', 'priority', 'category', 'tags', 'note', 'on_hold', 'resolved', 'canceled']

/** BulkBar shows how many tickets are ticked and what can be done to all of them at once. */
export function BulkBar({ count, all, busy, onAction, onAssignToMe, onClear }: BarProps) {
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Ticked tickets" data-testid="bulk-bar">
      <strong data-testid="bulk-count" data-count={count}>
        {all ? `All ${count.toLocaleString()} tickets in this view` : `${count.toLocaleString()} selected`}
      </strong>
      <button type="button" className="btn btn-small" onClick={onAssignToMe} disabled={busy} data-testid="bulk-assign-me">
        Assign to me
      </button>
      {ACTIONS.map((k) => (
        <button key={k} type="button" className="btn btn-small" onClick={() => onAction(k)} disabled={busy} data-testid={`bulk-${k}`}>
          {BULK_LABELS[k]}…
        </button>
      ))}
      <div className="spacer" />
      <button type="button" className="btn btn-small btn-ghost" onClick={onClear} data-testid="bulk-clear">
        Clear selection
      </button>
    </div>
  )
}

const CODE_LABELS: Record<string, string> = {
  invalid_transition: 'Not allowed in its state',
  validation: 'Not valid',
  forbidden: 'Not allowed for you',
  not_found: 'Not found',
  conflict: 'Conflict',
}

interface ResultProps {
  result: BulkResult
  onOpen: (id: string) => void
  onClose: () => void
}

/** BulkResultPanel says what a bulk action did, and lists each ticket the rules refused and why. */
export function BulkResultPanel({ result, onOpen, onClose }: ResultProps) {
  const refused = result.refused ?? []
  return (
    <section
      className={`bulk-result${refused.length ? ' has-refused' : ''}`}
      aria-label="What the bulk action did"
      role="status"
      data-testid="bulk-result"
      data-done={result.done}
      data-refused={refused.length}
    >
      <header className="row">
        <strong>
          {result.done.toLocaleString()} {result.done === 1 ? 'ticket' : 'tickets'} changed
          {refused.length > 0 && `, ${refused.length.toLocaleString()} refused`}
        </strong>
        <div className="spacer" />
        <button type="button" className="icon-btn" aria-label="Dismiss" onClick={onClose} data-testid="bulk-result-close">
          ×
        </button>
      </header>
      {refused.length > 0 && (
        <ul className="bulk-refused">
          {refused.map((o) => (
            <li key={o.id} data-testid="bulk-refused" data-number={o.number} data-code={o.code}>
              <button type="button" className="link mono" onClick={() => onOpen(o.id)} disabled={!o.number}>
                {o.number || 'Unknown ticket'}
              </button>
              <span className="chip" title={o.code}>
                {CODE_LABELS[o.code ?? ''] ?? o.code}
              </span>
              <span className="muted">{o.message}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
