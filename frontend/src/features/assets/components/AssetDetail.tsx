import { lazy, Suspense, useState } from 'react'
import {
  classLabels,
  fieldsOf,
  label,
  relLabels,
  statusLabels,
  useAsset,
  useAssetHistory,
  useAssetLinks,
  useAssetList,
  useAssetMeta,
  useImpact,
  useMoveAsset,
  useRelate,
  useUnrelate,
  useUpdateAsset,
  type AssetFields,
} from '../../../api/assets'
import { toApiError } from '../../../api/client'
import type { Reference } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { formatDateTime } from '../../../lib/format'
import { AssetForm } from './AssetForm'
import { InventoryCard } from './InventoryCard'
import { LicenceCard } from './LicenceCard'

// The graph library loads with the first impact shown, not with the desk.
const ImpactGraph = lazy(() => import('./ImpactGraph').then((m) => ({ default: m.ImpactGraph })))

interface Props {
  id: string
  reference: Reference
  staff: boolean
  /** What an inventory just did to this asset, said once at the top. */
  notice?: string
  onBack: () => void
  onOpenAsset: (id: string) => void
  onOpenTicket: (id: string) => void
}

/** AssetDetail is an asset's page: its fields, status moves, relationships, impact and history. */
export function AssetDetail({ id, reference, staff, notice, onBack, onOpenAsset, onOpenTicket }: Props) {
  const meta = useAssetMeta()
  const q = useAsset(id)
  const a = q.data
  const move = useMoveAsset()
  const update = useUpdateAsset()
  const [draft, setDraft] = useState<AssetFields | null>(null)
  const fields = draft ?? (a ? fieldsOf(a) : null)
  const updateErr = update.error ? toApiError(update.error) : null
  const moveErr = move.error ? toApiError(move.error) : null

  if (q.error) {
    return (
      <section className="page asset-page" data-testid="asset-page">
        <button type="button" className="btn btn-small" onClick={onBack}>
          ← Assets
        </button>
        <ErrorBanner message={q.error.message} />
      </section>
    )
  }
  if (!a || !fields) return <div className="page-loading" aria-busy="true" />
  const moves = meta.data?.moves[a.status] ?? []
  return (
    <section className="page asset-page" aria-label={`Asset ${a.tag}`} data-testid="asset-page">
      <header className="queue-head">
        <button type="button" className="btn btn-small" onClick={onBack} data-testid="asset-back">
          ← Assets
        </button>
        <h1>
          <span data-testid="asset-tag">{a.tag}</span> <span data-testid="asset-name">{a.name}</span>
        </h1>
        <span className="count">
          {classLabels[a.class] ?? a.class}
          {a.type ? ` · ${label(a.type)}` : ''}
        </span>
        <span className={`asset-status s-${a.status}`} data-testid="asset-status">
          {statusLabels[a.status] ?? a.status}
        </span>
      </header>
      <div className="page-body">
        {notice && (
          <p className="inventory-notice" role="status" data-testid="inventory-notice">
            {notice}
          </p>
        )}
        {staff && moves.length > 0 && (
          <div className="asset-moves" role="group" aria-label="Change status">
            <span className="muted small">Move to</span>
            {moves.map((m) => (
              <button
                key={m}
                type="button"
                className="btn btn-small"
                disabled={move.isPending}
                onClick={() => move.mutate({ id, to: m })}
                data-testid={`asset-move-${m}`}
              >
                {statusLabels[m] ?? m}
              </button>
            ))}
          </div>
        )}
        <ErrorBanner message={moveErr?.message} onDismiss={() => move.reset()} />
        <div className="asset-grid">
          <section className="card" aria-label="Fields">
            <header className="card-head">
              <h2>Fields</h2>
              {staff && (
                <button
                  type="button"
                  className="btn btn-small btn-primary"
                  disabled={!draft || update.isPending}
                  onClick={() => update.mutate({ id, fields }, { onSuccess: () => setDraft(null) })}
                  data-testid="asset-save"
                >
                  Save
                </button>
              )}
            </header>
            <ErrorBanner message={updateErr && updateErr.code !== 'validation' ? updateErr.message : undefined} />
            <AssetForm
              key={a.updatedAt}
              cls={a.class}
              fields={fields}
              onChange={setDraft}
              hardwareTypes={meta.data?.hardwareTypes ?? []}
              reference={reference}
              errors={updateErr?.fields ?? {}}
              readOnly={!staff}
            />
          </section>
          {a.class === 'license' && staff && <LicenceCard key={a.updatedAt} id={id} onOpenAsset={onOpenAsset} />}
          {a.class === 'hardware' && <InventoryCard attributes={a.attributes} lastSeenAt={a.lastSeenAt} />}
          <Relationships id={id} staff={staff} reference={reference} onOpenAsset={onOpenAsset} relTypes={meta.data?.relTypes ?? []} />
          {staff && <ImpactCard id={id} onOpenAsset={onOpenAsset} onOpenTicket={onOpenTicket} />}
          <History id={id} />
        </div>
      </div>
    </section>
  )
}

function Relationships({
  id,
  staff,
  reference,
  relTypes,
  onOpenAsset,
}: {
  id: string
  staff: boolean
  reference: Reference
  relTypes: string[]
  onOpenAsset: (id: string) => void
}) {
  const links = useAssetLinks(id)
  const relate = useRelate()
  const unrelate = useUnrelate()
  const [type, setType] = useState('depends_on')
  const [find, setFind] = useState('')
  const [target, setTarget] = useState('')
  const candidates = useAssetList({ text: find, class: '', type: '', status: '', ownerId: '', sort: 'tag', desc: false, offset: 0, limit: 50 })
  const err = relate.error ? toApiError(relate.error) : unrelate.error ? toApiError(unrelate.error) : null
  return (
    <section className="card" aria-label="Relationships" data-testid="asset-relationships">
      <header className="card-head">
        <h2>Relationships</h2>
      </header>
      <ul className="asset-links">
        {(links.data ?? []).map((l) => (
          <li key={l.id} data-testid={`asset-link-${l.otherTag || l.otherName}`}>
            {l.out ? (
              <>
                This {relLabels[l.type] ?? l.type}{' '}
                {l.otherKind === 'person' ? <strong>{l.otherName}</strong> : <AssetRef tag={l.otherTag} name={l.otherName} onOpen={() => onOpenAsset(l.otherId)} />}
              </>
            ) : (
              <>
                <AssetRef tag={l.otherTag} name={l.otherName} onOpen={() => onOpenAsset(l.otherId)} /> {relLabels[l.type] ?? l.type} this
              </>
            )}
            {staff && (
              <button type="button" className="icon-btn" aria-label="Remove relationship" onClick={() => unrelate.mutate(l.id)}>
                ×
              </button>
            )}
          </li>
        ))}
        {links.data?.length === 0 && <li className="muted">No relationships.</li>}
      </ul>
      {staff && (
        <div className="asset-relate" role="group" aria-label="Add a relationship">
          <span className="muted small">This</span>
          <select aria-label="Relationship" value={type} onChange={(e) => { setType(e.target.value); setTarget('') }} data-testid="relate-type">
            {relTypes.map((t) => (
              <option key={t} value={t}>
                {relLabels[t] ?? t}
              </option>
            ))}
          </select>
          {type === 'used_by' ? (
            <select aria-label="Person" value={target} onChange={(e) => setTarget(e.target.value)} data-testid="relate-target">
              <option value="">Pick a person</option>
              {reference.users.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          ) : (
            <>
              <input type="search" aria-label="Find a CI" placeholder="Find a CI" value={find} onChange={(e) => setFind(e.target.value)} data-testid="relate-find" />
              <select aria-label="CI" value={target} onChange={(e) => setTarget(e.target.value)} data-testid="relate-target">
                <option value="">Pick a CI</option>
                {(candidates.data?.rows ?? [])
                  .filter((c) => c.id !== id)
                  .map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.tag} {c.name}
                    </option>
                  ))}
              </select>
            </>
          )}
          <button
            type="button"
            className="btn btn-small"
            disabled={!target || relate.isPending}
            onClick={() => relate.mutate({ from: id, target, type }, { onSuccess: () => setTarget('') })}
            data-testid="relate-add"
          >
            Add
          </button>
        </div>
      )}
      <ErrorBanner message={err ? (Object.values(err.fields)[0] ?? err.message) : undefined} />
    </section>
  )
}

function AssetRef({ tag, name, onOpen }: { tag: string; name: string; onOpen: () => void }) {
  return (
    <button type="button" className="link-btn" onClick={onOpen}>
      {tag} {name}
    </button>
  )
}

function ImpactCard({ id, onOpenAsset, onOpenTicket }: { id: string; onOpenAsset: (id: string) => void; onOpenTicket: (id: string) => void }) {
  const q = useImpact(id, true)
  const im = q.data
  const byId = new Map((im?.nodes ?? []).map((n) => [n.id, n]))
  if (im) byId.set(im.root.id, im.root)
  return (
    <section className="card span-2" aria-label="Impact" data-testid="asset-impact">
      <header className="card-head">
        <h2>Impact</h2>
        <span className="muted small">What depends on this CI, directly or through others</span>
      </header>
      <ErrorBanner message={q.error?.message} />
      {im && (
        <>
          <Suspense fallback={<div className="impact-graph" aria-busy="true" />}>
            <ImpactGraph impact={im} onOpen={onOpenAsset} />
          </Suspense>
          <div className="impact-lists">
            <div>
              <h3>Business services</h3>
              <ul data-testid="impact-services">
                {im.services.map((s) => (
                  <li key={s.id}>
                    <AssetRef tag={s.tag} name={s.name} onOpen={() => onOpenAsset(s.id)} />
                  </li>
                ))}
                {im.services.length === 0 && <li className="muted">None</li>}
              </ul>
            </div>
            <div>
              <h3>People</h3>
              <ul data-testid="impact-people">
                {im.people.map((p) => (
                  <li key={p.id}>
                    {p.name} <span className="muted small">{p.how} {byId.get(p.via)?.tag ?? ''}</span>
                  </li>
                ))}
                {im.people.length === 0 && <li className="muted">None</li>}
              </ul>
            </div>
            <div>
              <h3>Open tickets</h3>
              <ul data-testid="impact-tickets">
                {im.tickets.map((t) => (
                  <li key={t.id}>
                    <button type="button" className="link-btn" onClick={() => onOpenTicket(t.id)}>
                      {t.number}
                    </button>{' '}
                    {t.title} <span className="muted small">on {byId.get(t.assetId)?.tag ?? ""}</span>
                  </li>
                ))}
                {im.tickets.length === 0 && <li className="muted">None</li>}
              </ul>
            </div>
          </div>
        </>
      )}
    </section>
  )
}

function History({ id }: { id: string }) {
  const q = useAssetHistory(id)
  return (
    <section className="card span-2" aria-label="History" data-testid="asset-history">
      <header className="card-head">
        <h2>History</h2>
      </header>
      <table className="data-table compact">
        <tbody>
          {(q.data ?? []).map((e, i) => (
            <tr key={i}>
              <td className="muted small">{formatDateTime(e.at)}</td>
              <td>{e.actorName}</td>
              <td>{e.field}</td>
              <td>
                {e.oldValue ? `${e.oldValue} → ` : ''}
                {e.newValue}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
