import { useState, type FormEvent } from 'react'
import { ApiError } from '../../../api/client'
import { useLimit } from '../../../api/session'
import { markDuplicate, relateTicket, setMajor, setParent, useTicketWrite, type Detail } from '../../../api/tickets'
import { ErrorBanner } from '../../../components/ui/Banner'
import { CharCount } from '../../../components/ui/CharCount'
import { StateChip } from '../../../components/ui/Chip'

type Action = 'parent' | 'relate' | 'duplicate'

const linkLabels: Record<string, string> = {
  'parent:out': 'Child of',
  'parent:in': 'Parent of',
  'duplicate:out': 'Duplicate of',
  'duplicate:in': 'Duplicated by',
}

/** LinksPanel: the major-incident flag, the parent, related tickets and duplicates. */
export function LinksPanel({ detail, editable, onOpen }: { detail: Detail; editable: boolean; onOpen: (id: string) => void }) {
  const t = detail.ticket
  const [error, setError] = useState<ApiError | null>(null)
  const [majorReason, setMajorReason] = useState(t.majorReason)
  const majorLimit = useLimit('ticket.majorReason')
  const [action, setAction] = useState<Action>('relate')
  const [number, setNumber] = useState('')
  const major = useTicketWrite(t.id, (v: { on: boolean; reason: string }) => setMajor(t.id, v.on, v.reason))
  const link = useTicketWrite(t.id, (v: { action: Action; number: string }) =>
    v.action === 'parent' ? setParent(t.id, v.number) : v.action === 'relate' ? relateTicket(t.id, v.number) : markDuplicate(t.id, v.number),
  )
  const run = async (p: Promise<unknown>) => {
    setError(null)
    try {
      await p
      return true
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('unknown', String(err)))
      return false
    }
  }
  const submitLink = async (e: FormEvent) => {
    e.preventDefault()
    if (await run(link.mutateAsync({ action, number: number.trim() }))) setNumber('')
  }
  const fe = (...names: string[]) => names.map((n) => error?.fields[n]).find(Boolean)
  const open = t.state === 'new' || t.state === 'in_progress' || t.state === 'on_hold'

  return (
    <section className="links" aria-label="Major incident and links">
      <header className="section-head">
        <h3>Links</h3>
      </header>
      <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
      {t.type === 'incident' && (
        <div className="major-row">
          {t.major ? (
            <>
              <span className="badge-major">Major incident</span>
              <span className="muted">{t.majorReason}</span>
              {editable && open && detail.allowed?.major && (
                <button type="button" className="btn btn-small btn-ghost" onClick={() => void run(major.mutateAsync({ on: false, reason: '' }))} data-testid="major-clear">
                  Clear flag
                </button>
              )}
            </>
          ) : (
            editable &&
            open &&
            detail.allowed?.major && (
              <form
                className="inline-form"
                onSubmit={(e) => {
                  e.preventDefault()
                  void run(major.mutateAsync({ on: true, reason: majorReason }))
                }}
              >
                <input
                  aria-label="Why is this a major incident?"
                  placeholder="Reason to declare a major incident"
                  value={majorReason}
                  onChange={(e) => setMajorReason(e.target.value)}
                  data-testid="major-reason"
                />
                <button type="submit" className="btn btn-small" data-testid="major-set">
                  Declare major incident
                </button>
                <CharCount value={majorReason} limit={majorLimit} />
                {fe('majorReason', 'major') && <span className="field-error">{fe('majorReason', 'major')}</span>}
              </form>
            )
          )}
        </div>
      )}
      {detail.links.length > 0 && (
        <ul className="link-list" data-testid="links">
          {detail.links.map((l) => (
            <li key={`${l.kind}-${l.direction}-${l.id}`}>
              <span className="muted">{linkLabels[`${l.kind}:${l.direction}`] ?? 'Related to'}</span>{' '}
              <button type="button" className="link mono" onClick={() => onOpen(l.id)}>
                {l.number}
              </button>{' '}
              <span className="link-title">{l.title}</span> <StateChip state={l.state} />
            </li>
          ))}
        </ul>
      )}
      {editable && detail.allowed?.link && (
        <form className="inline-form" onSubmit={submitLink}>
          <select aria-label="Link action" value={action} onChange={(e) => setAction(e.target.value as Action)} data-testid="link-action">
            <option value="relate">Relate to</option>
            {t.type === 'incident' && <option value="parent">Set parent (major incident)</option>}
            <option value="duplicate">Mark as duplicate of</option>
          </select>
          <input
            aria-label="Ticket number"
            placeholder="INC0001001"
            value={number}
            onChange={(e) => setNumber(e.target.value)}
            className="mono"
            data-testid="link-number"
          />
          <button type="submit" className="btn btn-small" disabled={!number.trim()} data-testid="link-submit">
            Link
          </button>
          {fe('parentId', 'toId', 'duplicateOf') && <span className="field-error">{fe('parentId', 'toId', 'duplicateOf')}</span>}
        </form>
      )}
    </section>
  )
}
