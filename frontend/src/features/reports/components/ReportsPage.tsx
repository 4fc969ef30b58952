import { useMemo, useState } from 'react'
import { exportSLAReport } from '../../../api/exports'
import { useReport } from '../../../api/sla'
import { ExportMenu } from '../../../components/ui/ExportMenu'
import { ErrorBanner } from '../../../components/ui/Banner'
import { goNow } from '../../../lib/clock'
import { DAY } from '../../../lib/countdown'
import { formatDateTime } from '../../../lib/format'
import { Tabs } from '../../../components/ui/Tabs'
import { ComplianceBars, Histogram, MonthColumns } from './charts'
import { SatisfactionReport } from './SatisfactionReport'

const RANGES = [
  { days: 30, label: 'Last 30 days' },
  { days: 90, label: 'Last 90 days' },
  { days: 182, label: 'Last 6 months' },
  { days: 365, label: 'Last 12 months' },
]

const TABS = [
  { id: 'sla', label: 'SLA' },
  { id: 'satisfaction', label: 'Satisfaction' },
] as const

/** ReportsPage: the SLA reports, and for managers the requesters' satisfaction. */
export function ReportsPage({ satisfaction = false }: { satisfaction?: boolean }) {
  const [tab, setTab] = useState<'sla' | 'satisfaction'>('sla')
  if (!satisfaction) return <SlaReports />
  return (
    <section className="page reports-page" aria-label="Reports" data-testid="reports-page">
      <Tabs items={TABS} value={tab} onChange={setTab} label="Reports" testid="reports-tab" className="tabs page-tabs" />
      {tab === 'sla' ? (
        <SlaReports embedded />
      ) : (
        <>
          <header className="queue-head">
            <h1>Satisfaction</h1>
          </header>
          <div className="page-body">
            <SatisfactionReport />
          </div>
        </>
      )}
    </section>
  )
}

/** SlaReports: SLA compliance by priority, group and month, and how long replies and fixes took. */
function SlaReports({ embedded = false }: { embedded?: boolean }) {
  const [days, setDays] = useState(182)
  // Fixed per choice (to the minute), so the query key stays put while the page is open.
  const from = useMemo(() => Math.floor((goNow() - days * DAY) / 60_000) * 60_000, [days])
  const q = useReport(from, 0)
  const r = q.data
  const content = (
    <>
      <header className="queue-head">
        <h1>SLA reports</h1>
        <span className="count">{r ? `${formatDateTime(r.from)} – ${formatDateTime(r.to)}` : ''}</span>
        <div className="spacer" />
        <select aria-label="Period" value={days} onChange={(e) => setDays(Number(e.target.value))} data-testid="report-range">
          {RANGES.map((x) => (
            <option key={x.days} value={x.days}>
              {x.label}
            </option>
          ))}
        </select>
        <ExportMenu what="the SLA report" testId="report-export" run={(format) => exportSLAReport(from, 0, format)} />
      </header>
      <div className="page-body" aria-busy={q.isFetching}>
        {q.error ? (
          <ErrorBanner message={q.error.message} />
        ) : !r ? (
          <p className="muted">Computing from the tickets' histories…</p>
        ) : (
          <div className="report-grid">
            <section className="card" aria-label="Compliance by priority">
              <header className="card-head">
                <h2>Compliance by priority</h2>
              </header>
              <ComplianceBars rows={r.byPriority ?? []} testId="report-priority" />
            </section>
            <section className="card" aria-label="Compliance by group">
              <header className="card-head">
                <h2>Compliance by group</h2>
              </header>
              <ComplianceBars rows={r.byGroup ?? []} testId="report-group" />
            </section>
            <section className="card span-2" aria-label="Compliance by month">
              <header className="card-head">
                <h2>Compliance by month</h2>
                <span className="muted small">Share of decided tickets that met every target</span>
              </header>
              <MonthColumns rows={r.byMonth ?? []} testId="report-month" />
            </section>
            <section className="card" aria-label="Time to respond">
              <header className="card-head">
                <h2>Time to respond</h2>
              </header>
              <Histogram dist={r.respond} label="Response" testId="report-respond" />
            </section>
            <section className="card" aria-label="Time to resolve">
              <header className="card-head">
                <h2>Time to resolve</h2>
              </header>
              <Histogram dist={r.resolve} label="Resolution" testId="report-resolve" />
            </section>
            <p className="muted small span-2 legend">
              <span className="swatch met" /> met <span className="swatch breached" /> breached <span className="swatch open" /> still open ·
              business time where the target counts business hours
            </p>
          </div>
        )}
      </div>
    </>
  )
  // Embedded under the Reports tabs, the page around it is the tabs' own.
  return embedded ? (
    <div className="reports-sla">{content}</div>
  ) : (
    <section className="page reports-page" aria-label="Reports" data-testid="reports-page">
      {content}
    </section>
  )
}