import { useRef, useState, type ReactNode } from 'react'
import {
  classLabels,
  label,
  statusLabels,
  useAssetEvents,
  useAssetList,
  useAssetMeta,
  useImportInventory,
  useInventoryThisMachine,
  type AssetQuery,
  type AssetRow,
  type InventoryResult,
} from '../../../api/assets'
import type { AssetView } from '../../../api/views'
import type { Reference } from '../../../api/session'
import { exportAssets } from '../../../api/exports'
import { ErrorBanner } from '../../../components/ui/Banner'
import { ExportMenu } from '../../../components/ui/ExportMenu'
import { AssetDetail } from './AssetDetail'
import { AssetReports } from './AssetReports'
import { AssetViews } from './AssetViews'
import { NewAssetDialog } from './NewAssetDialog'
import '../assets.css'

const PAGE = 50

const matchedLabels: Record<string, string> = { serial: 'its serial', mac: 'a MAC address', hostname: 'its host name' }

/** inventoryNotice says what an inventory did. */
function inventoryNotice(r: InventoryResult): string {
  const a = r.asset
  if (!a) return ''
  return r.created ? `Registered ${a.tag} ${a.name} from its inventory.` : `Updated ${a.tag} ${a.name}, found by ${matchedLabels[r.matchedBy] ?? r.matchedBy}.`
}

const COLUMNS: { key: string; title: string; cell: (a: AssetRow, open: (id: string) => void) => ReactNode }[] = [
  {
    key: 'tag',
    title: 'Tag',
    cell: (a, open) => (
      <button type="button" className="link-btn" onClick={() => open(a.id)}>
        {a.tag}
      </button>
    ),
  },
  { key: 'name', title: 'Name', cell: (a) => a.name },
  { key: 'class', title: 'Class', cell: (a) => classLabels[a.class] ?? a.class },
  { key: 'type', title: 'Type', cell: (a) => label(a.type) },
  { key: 'status', title: 'Status', cell: (a) => <span className={`asset-status s-${a.status}`}>{statusLabels[a.status] ?? a.status}</span> },
  { key: 'owner', title: 'Owner', cell: (a) => a.ownerName },
  { key: 'location', title: 'Location', cell: (a) => a.location },
  { key: 'warrantyEnd', title: 'Warranty end', cell: (a) => a.warrantyEnd },
]
const ALL_COLUMNS = COLUMNS.map((c) => c.key)
const START: AssetQuery = { text: '', class: '', type: '', status: '', ownerId: '', sort: 'tag', desc: false, offset: 0, limit: PAGE }

/** sameQuery: the filters and sort of a and b are the same (their paging aside). */
function sameQuery(a: AssetQuery, b: AssetQuery): boolean {
  return a.text === b.text && a.class === b.class && a.type === b.type && a.status === b.status && a.ownerId === b.ownerId &&
    (a.sort || 'tag') === (b.sort || 'tag') && a.desc === b.desc
}

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
  const [q, setQ] = useState<AssetQuery>(START)
  const [columns, setColumns] = useState<string[]>(ALL_COLUMNS)
  const [view, setView] = useState<AssetView | null>(null)
  const [openId, setOpenId] = useState<string | null>(null)
  const [newOpen, setNewOpen] = useState(false)
  const [tab, setTab] = useState<'list' | 'reports'>('list')
  const [notice, setNotice] = useState('')
  const list = useAssetList(q)
  const inventory = useInventoryThisMachine()
  const importInv = useImportInventory()
  const fileRef = useRef<HTMLInputElement>(null)
  const invError = inventory.error?.message ?? importInv.error?.message
  const done = (r: InventoryResult) => {
    setNotice(inventoryNotice(r))
    if (r.asset) setOpenId(r.asset.id)
  }
  const importFile = async (file: File | undefined) => {
    if (!file) return
    inventory.reset()
    importInv.mutate(await file.text(), { onSuccess: done })
  }
  const set = (patch: Partial<AssetQuery>) => setQ((cur) => ({ ...cur, offset: 0, ...patch }))
  const total = list.data?.total ?? 0
  const shown = COLUMNS.filter((c) => columns.includes(c.key))
  const modified = !!view && (!sameQuery(q, view.query) || columns.join() !== view.columns.join())
  const openView = (v: AssetView | null) => {
    setView(v)
    setQ(v ? { ...v.query, offset: 0, limit: PAGE } : START)
    setColumns(v ? v.columns : ALL_COLUMNS)
  }

  if (openId) {
    return (
      <AssetDetail
        key={openId}
        id={openId}
        reference={reference}
        staff={staff}
        notice={notice}
        onBack={() => {
          setOpenId(null)
          setNotice('')
        }}
        onOpenAsset={(next) => {
          setOpenId(next)
          setNotice('')
        }}
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
        <ExportMenu what="the asset list" testId="assets-export" run={(format) => exportAssets(q, view?.name ?? 'assets', format)} />
        {staff && (
          <>
            <button
              type="button"
              className="btn"
              disabled={inventory.isPending || importInv.isPending}
              onClick={() => {
                importInv.reset()
                inventory.mutate(undefined, { onSuccess: done })
              }}
              data-testid="inventory-this-machine"
            >
              {inventory.isPending ? 'Taking the inventory…' : 'Inventory this machine'}
            </button>
            <button type="button" className="btn" disabled={inventory.isPending || importInv.isPending} onClick={() => fileRef.current?.click()} data-testid="import-inventory">
              Import inventory file…
            </button>
            <input
              ref={fileRef}
              type="file"
              accept=".json,application/json"
              hidden
              onChange={(e) => {
                void importFile(e.target.files?.[0])
                e.target.value = ''
              }}
              data-testid="import-inventory-file"
            />
            <button type="button" className="btn btn-primary" onClick={() => setNewOpen(true)} data-testid="new-asset-button">
              New asset
            </button>
          </>
        )}
      </header>
      <ErrorBanner
        message={invError}
        onDismiss={() => {
          inventory.reset()
          importInv.reset()
        }}
      />
      {staff && (
        <div className="asset-tabs" role="tablist" aria-label="Assets views">
          <button type="button" role="tab" className="btn btn-small" aria-selected={tab === 'list'} onClick={() => setTab('list')} data-testid="assets-tab-list">
            List
          </button>
          <button type="button" role="tab" className="btn btn-small" aria-selected={tab === 'reports'} onClick={() => setTab('reports')} data-testid="assets-tab-reports">
            Reports
          </button>
        </div>
      )}
      {tab === 'reports' && staff ? (
        <AssetReports onOpen={setOpenId} />
      ) : (
        <>
          <AssetViews query={q} columns={columns} current={view} modified={modified} onOpen={openView} />
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
                  {shown.map((c) => (
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
                    {shown.map((c) => (
                      <td key={c.key}>{c.cell(a, setOpenId)}</td>
                    ))}
                  </tr>
                ))}
                {list.data && list.data.rows.length === 0 && (
                  <tr>
                    <td colSpan={shown.length} className="muted">
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
        </>
      )}
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
