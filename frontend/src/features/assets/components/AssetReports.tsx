import { useState, type ReactNode } from 'react'
import { classLabels, useLicences, useNotSeenReport, useWarrantyReport, type AssetRow } from '../../../api/assets'
import { exportAssetReport } from '../../../api/exports'
import { ErrorBanner } from '../../../components/ui/Banner'
import { ExportMenu } from '../../../components/ui/ExportMenu'
import { formatDateTime } from '../../../lib/format'

const PAGE = 50

/** AssetReports are the asset reports, each paged by Go: licences with their seats and
 * installations (over-use flagged), warranties ending soon, and machines not seen lately. */
export function AssetReports({ onOpen }: { onOpen: (id: string) => void }) {
  return (
    <div className="asset-reports page-body" data-testid="asset-reports">
      <LicenceReport onOpen={onOpen} />
      <WarrantyReport onOpen={onOpen} />
      <NotSeenReport onOpen={onOpen} />
    </div>
  )
}

function Pager({ offset, total, onPage, testid }: { offset: number; total: number; onPage: (offset: number) => void; testid: string }) {
  return (
    <div className="pager">
      <button type="button" className="btn btn-small" disabled={offset === 0} onClick={() => onPage(Math.max(0, offset - PAGE))}>
        Previous
      </button>
      <span className="muted small" data-testid={testid}>
        {total === 0 ? '' : `${offset + 1}–${Math.min(offset + PAGE, total)} of ${total.toLocaleString()}`}
      </span>
      <button type="button" className="btn btn-small" disabled={offset + PAGE >= total} onClick={() => onPage(offset + PAGE)}>
        Next
      </button>
    </div>
  )
}

function DaysInput({ value, onChange, testid, label }: { value: number; onChange: (n: number) => void; testid: string; label: string }) {
  return (
    <input
      type="number"
      min={0}
      max={3650}
      aria-label={label}
      className="days-input"
      value={value}
      onChange={(e) => onChange(Math.max(0, Math.min(3650, Number(e.target.value) || 0)))}
      data-testid={testid}
    />
  )
}

function Report({ title, controls, error, children, testid }: { title: string; controls: ReactNode; error?: string; children: ReactNode; testid: string }) {
  return (
    <section className="card" aria-label={title} data-testid={testid}>
      <header className="card-head">
        <h2>{title}</h2>
        <div className="report-controls">{controls}</div>
      </header>
      <ErrorBanner message={error} />
      {children}
    </section>
  )
}

function LicenceReport({ onOpen }: { onOpen: (id: string) => void }) {
  const [overOnly, setOverOnly] = useState(false)
  const [offset, setOffset] = useState(0)
  const q = useLicences({ days: 0, offset, limit: PAGE, overOnly })
  const rows = q.data?.rows ?? []
  return (
    <Report
      title="Licences"
      testid="report-licences"
      error={q.error?.message}
      controls={
        <>
          <label className="small">
            <input type="checkbox" checked={overOnly} onChange={(e) => { setOverOnly(e.target.checked); setOffset(0) }} data-testid="report-licences-over-only" /> Over-used only
          </label>
          <ExportMenu what="the licence report" testId="report-licences-export" run={(format) => exportAssetReport('licences', 0, overOnly, format)} />
        </>
      }
    >
      <table className="data-table compact">
        <thead>
          <tr>
            <th>Tag</th>
            <th>Name</th>
            <th>Product</th>
            <th>Seats</th>
            <th>Installed</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((l) => (
            <tr key={l.id} data-testid={`licence-row-${l.tag}`}>
              <td>
                <button type="button" className="link-btn" onClick={() => onOpen(l.id)}>
                  {l.tag}
                </button>
              </td>
              <td>{l.name}</td>
              <td>{l.product}</td>
              <td>{l.seats}</td>
              <td>{l.installed}</td>
              <td>
                {l.over && (
                  <span className="flag flag-over" data-testid={`licence-over-${l.tag}`}>
                    Over-used by {l.installed - l.seats}
                  </span>
                )}
              </td>
            </tr>
          ))}
          {q.data && rows.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                {overOnly ? 'No licence is over-used.' : 'No licences.'}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      <Pager offset={offset} total={q.data?.total ?? 0} onPage={setOffset} testid="report-licences-range" />
    </Report>
  )
}

function AssetRows({ rows, extra, onOpen, empty }: { rows: AssetRow[]; extra: (a: AssetRow) => ReactNode; onOpen: (id: string) => void; empty: string }) {
  return (
    <table className="data-table compact">
      <tbody>
        {rows.map((a) => (
          <tr key={a.id} data-testid={`report-row-${a.tag}`}>
            <td>
              <button type="button" className="link-btn" onClick={() => onOpen(a.id)}>
                {a.tag}
              </button>
            </td>
            <td>{a.name}</td>
            <td>{classLabels[a.class] ?? a.class}</td>
            <td>{a.ownerName}</td>
            <td>{extra(a)}</td>
          </tr>
        ))}
        {rows.length === 0 && (
          <tr>
            <td colSpan={5} className="muted">
              {empty}
            </td>
          </tr>
        )}
      </tbody>
    </table>
  )
}

function WarrantyReport({ onOpen }: { onOpen: (id: string) => void }) {
  const [days, setDays] = useState(30)
  const [offset, setOffset] = useState(0)
  const q = useWarrantyReport({ days, offset, limit: PAGE })
  return (
    <Report
      title="Warranties expiring"
      testid="report-warranties"
      error={q.error?.message}
      controls={
        <>
          <label className="small">
            within <DaysInput value={days} onChange={(n) => { setDays(n); setOffset(0) }} testid="report-warranties-days" label="Days ahead" /> days
          </label>
          <ExportMenu what="the warranty report" testId="report-warranties-export" run={(format) => exportAssetReport('warranties', days, false, format)} />
        </>
      }
    >
      <AssetRows rows={q.data?.rows ?? []} onOpen={onOpen} extra={(a) => `ends ${a.warrantyEnd}`} empty="No warranty ends in that time." />
      <Pager offset={offset} total={q.data?.total ?? 0} onPage={setOffset} testid="report-warranties-range" />
    </Report>
  )
}

function NotSeenReport({ onOpen }: { onOpen: (id: string) => void }) {
  const [days, setDays] = useState(30)
  const [offset, setOffset] = useState(0)
  const q = useNotSeenReport({ days, offset, limit: PAGE })
  return (
    <Report
      title="Machines not seen"
      testid="report-not-seen"
      error={q.error?.message}
      controls={
        <>
          <label className="small">
            for <DaysInput value={days} onChange={(n) => { setDays(n); setOffset(0) }} testid="report-not-seen-days" label="Days unseen" /> days
          </label>
          <ExportMenu what="the report of machines not seen" testId="report-not-seen-export" run={(format) => exportAssetReport('not_seen', days, false, format)} />
        </>
      }
    >
      <AssetRows
        rows={q.data?.rows ?? []}
        onOpen={onOpen}
        extra={(a) => (a.lastSeenAt ? `last seen ${formatDateTime(a.lastSeenAt)}` : '')}
        empty="Every inventoried machine was seen in that time."
      />
      <Pager offset={offset} total={q.data?.total ?? 0} onPage={setOffset} testid="report-not-seen-range" />
    </Report>
  )
}
