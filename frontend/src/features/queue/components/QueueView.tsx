import { lazy, Suspense, useEffect, useMemo, useState } from 'react'
import { usePrefetchQuery, useQuery, useQueryClient } from '@tanstack/react-query'
import type { VisibilityState } from '@tanstack/react-table'
import { toApiError } from '../../../api/client'
import type { Reference } from '../../../api/session'
import {
  bulkChange,
  defaultFilter,
  getQueuePage,
  PAGE_SIZE,
  STATES,
  ticketKeys,
  type Page,
  type QueueFilter,
  type BulkResult,
  type Change,
  type Row,
  type State,
  type TicketType,
} from '../../../api/tickets'
import { MenuDetails } from '../../../components/ui/MenuDetails'
import { stateLabel } from '../../../lib/format'
import { useHotkey } from '../../../lib/hotkeys'
import { keymap } from '../../../lib/keymap'
import type { SavedView } from '../../../api/views'
import { COLUMNS, loadColumns, saveColumns } from '../columns'
import { count as pickedCount, extend, none, pickAll, toggle, type Picked } from '../selection'
import { BulkBar, BulkResultPanel } from './BulkBar'
import type { BulkKind } from '../bulk'
import { sameQuery, setUnassignedInMyGroups, unassignedInMyGroups } from '../filters'
import { MoreFilters } from './MoreFilters'
import { QueueTable } from './QueueTable'
import { ExportMenu } from './ExportMenu'
import { ViewActions } from './ViewActions'
import { countLabel } from '../count'

// The bulk dialog loads when it first opens: the queue the desk starts on shows none
// (components/ui/LazyDialog.tsx says why).
const BulkDialog = lazy(() => import('./BulkDialog').then((m) => ({ default: m.BulkDialog })))

interface Props {
  title: string
  view: string
  type: '' | TicketType
  /** A search the queue shows the results of ('' for none). */
  search?: string
  reference: Reference | undefined
  openId: string | null
  onOpen: (id: string) => void
  /** Keyboard navigation is off while a dialog is open. */
  keysEnabled: boolean
  /** Called once the first page has arrived (readiness). */
  onLoaded?: () => void
  /** Tells the shell a dialog is open, so other keys stay quiet. */
  onDialog?: (open: boolean) => void
  /** Staff may work tickets in bulk (Go checks again). */
  canBulk?: boolean
  /** The saved view on screen: its filters, sort and columns are where the queue starts. */
  saved?: SavedView
  /** The person's own saved views, in their order. */
  ownViews?: SavedView[]
  meId?: string
  canShare?: boolean
  /** A view was saved or changed (show it), or deleted (null). */
  onView?: (v: SavedView | null) => void
  /** The ticket type the queue shows now ('' for all), for "n" to open a ticket of it. */
  onType?: (t: '' | TicketType) => void
  /** The department whose desk the shell's switcher shows ('' for all of the person's). */
  departmentId?: string
}

/** QueueView is a queue: its filters, the column chooser, the count and the table. */
export function QueueView(props: Props) {
  const { title, view, type, search = '', reference, openId, onOpen, keysEnabled, onLoaded, onDialog, canBulk = false, saved, departmentId = '' } = props
  const [filter, setFilter] = useState<QueueFilter>(() => (saved ? saved.query : defaultFilter(view, type, search)))
  const [visibility, setVisibility] = useState<VisibilityState>(() =>
    saved ? Object.fromEntries(COLUMNS.map((c) => [c.id, saved.columns.includes(c.id) || c.id === 'title'])) : loadColumns(),
  )
  const [selected, setSelected] = useState(-1)
  const [picked, setPicked] = useState<Picked>(none)
  const [bulk, setBulk] = useState<BulkKind | null>(null)
  const [bulkBusy, setBulkBusy] = useState(false)
  const [result, setResult] = useState<BulkResult | null>(null)
  const [bulkError, setBulkError] = useState('')
  const qc = useQueryClient()

  // What Go is asked for: the filters, narrowed to the switcher's department (a saved view
  // keeps its own filters, not the department it was saved in).
  const query = useMemo(() => (departmentId ? { ...filter, departmentId } : filter), [filter, departmentId])
  // Page 0 carries the total; the table shares this cache entry. useQuery asks Go only from an
  // effect, after the shell has been laid out and painted; the prefetch asks during this
  // render, so Go reads the page (and counts the queue: a quarter second at 1M tickets) while
  // the web view lays out, and the start-up's first screen waits for the slower of the two.
  const headQuery = { queryKey: ticketKeys.page(query, 0), queryFn: () => getQueuePage(query, 0), staleTime: 5_000 }
  usePrefetchQuery(headQuery)
  const head = useQuery(headQuery)
  // Uncounted (-1, the boot's first page of a long queue, asked again at once): the rows
  // there are, until the count comes (countLabel).
  const counted = !!head.data && head.data.total >= 0
  const total = head.data ? (counted ? head.data.total : head.data.rows.length) : 0


  const { onType } = props
  useEffect(() => {
    onType?.(filter.type || '')
  }, [filter.type, onType])

  const update = (patch: Partial<QueueFilter>) => {
    setFilter((f) => ({ ...f, ...patch }))
    setSelected(-1)
    setPicked(none) // ticks belong to the view they were made in
  }

  const rowAt = (i: number): Row | null => {
    const page = qc.getQueryData<Page>(ticketKeys.page(query, Math.floor(i / PAGE_SIZE)))
    return page?.rows[i % PAGE_SIZE] ?? null
  }

  const ticked = pickedCount(picked, total)
  const idAt = (i: number) => rowAt(i)?.id ?? null
  const pick = (index: number, id: string, shift: boolean) =>
    setPicked((p) => (shift ? extend(p, index, idAt) : toggle(p, id, index)))

  // One Go call for the whole selection: Go resolves "all" from the view's filters.
  const runBulk = async (change: Change): Promise<BulkResult> => {
    const sel = picked.all
      ? { all: true as const, query, except: [...picked.ids] }
      : { all: false as const, ids: [...picked.ids] }
    const r = await bulkChange(sel, change)
    void qc.invalidateQueries({ queryKey: ['tickets'] })
    return r
  }
  const finish = (r: BulkResult) => {
    setResult(r)
    setPicked(none)
  }
  const openBulk = (k: BulkKind | null) => {
    setBulk(k)
    onDialog?.(k !== null)
  }
  const assignAllToMe = async () => {
    setBulkError('')
    setBulkBusy(true)
    try {
      finish(await runBulk({ assignToMe: true }))
    } catch (err) {
      setBulkError(toApiError(err).message)
    } finally {
      setBulkBusy(false)
    }
  }

  useHotkey(
    keymap.tick.combo,
    () => {
      const id = idAt(selected)
      if (id) pick(selected, id, false)
    },
    { enabled: keysEnabled && canBulk && selected >= 0, description: keymap.tick.description },
  )
  useHotkey(keymap.tickAll.combo, () => setPicked(pickAll()), {
    enabled: keysEnabled && canBulk && total > 0,
    description: keymap.tickAll.description,
  })

  useHotkey(keymap.next.combo, () => setSelected((s) => Math.min(total - 1, s + 1)), { enabled: keysEnabled, description: keymap.next.description })
  useHotkey(keymap.previous.combo, () => setSelected((s) => Math.max(0, s - 1)), {
    enabled: keysEnabled,
    description: keymap.previous.description,
  })
  useHotkey(
    keymap.open.combo,
    () => {
      const r = selected >= 0 ? rowAt(selected) : null
      if (r) onOpen(r.id)
    },
    { enabled: keysEnabled && selected >= 0, description: keymap.open.description },
  )

  const toggleColumn = (id: string) => {
    const next = { ...visibility, [id]: !visibility[id] }
    setVisibility(next)
    // A saved view keeps its own columns (Save changes); other queues share the person's.
    if (!saved) saveColumns(next)
  }
  const shownColumns = COLUMNS.filter((c) => visibility[c.id]).map((c) => c.id)
  const modified =
    !!saved && (!sameQuery(filter, saved.query) || shownColumns.join() !== COLUMNS.filter((c) => saved.columns.includes(c.id) || c.id === 'title').map((c) => c.id).join())
  const queueError = head.error ? toApiError(head.error) : null
  const unassignedMine = unassignedInMyGroups(filter)
  const staff = (reference?.users ?? []).filter((u) => u.role !== 'requester' && u.active)
  const group = reference?.groups.find((g) => g.id === filter.groupId)
  const assignees = group ? staff.filter((u) => (group.members ?? []).includes(u.id)) : staff
  const filtered =
    filter.states.length + filter.priorities.length + filter.filters.length > 0 ||
    !!filter.groupId ||
    !!filter.assigneeId ||
    (!type && !!filter.type)

  return (
    <section className="queue" aria-label={title} data-testid="queue-view">
      <header className="queue-head">
        <h1>{title}</h1>
        <span className="count" data-testid="queue-total" aria-live="polite">
          {countLabel(head.data?.total, total, head.isError)}
        </span>
        {head.isError && !counted && (
          <button type="button" className="link-button" data-testid="queue-count-again" onClick={() => void head.refetch()}>
            Count again
          </button>
        )}
        {modified && (
          <span className="muted" data-testid="view-modified">
            · changed
          </span>
        )}
        <div className="spacer" />
        <ExportMenu filter={query} title={title} saved={saved} modified={modified} />
        <ViewActions
          filter={filter}
          columns={shownColumns}
          saved={saved}
          own={props.ownViews ?? []}
          meId={props.meId ?? ''}
          canShare={!!props.canShare}
          modified={modified}
          reference={reference}
          onView={(v) => props.onView?.(v)}
        />
        <MenuDetails
          className="menu"
          summary={
            <summary className="btn btn-small" aria-label="Choose columns" data-testid="column-chooser">
              Columns
            </summary>
          }
        >
          <div className="menu-pop" role="group" aria-label="Visible columns">
            {COLUMNS.map((c) => (
              <label key={c.id} className="check">
                <input
                  type="checkbox"
                  checked={!!visibility[c.id]}
                  disabled={c.id === 'title'}
                  onChange={() => toggleColumn(c.id)}
                  data-testid={`column-toggle-${c.id}`}
                />
                {c.label}
              </label>
            ))}
          </div>
        </MenuDetails>
      </header>
      <div className="filters" role="toolbar" aria-label="Filters">
        {!type && (
          <select
            aria-label="Type"
            value={filter.type}
            onChange={(e) => update({ type: e.target.value as QueueFilter['type'] })}
            data-testid="filter-type"
          >
            <option value="">All types</option>
            <option value="incident">Incidents</option>
            <option value="request">Requests</option>
          </select>
        )}
        <MenuDetails
          className="menu"
          summary={
            <summary className="btn btn-small" aria-label="Filter by state" data-testid="filter-states">
              {filter.states.length ? filter.states.map(stateLabel).join(', ') : 'Any state'}
            </summary>
          }
        >
          <div className="menu-pop" role="group" aria-label="States">
            {STATES.map((s) => (
              <label key={s} className="check">
                <input
                  type="checkbox"
                  checked={filter.states.includes(s)}
                  onChange={(e) =>
                    update({ states: e.target.checked ? [...filter.states, s] : filter.states.filter((x: State) => x !== s) })
                  }
                  data-testid={`filter-state-${s}`}
                />
                {stateLabel(s)}
              </label>
            ))}
          </div>
        </MenuDetails>
        <div className="pri-toggles" role="group" aria-label="Priorities">
          {[1, 2, 3, 4, 5].map((p) => {
            const on = filter.priorities.includes(p)
            return (
              <button
                key={p}
                type="button"
                className={`chip chip-toggle chip-p${p}${on ? ' on' : ''}`}
                aria-pressed={on}
                aria-label={`Priority ${p}`}
                onClick={() => update({ priorities: on ? filter.priorities.filter((x) => x !== p) : [...filter.priorities, p] })}
                data-testid={`filter-priority-${p}`}
              >
                P{p}
              </button>
            )
          })}
        </div>
        <select
          aria-label="Assignment group"
          value={filter.groupId}
          onChange={(e) => update({ groupId: e.target.value, assigneeId: '' })}
          data-testid="filter-group"
        >
          <option value="">Any group</option>
          {(reference?.groups ?? []).filter((g) => !departmentId || !g.departmentId || g.departmentId === departmentId).map((g) => (
            <option key={g.id} value={g.id}>
              {g.name}
            </option>
          ))}
        </select>
        <select
          aria-label="Assignee"
          value={filter.assigneeId}
          onChange={(e) => update({ assigneeId: e.target.value })}
          data-testid="filter-assignee"
        >
          <option value="">Anyone</option>
          {assignees.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
        <button
          type="button"
          className={`chip chip-toggle${unassignedMine ? ' on' : ''}`}
          aria-pressed={unassignedMine}
          onClick={() => update({ filters: setUnassignedInMyGroups(filter.filters, !unassignedMine) })}
          data-testid="filter-unassigned-mine"
        >
          Unassigned in my groups
        </button>
        <MoreFilters
          filter={filter}
          reference={reference}
          errors={queueError?.fields ?? {}}
          onApply={(filters) => update({ filters })}
        />
        {filtered && (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => update({ states: [], priorities: [], groupId: '', assigneeId: '', type, filters: [] })}
            data-testid="filter-clear"
          >
            Clear filters
          </button>
        )}
      </div>
      {canBulk && ticked > 0 && (
        <BulkBar
          count={ticked}
          all={picked.all}
          busy={bulkBusy}
          onAction={(k) => {
            setBulkError('')
            openBulk(k)
          }}
          onAssignToMe={() => void assignAllToMe()}
          onClear={() => setPicked(none)}
        />
      )}
      {bulkError && (
        <div className="banner banner-error" role="alert" data-testid="bulk-error">
          {bulkError}
        </div>
      )}
      {result && <BulkResultPanel result={result} onOpen={onOpen} onClose={() => setResult(null)} />}
      {bulk && reference && (
        <Suspense fallback={null}>
          <BulkDialog
            kind={bulk}
            count={ticked}
            reference={reference}
            run={runBulk}
            onDone={(r) => {
              finish(r)
              openBulk(null)
            }}
            onClose={() => openBulk(null)}
          />
        </Suspense>
      )}
      {head.error ? (
        <div className="banner banner-error" role="alert">
          {head.error.message}
        </div>
      ) : (
        <QueueTable
          filter={query}
          total={total}
          onShown={head.data ? onLoaded : undefined}
          visibility={visibility}
          selectedIndex={selected}
          openId={openId}
          onSelect={(i) => setSelected(i)}
          onOpen={(r) => onOpen(r.id)}
          onSort={(sort, desc) => update({ sort, desc })}
          picked={picked}
          pickedCount={ticked}
          onPick={pick}
          onPickAll={(on) => setPicked(on ? pickAll() : none)}
          canPick={canBulk}
        />
      )}
    </section>
  )
}
