import type { ReactNode } from 'react'
import { useQuery } from '@tanstack/react-query'
import { whatIf, type WhatIf, type WhatIfRequest } from '../../../api/sla'
import { ErrorBanner } from '../../../components/ui/Banner'
import { PriorityChip } from '../../../components/ui/Chip'
import { humanize } from '../../../lib/format'

const DAY_CHOICES = [7, 30, 90, 180]

interface Props {
  request: WhatIfRequest
  onDays: (days: number) => void
  /** The saving step: shown under the preview. */
  children?: ReactNode
}

/**
 * WhatIfPreview shows how the last N days of tickets fare under the edited policy or calendar
 * compared with today's rules: met/breached per priority, and the tickets whose outcome flips.
 * Go recomputes them from their histories; nothing is saved.
 */
export function WhatIfPreview({ request, onDays, children }: Props) {
  const q = useQuery({
    queryKey: ['sla', 'whatif', request],
    queryFn: () => whatIf(request),
    staleTime: 0,
  })
  return (
    <section className="whatif" aria-label="What-if preview" data-testid="whatif" aria-busy={q.isFetching}>
      <header className="whatif-head">
        <h3>What if this had applied?</h3>
        <label className="inline-label">
          Over the last
          <select value={request.days} onChange={(e) => onDays(Number(e.target.value))} data-testid="whatif-days">
            {DAY_CHOICES.map((d) => (
              <option key={d} value={d}>
                {d} days
              </option>
            ))}
          </select>
        </label>
      </header>
      {q.error ? (
        <ErrorBanner message={q.error.message} />
      ) : !q.data ? (
        <p className="muted">Recomputing the tickets from their history…</p>
      ) : (
        <WhatIfResult data={q.data} />
      )}
      {children}
    </section>
  )
}

function delta(before: number, after: number) {
  const d = after - before
  if (!d) return <span className="muted">{after}</span>
  return (
    <>
      <span className="muted">{before} → </span>
      <strong>{after}</strong>
    </>
  )
}

export function WhatIfResult({ data }: { data: WhatIf }) {
  const rows = data.byPriority ?? []
  const changed = data.changed ?? []
  const tot = rows.reduce(
    (a, r) => ({
      mb: a.mb + r.before.met,
      ma: a.ma + r.after.met,
      bb: a.bb + r.before.breached,
      ba: a.ba + r.after.breached,
    }),
    { mb: 0, ma: 0, bb: 0, ba: 0 },
  )
  return (
    <div className="whatif-result" data-testid="whatif-result">
      <p className="whatif-summary" data-testid="whatif-summary">
        {data.tickets.toLocaleString()} tickets from the last {data.days} days ·{' '}
        {data.changedTotal === 0 ? (
          'no outcome would change'
        ) : (
          <strong>
            {data.changedTotal.toLocaleString()} {data.changedTotal === 1 ? 'outcome changes' : 'outcomes change'}
          </strong>
        )}
      </p>
      <table className="data-table compact" data-testid="whatif-table">
        <thead>
          <tr>
            <th>Priority</th>
            <th className="num">Met (now → then)</th>
            <th className="num">Breached (now → then)</th>
            <th className="num">Still open</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.priority} data-testid="whatif-row" data-priority={r.priority}>
              <td>
                <PriorityChip priority={r.priority} />
              </td>
              <td className="num">{delta(r.before.met, r.after.met)}</td>
              <td className={`num${r.after.breached > r.before.breached ? ' worse' : r.after.breached < r.before.breached ? ' better' : ''}`}>
                {delta(r.before.breached, r.after.breached)}
              </td>
              <td className="num">{delta(r.before.open, r.after.open)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th>All</th>
            <td className="num">{delta(tot.mb, tot.ma)}</td>
            <td className="num">{delta(tot.bb, tot.ba)}</td>
            <td />
          </tr>
        </tfoot>
      </table>
      {changed.length > 0 && (
        <div className="whatif-changed">
          <h4>Tickets whose outcome changes</h4>
          <ul data-testid="whatif-changed">
            {changed.slice(0, 50).map((t) => (
              <li key={t.id} data-testid="whatif-changed-item">
                <span className="mono">{t.number}</span>
                <PriorityChip priority={t.priority} />
                <span className="whatif-title">{t.title}</span>
                <span className={`outcome outcome-${t.before}`}>{humanize(t.before)}</span>
                <span aria-hidden="true">→</span>
                <span className="sr-only">would be</span>
                <span className={`outcome outcome-${t.after}`}>{humanize(t.after)}</span>
              </li>
            ))}
          </ul>
          {data.changedTotal > Math.min(50, changed.length) && (
            <p className="muted small">and {(data.changedTotal - Math.min(50, changed.length)).toLocaleString()} more</p>
          )}
        </div>
      )}
    </div>
  )
}
