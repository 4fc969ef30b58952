import { useState } from 'react'
import { classLabels, label, statusLabels, useAssetEvents, useAssetList, useAssetMeta, type AssetQuery } from '../../../api/assets'
import type { Reference } from '../../../api/session'
import { exportAssets } from '../../../api/exports'
import { ErrorBanner } from '../../../components/ui/Banner'
import { ExportMenu } from '../../../components/ui/ExportMenu'
import { AssetDetail } from './AssetDetail'
import { NewAssetDialog } from './NewAssetDialog'
import '../assets.css'

const PAGE = 50

const COLUMNS: { key: string; title: string }[] = [
  { key: 'tag', title: 'Tag' },
  { key: 'name', title: 'Name' },
  { key: 'class', title: 'Class' },
  { key: 'type', title: 'Type' },
  { key: 'status', title: 'Status' },
  { key: 'owner', title: 'Owner' },
  { key: 'location', title: 'Location' },
  { key: 'warrantyEnd', title: 'Warranty end' },
]

interface Props {
  reference: Reference
  /** Staff register and edit assets; a requester sees their own. */
  staff: boolean
  onOpenTicket: (id: string) => void
}

/** AssetsPage: the asset list, filtered, sorted and paged by Go, and an asset's page. */
export function AssetsPage({ reference, staff, onOpenTicket }: Props) {
  useAssetEvents()
  const meta = useAssetMeta()
  const [q, setQ] = useState<AssetQuery>({ text: '', class: '', type: '', status: '', ownerId: '', sort: 'tag', desc: false, offset: 0, limit: PAGE })
  const [openId, setOpenId] = useState<string | null>(null)
  const [newOpen, setNewOpen] = useState(false)
  const list = useAssetList(q)
  const set = (patch: Partial<AssetQuery>) => setQ((cur) => ({ ...cur, offset: 0, ...patch }))
  const total = list.data?.total ?? 0

  if (openId) {
    return (
      <AssetDetail
        key={openId}
        id={openId}
        reference={reference}
        staff={staff}
        onBack={() => setOpenId(null)}
        onOpenAsset={setOpenId}
        onOpenTicket={onOpenTicket}
      />
    )
  }
  return (
    <section className="page assets-page" aria-label="Assets" data-testid="assets-page">
      <header className="queue-head">
        <h1>Assets</h1>
        <span className="count" data-testid="assets-count">
          {total.toLocaleString()} {total === 1 ? 'asset' : 'assets'}
        </span>
        <div className="spacer" />
        <ExportMenu what="the asset list" testId="assets-export" run={(format) => exportAssets(q, 'assets', format)} />
        {staff && (
          <button type="button" className="btn btn-primary" onClick={() => setNewOpen(true)} data-testid="new-asset-button">
            New asset
          </button>
        )}
      </header>
      <div className="asset-filters" role="search">
        <input
          type="search"
          placeholder="Tag, name, serial, model, location"
          aria-label="Filter assets"
          value={q.text}
          onChange={(e) => set({ text: e.target.value })}
          data-testid="assets-filter-text"
        />
        <select aria-label="Class" value={q.class} onChange={(e) => set({ class: e.target.value, type: '' })} data-testid="assets-filter-class">
          <option value="">Every class</option>
          {(meta.data?.classes ?? []).map((c) => (
            <option key={c} value={c}>
              {classLabels[c] ?? c}
            </option>
          ))}
        </select>
        {(q.class === '' || q.class === 'hardware') && (
          <select aria-label="Type" value={q.type} onChange={(e) => set({ type: e.target.value })} data-testid="assets-filter-type">
            <option value="">Every type</option>
            {(meta.data?.hardwareTypes ?? []).map((t) => (
              <option key={t} value={t}>
                {label(t)}
              </option>
            ))}
          </select>
        )}
        <select aria-label="Status" value={q.status} onChange={(e) => set({ status: e.target.value })} data-testid="assets-filter-status">
          <option value="">Every status</option>
          {(meta.data?.statuses ?? []).map((s) => (
            <option key={s} value={s}>
              {statusLabels[s] ?? s}
            </option>
          ))}
        </select>
        {staff && (
          <select aria-label="Owner" value={q.ownerId} onChange={(e) => set({ ownerId: e.target.value })} data-testid="assets-filter-owner">
            <option value="">Anyone's</option>
            {reference.users.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      </div>
      <ErrorBanner message={list.error?.message} />
      <div className="table-wrap page-body" aria-busy={list.isFetching}>
        <table className="data-table asset-table" data-testid="assets-table">
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key} aria-sort={q.sort === c.key ? (q.desc ? 'descending' : 'ascending') : undefined}>
                  <button
                    type="button"
                    className="sort-btn"
                    onClick={() => set({ sort: c.key, desc: q.sort === c.key ? !q.desc : false })}
                    data-testid={`assets-sort-${c.key}`}
                  >
                    {c.title}
                    {q.sort === c.key ? (q.desc ? ' ▾' : ' ▴') : ''}
                  </button>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {(list.data?.rows ?? []).map((a) => (
              <tr key={a.id} className="clickable" onClick={() => setOpenId(a.id)} data-testid={`asset-row-${a.tag}`}>
                <td>
                  <button type="button" className="link-btn" onClick={() => setOpenId(a.id)}>
                    {a.tag}
                  </button>
                </td>
                <td>{a.name}</td>
                <td>{classLabels[a.class] ?? a.class}</td>
                <td>{label(a.type)}</td>
                <td>
                  <span className={`asset-status s-${a.status}`}>{statusLabels[a.status] ?? a.status}</span>
                </td>
                <td>{a.ownerName}</td>
                <td>{a.location}</td>
                <td>{a.warrantyEnd}</td>
              </tr>
            ))}
            {list.data && list.data.rows.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length} className="muted">
                  {staff ? 'No assets match.' : 'No assets of yours match.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <div className="pager">
          <button type="button" className="btn btn-small" disabled={q.offset === 0} onClick={() => setQ({ ...q, offset: Math.max(0, q.offset - PAGE) })}>
            Previous
          </button>
          <span className="muted small" data-testid="assets-range">
            {total === 0 ? '' : `${q.offset + 1}–${Math.min(q.offset + PAGE, total)} of ${total.toLocaleString()}`}
          </span>
          <button type="button" className="btn btn-small" disabled={q.offset + PAGE >= total} onClick={() => setQ({ ...q, offset: q.offset + PAGE })}>
            Next
          </button>
        </div>
      </div>
      {newOpen && (
        <NewAssetDialog
          reference={reference}
          onClose={() => setNewOpen(false)}
          onCreated={(id) => {
            setNewOpen(false)
            setOpenId(id)
          }}
        />
      )}
    </section>
  )
}
