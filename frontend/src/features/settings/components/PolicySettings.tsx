import { useState } from 'react'
import { ApiError } from '../../../api/client'
import type { Reference } from '../../../api/session'
import { reorderPolicies, useCalendars, usePolicies, useSLAWrite, type Policy } from '../../../api/sla'
import { ErrorBanner } from '../../../components/ui/Banner'
import { clonePolicy, matchSummary, newPolicy } from '../model'
import { PolicyEditor } from './PolicyEditor'
import { SplitListHead, useSplitSelection } from './SplitParts'

/** PolicySettings: the ordered policy list (first match wins, default last) and the editor. */
export function PolicySettings({ reference, canEdit }: { reference: Reference; canEdit: boolean }) {
  const policies = usePolicies()
  const calendars = useCalendars()
  const reorder = useSLAWrite(reorderPolicies)
  const { creating, current: currentOf, startNew, pick, cancelNew, unpick } = useSplitSelection()
  const [error, setError] = useState('')

  if (policies.error || calendars.error) return <ErrorBanner message={(policies.error ?? calendars.error)?.message} />
  if (!policies.data || !calendars.data) return <p className="muted">Loading…</p>

  const list = policies.data
  const ordered = list.filter((p) => !p.default)
  const current: Policy | undefined = currentOf(list)
  const calendarName = (id: string) => calendars.data.find((c) => c.id === id)?.name ?? '—'
  const groupName = (id: string) => reference.groups.find((g) => g.id === id)?.name ?? id

  const move = async (id: string, by: -1 | 1) => {
    const ids = ordered.map((p) => p.id)
    const i = ids.indexOf(id)
    const j = i + by
    if (j < 0 || j >= ids.length) return
    ;[ids[i], ids[j]] = [ids[j], ids[i]]
    setError('')
    try {
      await reorder.mutateAsync(ids)
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    }
  }

  return (
    <section className="card split" aria-label="SLA policies" data-testid="policy-settings">
      <div className="split-list">
        <SplitListHead
          title="SLA policies"
          newLabel="New policy"
          testId="policy-new"
          canEdit={canEdit}
          onNew={startNew}
        />
        <p className="muted small">Tried top to bottom; the first that matches a ticket sets its targets.</p>
        <ErrorBanner message={error} onDismiss={() => setError('')} />
        <ol className="policy-list" data-testid="policy-list">
          {list.map((p) => {
            const i = ordered.indexOf(p)
            const on = !creating && current?.id === p.id
            return (
              <li key={p.id} className={on ? 'on' : ''} data-testid="policy-item" data-name={p.name}>
                <button
                  type="button"
                  className="policy-pick"
                  aria-current={on || undefined}
                  onClick={() => pick(p.id)}
                >
                  <span className="policy-name">
                    {p.name}
                    {p.default && <span className="chip chip-muted">Default</span>}
                    {!p.active && !p.default && <span className="chip chip-muted">Off</span>}
                  </span>
                  <span className="muted small">{matchSummary(p, groupName)}</span>
                  <span className="muted small">{calendarName(p.calendarId)}</span>
                </button>
                {canEdit && !p.default && (
                  <span className="order-btns">
                    <button
                      type="button"
                      className="icon-btn"
                      aria-label={`Move ${p.name} up`}
                      disabled={i <= 0 || reorder.isPending}
                      onClick={() => void move(p.id, -1)}
                      data-testid="policy-up"
                    >
                      ↑
                    </button>
                    <button
                      type="button"
                      className="icon-btn"
                      aria-label={`Move ${p.name} down`}
                      disabled={i >= ordered.length - 1 || reorder.isPending}
                      onClick={() => void move(p.id, 1)}
                      data-testid="policy-down"
                    >
                      ↓
                    </button>
                  </span>
                )}
              </li>
            )
          })}
        </ol>
      </div>
      <div className="split-detail">
        {creating ? (
          <PolicyEditor
            key="new"
            policy={newPolicy(calendars.data[0]?.id ?? '')}
            calendars={calendars.data}
            reference={reference}
            canEdit={canEdit}
            onSaved={(p) => pick(p.id)}
            onDeleted={cancelNew}
          />
        ) : current ? (
          <PolicyEditor
            // A fresh editor per policy version: after a save the form shows what Go stored.
            key={`${current.id}:${current.updatedAt}`}
            policy={clonePolicy(current)}
            calendars={calendars.data}
            reference={reference}
            canEdit={canEdit}
            onSaved={(p) => pick(p.id)}
            onDeleted={unpick}
          />
        ) : null}
      </div>
    </section>
  )
}
