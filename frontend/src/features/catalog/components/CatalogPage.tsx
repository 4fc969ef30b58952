import { useMemo, useState } from 'react'
import { useCatalogItem, useCatalogItems, type Item } from '../../../api/catalog'
import { roleRank, type Me, type Reference } from '../../../api/session'
import { Markdown } from '../../../components/ui/Markdown'
import { Tabs } from '../../../components/ui/Tabs'
import { ItemBuilder } from './ItemBuilder'
import { RequestForm } from './RequestForm'
import './catalog.css'

interface Props {
  me: Me
  reference: Reference
  /** Opens a request's ticket (the desk's ticket pane). */
  onOpenTicket?: (ticketId: string) => void
  /** The item to open at once (a link from another screen). */
  itemId?: string
}

type Tab = 'browse' | 'manage'

/** CatalogPage: browse the service catalog by category or search it, open an item and submit
 * its form; managers also keep the items (Manage). Self-contained: any screen may show it. */
export function CatalogPage({ me, reference, onOpenTicket, itemId }: Props) {
  const keeper = roleRank(me.user.role) >= roleRank('manager')
  const [tab, setTab] = useState<Tab>('browse')
  return (
    <section className="page catalog-page" aria-label="Catalog" data-testid="catalog-page">
      <header className="queue-head">
        <h1>Catalog</h1>
        {keeper && (
          <Tabs<Tab>
            items={[
              { id: 'browse', label: 'Browse' },
              { id: 'manage', label: 'Manage items' },
            ]}
            value={tab}
            onChange={setTab}
            label="Catalog"
            testid="catalog-tab"
          />
        )}
      </header>
      {tab === 'browse' ? (
        <Browse me={me} reference={reference} onOpenTicket={onOpenTicket} initial={itemId ?? null} />
      ) : (
        <Manage reference={reference} />
      )}
    </section>
  )
}

/** CatalogBrowse is the catalog's browse-and-submit part alone (the requester home embeds it):
 * every department's items, narrowed by department, category or search. */
export function CatalogBrowse({ me, reference, onOpenTicket }: { me: Me; reference: Reference; onOpenTicket?: (id: string) => void }) {
  return <Browse me={me} reference={reference} onOpenTicket={onOpenTicket} initial={null} />
}

function Browse({ me, reference, onOpenTicket, initial }: { me: Me; reference: Reference; onOpenTicket?: (id: string) => void; initial: string | null }) {
  const [text, setText] = useState('')
  const [category, setCategory] = useState('')
  const [department, setDepartment] = useState('')
  const [openId, setOpenId] = useState<string | null>(initial)
  const [done, setDone] = useState<{ ticketId: string; number: string; stage: string } | null>(null)
  const all = useCatalogItems('', '', false)
  const list = useCatalogItems(text, category, false)
  const view = useCatalogItem(openId)
  const departments = useMemo(() => {
    const used = new Set((all.data ?? []).map((i) => i.departmentId).filter(Boolean))
    return (reference.departments ?? []).filter((d) => used.has(d.id))
  }, [all.data, reference.departments])
  const shown = (list.data ?? []).filter((it) => department === '' || it.departmentId === department)
  const categories = useMemo(() => [...new Set((all.data ?? []).map((i) => i.category).filter(Boolean))].sort(), [all.data])

  if (done) {
    return (
      <div className="page-body catalog-done" data-testid="catalog-done">
        <p>
          Your request <strong data-testid="catalog-done-number">{done.number}</strong> was submitted
          {done.stage === 'awaiting_approval' ? ' and waits for approval.' : '.'}
        </p>
        <div className="form-actions">
          {onOpenTicket && (
            <button type="button" className="btn btn-primary" data-testid="catalog-open-request" onClick={() => onOpenTicket(done.ticketId)}>
              Open the request
            </button>
          )}
          <button
            type="button"
            className="btn"
            onClick={() => {
              setDone(null)
              setOpenId(null)
            }}
          >
            Back to the catalog
          </button>
        </div>
      </div>
    )
  }
  if (openId) {
    return (
      <div className="page-body catalog-item-page" data-testid="catalog-item-page">
        <button type="button" className="btn btn-small" data-testid="catalog-back" onClick={() => setOpenId(null)}>
          ← Catalog
        </button>
        {view.data ? (
          <>
            <h2 data-testid="catalog-item-name">{view.data.item.name}</h2>
            {view.data.item.category && <p className="muted">{view.data.item.category}</p>}
            <Markdown html={view.data.descriptionHtml} testId="catalog-item-description" />
            {view.data.item.approval.rule !== 'none' && <p className="muted">This request needs an approval before it is worked.</p>}
            <RequestForm
              key={view.data.item.id}
              view={view.data}
              me={me}
              reference={reference}
              onSubmitted={(ticketId, number, stage) => setDone({ ticketId, number, stage })}
            />
          </>
        ) : (
          <div className="page-loading" aria-busy="true" />
        )}
      </div>
    )
  }
  return (
    <div className="page-body">
      <div className="catalog-filters">
        <input
          type="search"
          className="catalog-search"
          placeholder="Search the catalog"
          aria-label="Search the catalog"
          data-testid="catalog-search"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="catalog-categories" role="group" aria-label="Categories">
          <button type="button" className={category === '' ? 'chip on' : 'chip'} onClick={() => setCategory('')} data-testid="catalog-category-all">
            All
          </button>
          {categories.map((c) => (
            <button key={c} type="button" className={category === c ? 'chip on' : 'chip'} onClick={() => setCategory(c)} data-testid={`catalog-category-${c}`}>
              {c}
            </button>
          ))}
        </div>
        {departments.length > 0 && (
          <div className="catalog-categories" role="group" aria-label="Departments">
            <button type="button" className={department === '' ? 'chip on' : 'chip'} onClick={() => setDepartment('')} data-testid="catalog-department-all">
              Every department
            </button>
            {departments.map((d) => (
              <button key={d.id} type="button" className={department === d.id ? 'chip on' : 'chip'} onClick={() => setDepartment(d.id)} data-testid="catalog-department" data-name={d.name}>
                {d.name}
              </button>
            ))}
          </div>
        )}
      </div>
      <ul className="catalog-items" data-testid="catalog-items">
        {shown.map((it) => (
          <li key={it.id}>
            <button type="button" className="catalog-card" data-testid="catalog-item" data-name={it.name} onClick={() => setOpenId(it.id)}>
              <strong>{it.name}</strong>
              <span className="muted">{it.category}</span>
            </button>
          </li>
        ))}
      </ul>
      {list.data && shown.length === 0 && <p className="muted">Nothing in the catalog matches.</p>}
    </div>
  )
}

function Manage({ reference }: { reference: Reference }) {
  const items = useCatalogItems('', '', true)
  const [editing, setEditing] = useState<Item | 'new' | null>(null)
  if (editing) {
    return (
      <div className="page-body">
        <h2>{editing === 'new' ? 'New item' : editing.name}</h2>
        <ItemBuilder
          key={editing === 'new' ? 'new' : editing.id}
          item={editing === 'new' ? null : editing}
          reference={reference}
          onSaved={() => setEditing(null)}
          onCancel={() => setEditing(null)}
        />
      </div>
    )
  }
  return (
    <div className="page-body">
      <button type="button" className="btn btn-primary" data-testid="catalog-new-item" onClick={() => setEditing('new')}>
        New item
      </button>
      <table className="catalog-table" data-testid="catalog-manage-list">
        <thead>
          <tr>
            <th>Item</th>
            <th>Category</th>
            <th>Fields</th>
            <th>Tasks</th>
            <th>Offered</th>
          </tr>
        </thead>
        <tbody>
          {(items.data ?? []).map((it) => (
            <tr key={it.id} data-testid="catalog-manage-row" data-name={it.name}>
              <td>
                <button type="button" className="link-button" onClick={() => setEditing(it)}>
                  {it.name}
                </button>
              </td>
              <td>{it.category}</td>
              <td>{it.form.fields?.length ?? 0}</td>
              <td>
                {it.tasks?.length ?? 0} ({it.taskMode})
              </td>
              <td>{it.active ? 'yes' : 'no'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
