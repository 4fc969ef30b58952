import { useMemo, useState } from 'react'
import { toApiError } from '../../../api/client'
import { savedNote, type ExportFormat } from '../../../api/exports'
import { satisfactionApi, useSatisfactionReport, type ReportLine } from '../../../api/satisfaction'
import { ErrorBanner } from '../../../components/ui/Banner'
import { goNow } from '../../../lib/clock'
import { DAY } from '../../../lib/countdown'
import { formatDateTime } from '../../../lib/format'

const RANGES = [
  { days: 7, label: 'Last 7 days' },
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
  { days: 365, label: 'Last 12 months' },
]

const avg = (n: number) => n.toFixed(2)

/** SatisfactionReport: what requesters thought of how their tickets were handled, over a
 * period: the average, how many gave each score, and the same by group and by agent. */
export function SatisfactionReport() {
  const [days, setDays] = useState(30)
  const [note, setNote] = useState('')
  // Fixed per choice (to the minute), so the query key stays put while the page is open; the
  // end is a minute ahead, so a rating just given counts.
  const period = useMemo(() => {
    const now = Math.floor(goNow() / 60_000) * 60_000
    return { from: now - days * DAY, to: now + 60_000 }
  }, [days])
  const q = useSatisfactionReport(period)
  const r = q.data
  const most = Math.max(1, ...(r?.distribution ?? []))
  const save = (format: ExportFormat) => {
    setNote('')
    satisfactionApi
      .export(period, format)
      .then((s) => setNote(savedNote(s)))
      .catch((err: unknown) => setNote(toApiError(err).message))
  }
  return (
    <div className="satisfaction-report" data-testid="satisfaction-report">
      <div className="report-tools">
        <select aria-label="Period" value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid="satisfaction-range">
          {RANGES.map((x) => (
            <option key={x.days} value={x.days}>
              {x.label}
            </option>
          ))}
        </select>
        <span className="muted small">{`${formatDateTime(period.from)} – ${formatDateTime(period.to)}`}</span>
        <div className="spacer" />
        <button type="button" className="btn btn-small" onClick={() => save('csv')} data-testid="satisfaction-export-csv">
          Export CSV
        </button>
        <button type="button" className="btn btn-small" onClick={() => save('json')} data-testid="satisfaction-export-json">
          Export JSON
        </button>
      </div>
      {note && <p className="muted small" data-testid="satisfaction-export-note">{note}</p>}
      {q.error ? (
        <ErrorBanner message={q.error.message} />
      ) : !r ? (
        <p className="muted">Reading the ratings…</p>
      ) : (
        <div className="report-grid">
          <section className="card" aria-label="Satisfaction overall">
            <header className="card-head">
              <h2>Overall</h2>
            </header>
            {r.count === 0 ? (
              <p className="muted" data-testid="satisfaction-empty">
                No ratings in this period.
              </p>
            ) : (
              <p className="satisfaction-average">
                <strong data-testid="satisfaction-average">{avg(r.average)}</strong> of 5 from{' '}
                <span data-testid="satisfaction-count">{r.count}</span> rating{r.count === 1 ? '' : 's'}
              </p>
            )}
            <table className="report-table" data-testid="satisfaction-distribution">
              <tbody>
                {[5, 4, 3, 2, 1].map((s) => {
                  const n = r.distribution[s - 1] ?? 0
                  return (
                    <tr key={s} data-score={s} data-count={n}>
                      <th scope="row">{'★'.repeat(s)}</th>
                      <td className="bar-cell">
                        <span className="bar met" style={{ width: `${(n / most) * 100}%` }} />
                      </td>
                      <td className="num">{n}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </section>
          <LineTable title="By group" lines={r.byGroup} testId="satisfaction-group" />
          <LineTable title="By agent" lines={r.byAgent} testId="satisfaction-agent" />
        </div>
      )}
    </div>
  )
}

function LineTable({ title, lines, testId }: { title: string; lines: ReportLine[]; testId: string }) {
  return (
    <section className="card" aria-label={`Satisfaction ${title.toLowerCase()}`}>
      <header className="card-head">
        <h2>{title}</h2>
      </header>
      {lines.length === 0 ? (
        <p className="muted small">No ratings.</p>
      ) : (
        <table className="report-table" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col" className="num">
                Ratings
              </th>
              <th scope="col" className="num">
                Average
              </th>
            </tr>
          </thead>
          <tbody>
            {lines.map((l) => (
              <tr key={l.id || '-'} data-name={l.name || '(none)'} data-average={avg(l.average)} data-count={l.count}>
                <td>{l.name || <span className="muted">(none)</span>}</td>
                <td className="num">{l.count}</td>
                <td className="num">{avg(l.average)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
