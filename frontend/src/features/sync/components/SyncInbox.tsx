// The sync inbox: conflicts to settle (both values side by side) and my changes the server
// refused, with its reasons.
import { useState } from 'react'
import { ApiError, toApiError } from '../../../api/client'
import { useConflicts, useRejections, useSettle, type Conflict, type Rejection, type SettleChoice } from '../../../api/sync'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Field } from '../../../components/ui/Field'
import { formatDateTime, humanize } from '../../../lib/format'
import { fieldLabel, reason, what } from '../rejection'
import { AutoWhat } from './AutoWhat'
import '../sync.css'

export function SyncInbox({ onOpen }: { onOpen: (ticketId: string) => void }) {
  const conflicts = useConflicts()
  const rejections = useRejections()
  const error = conflicts.error ?? rejections.error
  return (
    <section className="page sync-inbox" aria-label="Sync inbox" data-testid="sync-inbox">
      <header className="queue-head">
        <h1>Sync inbox</h1>
      </header>
      <div className="page-body">
        <ErrorBanner message={error?.message} />
        <section className="card" aria-label="Conflicts" data-testid="conflict-list">
          <header className="card-head">
            <h2>Conflicts</h2>
            <span className="muted small" data-testid="conflict-count">
              {conflicts.data?.length ?? 0} to settle
            </span>
          </header>
          <p className="muted small">
            Someone else changed the same field while you did. One value is in place now; keep it, take the other, or
            type what it should be.
          </p>
          {conflicts.data && conflicts.data.length === 0 && (
            <p className="sync-empty" data-testid="conflicts-empty">
              Nothing to settle.
            </p>
          )}
          {conflicts.data?.map((c) => (
            <ConflictCard key={c.id} conflict={c} onOpen={onOpen} />
          ))}
        </section>
        <section className="card" aria-label="Refused changes" data-testid="rejection-list">
          <header className="card-head">
            <h2>Changes the server refused</h2>
            <span className="muted small">{rejections.data?.length ?? 0}</span>
          </header>
          {rejections.data && rejections.data.length === 0 ? (
            <p className="sync-empty" data-testid="rejections-empty">
              The server has accepted all your changes.
            </p>
          ) : (
            <RejectionTable items={rejections.data ?? []} onOpen={onOpen} />
          )}
        </section>
      </div>
    </section>
  )
}

function RecordLink({ number, title, id, onOpen }: { number: string; title: string; id: string; onOpen: (id: string) => void }) {
  if (!number) return <span className="muted">a record no longer here</span>
  return (
    <button type="button" className="link sync-record" onClick={() => onOpen(id)} data-testid="sync-record">
      <strong>{number}</strong> {title}
    </button>
  )
}

function ConflictCard({ conflict: c, onOpen }: { conflict: Conflict; onOpen: (id: string) => void }) {
  const settle = useSettle()
  const [editing, setEditing] = useState(false)
  const [value, setValue] = useState(c.winner === 'mine' ? c.mineText : c.theirsText)
  const [error, setError] = useState<ApiError | null>(null)

  const run = (choice: SettleChoice) => {
    setError(null)
    settle.mutate(
      { id: c.id, choice, value: choice === 'edit' ? value : undefined },
      { onError: (err) => setError(toApiError(err)) },
    )
  }
  const side = (which: 'mine' | 'theirs', text: string) => (
    <div className={`conflict-side${c.winner === which ? ' in-place' : ''}`} data-testid={`conflict-${which}`}>
      <div className="conflict-side-head">
        {which === 'mine' ? 'Mine' : 'Theirs'}
        {c.winner === which && <span className="conflict-tag">in place now</span>}
      </div>
      <div className="conflict-value" data-testid={`conflict-${which}-value`}>
        {text}
      </div>
    </div>
  )
  return (
    <article className="conflict" data-testid="conflict" data-field={c.field} data-number={c.recordNumber} data-id={c.id}>
      <header className="conflict-head">
        {c.entity === 'ticket' ? (
          <RecordLink number={c.recordNumber} title={c.recordTitle} id={c.recordId} onOpen={onOpen} />
        ) : (
          // Configuration (an SLA policy, a calendar, the desk settings): named, not opened here.
          <span className="sync-record" data-testid="sync-config-record">
            <strong>{c.recordNumber}</strong> {c.recordTitle}
          </span>
        )}
        <span className="muted small">
          {fieldLabel(c.field)} · {formatDateTime(c.createdAt)}
        </span>
      </header>
      <div className="conflict-sides">
        {side('mine', c.mineText)}
        {side('theirs', c.theirsText)}
      </div>
      <ErrorBanner message={error && !error.field('value') ? error.message : undefined} onDismiss={() => setError(null)} />
      {editing ? (
        <form
          noValidate
          className="conflict-edit"
          onSubmit={(e) => {
            e.preventDefault()
            run('edit')
          }}
        >
          <Field label={`New ${fieldLabel(c.field).toLowerCase()}`} error={error?.field('value')}>
            <input value={value} onChange={(e) => setValue(e.target.value)} data-testid="conflict-edit-value" autoFocus />
          </Field>
          <div className="row-start">
            <button type="submit" className="btn btn-primary btn-small" disabled={settle.isPending} data-testid="conflict-edit-save">
              Save
            </button>
            <button type="button" className="btn btn-small" onClick={() => setEditing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="row-start conflict-actions">
          <button type="button" className="btn btn-small" disabled={settle.isPending} onClick={() => run('keep-mine')} data-testid="conflict-keep-mine">
            Keep mine
          </button>
          <button type="button" className="btn btn-small" disabled={settle.isPending} onClick={() => run('keep-theirs')} data-testid="conflict-keep-theirs">
            Keep theirs
          </button>
          {c.editable && (
            <button type="button" className="btn btn-small" disabled={settle.isPending} onClick={() => setEditing(true)} data-testid="conflict-edit">
              Edit…
            </button>
          )}
        </div>
      )}
    </article>
  )
}

function RejectionTable({ items, onOpen }: { items: Rejection[]; onOpen: (id: string) => void }) {
  return (
    <div className="table-wrap">
      <table className="data-table">
        <thead>
          <tr>
            <th>When</th>
            <th>Record</th>
            <th>Change</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {items.map((r) => (
            <tr
              key={r.opId}
              className={r.auto ? 'rejection-auto' : undefined}
              data-testid="rejection"
              data-code={r.code}
              data-number={r.recordNumber}
              data-auto={r.auto ? 'true' : 'false'}
            >
              <td className="muted sync-when">{formatDateTime(r.at)}</td>
              <td>
                <RecordLink number={r.recordNumber} title={r.recordTitle} id={r.ticketId || r.recordId} onOpen={onOpen} />
              </td>
              <td>{r.auto ? <AutoWhat r={r} /> : what(r)}</td>
              <td>
                <strong>{humanize(r.code)}</strong>
                {reason(r) && <span className="muted">: {reason(r)}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
