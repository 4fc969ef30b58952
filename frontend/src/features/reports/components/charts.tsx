// Small SVG charts: no chart library needed for bars, and nothing is fetched from anywhere.
import type { Compliance, Distribution } from '../../../api/sla'
import { formatSpan } from '../../../lib/countdown'

const pct = (n: number) => `${Math.round(n)}%`

/** ComplianceBars: one row per key, a stacked met/breached bar and the compliance share. */
export function ComplianceBars({ rows, testId, empty = 'No tickets in this period.' }: { rows: Compliance[]; testId: string; empty?: string }) {
  if (!rows.length) return <p className="muted">{empty}</p>
  const max = Math.max(1, ...rows.map((r) => r.met + r.breached + r.open))
  return (
    <table className="bars" data-testid={testId}>
      <thead className="sr-only">
        <tr>
          <th>Key</th>
          <th>Tickets</th>
          <th>Met</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const total = r.met + r.breached + r.open
          const decided = r.met + r.breached
          return (
            <tr key={r.key} data-testid={`${testId}-row`} data-key={r.key}>
              <th scope="row" className="bars-label" title={r.label}>
                {r.label}
              </th>
              <td className="bars-track">
                <svg viewBox={`0 0 ${max} 10`} preserveAspectRatio="none" role="img" aria-label={`${r.met} met, ${r.breached} breached, ${r.open} open`}>
                  <rect className="bar-met" x={0} y={0} width={r.met} height={10} />
                  <rect className="bar-breached" x={r.met} y={0} width={r.breached} height={10} />
                  <rect className="bar-open" x={decided} y={0} width={r.open} height={10} />
                </svg>
                <span className="bars-counts muted small">
                  {r.met} met · {r.breached} breached{r.open ? ` · ${r.open} open` : ''} · {total}
                </span>
              </td>
              <td className={`bars-pct ${decided === 0 ? 'muted' : r.percent >= 90 ? 'good' : r.percent >= 75 ? 'fair' : 'poor'}`}>
                {decided ? pct(r.percent) : '—'}
              </td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}

/** MonthColumns: compliance per month as columns on a 0–100 % scale. */
export function MonthColumns({ rows, testId }: { rows: Compliance[]; testId: string }) {
  if (!rows.length) return <p className="muted">No tickets in this period.</p>
  const w = 84
  const h = 140
  const width = rows.length * w + 48
  return (
    <svg
      className="columns"
      viewBox={`0 0 ${width} ${h + 34}`}
      width={width}
      height={h + 34}
      style={{ maxWidth: '100%' }}
      role="img" aria-label="Compliance by month" data-testid={testId}>
      {[0, 50, 100].map((t) => (
        <g key={t}>
          <line className="grid" x1={42} x2={width} y1={h - (t / 100) * h + 6} y2={h - (t / 100) * h + 6} />
          <text className="axis" x={38} y={h - (t / 100) * h + 10} textAnchor="end">
            {t}%
          </text>
        </g>
      ))}
      {rows.map((r, i) => {
        const decided = r.met + r.breached
        const bh = decided ? (r.percent / 100) * h : 0
        const x = 48 + i * w
        return (
          <g key={r.key} data-testid={`${testId}-col`}>
            <title>{`${r.label}: ${decided ? pct(r.percent) : 'nothing decided'} (${r.met} met, ${r.breached} breached, ${r.open} open)`}</title>
            <rect className={decided && r.percent < 75 ? 'col poor' : 'col'} x={x + 14} y={h - bh + 6} width={w - 28} height={bh} rx={3} />
            <text className="axis" x={x + w / 2} y={h + 22} textAnchor="middle">
              {r.label}
            </text>
            {decided > 0 && (
              <text className="value" x={x + w / 2} y={h - bh + 1} textAnchor="middle">
                {pct(r.percent)}
              </text>
            )}
          </g>
        )
      })}
    </svg>
  )
}

/** Histogram: a distribution's buckets as columns, with its percentiles. */
export function Histogram({ dist, label, testId }: { dist: Distribution; label: string; testId: string }) {
  const buckets = dist.buckets ?? []
  const max = Math.max(1, ...buckets.map((b) => b.count))
  const w = 64
  const h = 120
  const width = buckets.length * w
  return (
    <figure className="histogram" data-testid={testId}>
      {dist.count === 0 ? (
        <p className="muted">No {label.toLowerCase()} times in this period.</p>
      ) : (
        <svg viewBox={`0 0 ${width} ${h + 40}`} width="100%" height={h + 40} role="img" aria-label={`${label} distribution`}>
          {buckets.map((b, i) => {
            const bh = (b.count / max) * h
            return (
              <g key={b.label} data-testid={`${testId}-bucket`}>
                <title>{`${b.label}: ${b.count}`}</title>
                <rect className="col" x={i * w + 6} y={h - bh + 16} width={w - 12} height={bh} rx={3} />
                <text className="value" x={i * w + w / 2} y={h - bh + 11} textAnchor="middle">
                  {b.count}
                </text>
                <text className="axis" x={i * w + w / 2} y={h + 32} textAnchor="middle">
                  {b.label}
                </text>
              </g>
            )
          })}
        </svg>
      )}
      <figcaption className="muted small">
        {dist.count.toLocaleString()} tickets
        {dist.count > 0 && (
          <>
            {' '}
            · median {formatSpan(dist.p50Ms)} · 90th percentile {formatSpan(dist.p90Ms)} · 95th {formatSpan(dist.p95Ms)}
          </>
        )}
      </figcaption>
    </figure>
  )
}
