import { useEffect, useMemo, useRef, useState } from 'react'
import { useQueries } from '@tanstack/react-query'
import {
  createColumnHelper,
  flexRender,
  getCoreRowModel,
  useReactTable,
  type SortingState,
  type VisibilityState,
} from '@tanstack/react-table'
import {
  elementScroll,
  observeElementRect,
  useVirtualizer,
  type Rect,
  type Virtualizer,
  type VirtualizerOptions,
} from '@tanstack/react-virtual'
import { getQueuePage, PAGE_SIZE, ticketKeys, type QueueFilter, type Row, type SortKey } from '../../../api/tickets'
import { PriorityChip, StateChip } from '../../../components/ui/Chip'
import { SlaCountdown } from '../../../components/ui/SlaCountdown'
import { useGoNow } from '../../../lib/clock'
import { formatShort, humanize } from '../../../lib/format'
import { COLUMNS, gridTemplate } from '../columns'
import { isPicked, type Picked } from '../selection'

/** A slot in the window: a loaded row, or null while its page is on the way. */
type Slot = { index: number; row: Row | null }

const ROW_HEIGHT = 34
const HEAD_HEIGHT = 32
const helper = createColumnHelper<Slot>()

/** What every cell may read: Go's now, so SLA countdowns tick together. */
interface Meta {
  now: number
}

const text = (get: (r: Row) => string) => (s: Slot) => (s.row ? get(s.row) : '')

const columns = [
  helper.accessor(text((r) => r.number), { id: 'number', cell: (c) => <span className="mono">{c.getValue()}</span> }),
  helper.accessor((s) => s.row?.priority ?? 0, { id: 'priority', cell: (c) => <PriorityChip priority={c.getValue()} /> }),
  helper.accessor(text((r) => r.title), {
    id: 'title',
    cell: (c) => (
      <span className="cell-title">
        {c.row.original.row?.major && (
          <span className="badge-major" title="Major incident">
            MI
          </span>
        )}
        {c.getValue()}
      </span>
    ),
  }),
  helper.accessor(text((r) => r.state), { id: 'state', cell: (c) => <StateChip state={c.getValue()} /> }),
  helper.accessor((s) => s.row?.slaDueAt ?? 0, {
    id: 'sla',
    cell: (c) => {
      const row = c.row.original.row
      return row ? <SlaCountdown row={row} now={(c.table.options.meta as Meta).now} /> : null
    },
  }),
  helper.accessor(text((r) => humanize(r.type)), { id: 'type' }),
  helper.accessor(text((r) => r.category), { id: 'category' }),
  helper.accessor(text((r) => r.requesterName), { id: 'requester' }),
  helper.accessor(text((r) => r.assigneeName), {
    id: 'assignee',
    cell: (c) => c.getValue() || <span className="muted">Unassigned</span>,
  }),
  helper.accessor(text((r) => r.groupName), { id: 'group' }),
  helper.accessor((s) => s.row?.createdAt ?? 0, { id: 'created', cell: (c) => formatShort(c.getValue()) }),
  helper.accessor((s) => s.row?.updatedAt ?? 0, { id: 'updated', cell: (c) => formatShort(c.getValue()) }),
]

interface Props {
  filter: QueueFilter
  total: number
  visibility: VisibilityState
  selectedIndex: number
  openId: string | null
  onSelect: (index: number, row: Row | null) => void
  onOpen: (row: Row) => void
  onSort: (sort: SortKey, desc: boolean) => void
  /** The ticked rows, and what a tick (shift: a range) or the header's tick-all does. */
  picked: Picked
  pickedCount: number
  onPick: (index: number, id: string, shift: boolean) => void
  onPickAll: (on: boolean) => void
  /** Show the tick column (staff only: a requester has no bulk actions). */
  canPick: boolean
  /**
   * Called once the rows in view are rendered with their data (or the queue is empty): in the
   * first commit when their page is at hand (the boot data), else when it comes.
   */
  onShown?: () => void
}

/**
 * scrollerRect makes the virtualizer's observer of the scroller's size, which reports it from
 * a ResizeObserver only, and calls onFirst after its first report. The library's own observer
 * also reads the size at once, in QueueTable's layout effect: that made WebKit style and lay
 * out the whole page inside the first commit (~19 ms), before any row was there, and the rows
 * then rendered in a second pass. With the window's height as the first guess (initialRect:
 * the scroller is never taller), the first commit holds the rows in view, and the page is laid
 * out once, for the first paint. The first report comes with that layout, before the paint;
 * what it changes renders after it. Without a ResizeObserver (jsdom) it measures at once, as
 * the library does.
 */
function scrollerRect(onFirst: () => void) {
  return (instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) => {
    const el = instance.scrollElement
    const win = el?.ownerDocument.defaultView
    if (!el || !win?.ResizeObserver) {
      onFirst()
      return observeElementRect(instance, cb)
    }
    let first = true
    const ro = new win.ResizeObserver(() => {
      const r = el.getBoundingClientRect()
      cb({ width: Math.round(r.width), height: Math.round(r.height) })
      if (first) onFirst()
      first = false
    })
    ro.observe(el, { box: 'content-box' })
    return () => ro.disconnect()
  }
}

/** Scrollers the virtualizer has written to: the first write on mount is the start, 0. */
const placed = new WeakSet<Element>()

/**
 * scrollTo skips the virtualizer's first write to a new scroller when it is to the top, where
 * a new scroller already is: WebKit lays the page out to scroll, and this write, from the
 * mount's layout effect, would bring back the layout scrollerRect leaves out.
 */
const scrollTo: VirtualizerOptions<HTMLDivElement, Element>['scrollToFn'] = (offset, opts, instance) => {
  const el = instance.scrollElement
  if (el && !placed.has(el)) {
    placed.add(el)
    if (offset + (opts.adjustments ?? 0) === 0) return
  }
  elementScroll(offset, opts, instance)
}

/** The first guess at the scroller's size: the window's (it is never taller). */
const windowRect = (): Rect => ({ width: window.innerWidth, height: window.innerHeight })

/** The tick column: fixed, before the chosen columns, never in the column chooser. */
const PICK_WIDTH = 34

/**
 * QueueTable renders only the rows in view. Pages of 50 come from Go as the window reaches
 * them (filter, sort and paging are all SQL), so 100k tickets cost what 100 do.
 */
export function QueueTable({
  filter,
  total,
  visibility,
  selectedIndex,
  openId,
  onSelect,
  onOpen,
  onSort,
  picked,
  pickedCount,
  onPick,
  onPickAll,
  canPick,
  onShown,
}: Props) {
  const scrollRef = useRef<HTMLDivElement>(null)
  // Until the page is first laid out, only the rows in view: the rows past them (overscan, for
  // smooth scrolling) come in a render after the first paint.
  const [laidOut, setLaidOut] = useState(false)
  const observeRect = useMemo(() => scrollerRect(() => setLaidOut(true)), [])
  const virtualizer = useVirtualizer({
    count: total,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: laidOut ? 12 : 0,
    // The sticky header sits above the rows inside the same scroller.
    scrollMargin: HEAD_HEIGHT,
    initialRect: windowRect(),
    observeElementRect: observeRect,
    scrollToFn: scrollTo,
  })
  const items = virtualizer.getVirtualItems()
  const first = items.length ? items[0].index : 0
  const last = items.length ? items[items.length - 1].index : -1
  const firstPage = Math.floor(first / PAGE_SIZE)
  const lastPage = Math.max(firstPage, Math.floor(Math.max(last, 0) / PAGE_SIZE))

  const pageNumbers = useMemo(() => {
    const out: number[] = []
    for (let p = firstPage; p <= lastPage; p++) out.push(p)
    return out
  }, [firstPage, lastPage])

  const pages = useQueries({
    queries: pageNumbers.map((p) => ({
      queryKey: ticketKeys.page(filter, p),
      queryFn: () => getQueuePage(filter, p),
      staleTime: 5_000,
    })),
  })

  const windowStart = firstPage * PAGE_SIZE
  const windowEnd = Math.min(total, (lastPage + 1) * PAGE_SIZE)
  const pageRows = pages.map((q) => q.data?.rows)
  // pageRows is a new array each render; the pages' update stamps say when its rows changed.
  const stamp = pages.map((q) => q.dataUpdatedAt).join(',')
  const data = useMemo(() => {
    const out: Slot[] = []
    for (let i = windowStart; i < windowEnd; i++) {
      const rows = pageRows[Math.floor(i / PAGE_SIZE) - firstPage]
      out.push({ index: i, row: rows?.[i % PAGE_SIZE] ?? null })
    }
    return out
  }, [windowStart, windowEnd, firstPage, stamp])

  const sorting: SortingState = [{ id: filter.sort, desc: filter.desc }]
  // One 30 s tick for the whole table; countdowns derive from due times, Go is not asked.
  const now = useGoNow()
  const table = useReactTable({
    data,
    columns,
    meta: { now } satisfies Meta,
    state: { sorting, columnVisibility: visibility },
    getRowId: (s) => String(s.index),
    getCoreRowModel: getCoreRowModel(),
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
  })
  const rowsByIndex = table.getRowModel().rowsById

  const visibleCols = table.getVisibleLeafColumns()
  const grid = gridTemplate(visibleCols.map((c) => c.id))
  const template = canPick ? `${PICK_WIDTH}px ${grid.template}` : grid.template
  const minWidth = grid.minWidth + (canPick ? PICK_WIDTH : 0)
  const allPicked = total > 0 && pickedCount === total

  const shown = total === 0 || (items.length > 0 && !!rowsByIndex[String(items[0].index)]?.original.row)
  useEffect(() => {
    if (shown) onShown?.()
  }, [shown, onShown])

  useEffect(() => {
    if (selectedIndex >= 0 && selectedIndex < total) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, total, virtualizer])

  const failed = pages.find((q) => q.error)?.error

  return (
    <div className="queue-table" role="grid" aria-label="Tickets" aria-rowcount={total + 1} data-testid="queue-table">
      {failed && (
        <div className="banner banner-error" role="alert">
          {failed.message}
        </div>
      )}
      <div className="qt-scroll" ref={scrollRef} data-testid="queue-scroll">
        <div className="qt-inner" style={{ minWidth }}>
          <div className="qt-head" role="row" aria-rowindex={1} style={{ gridTemplateColumns: template }}>
            {canPick && (
              <div role="columnheader" className="qt-th qt-pick">
                <input
                  type="checkbox"
                  aria-label={allPicked ? 'Untick every ticket' : 'Tick every ticket in this view'}
                  checked={allPicked}
                  ref={(el) => {
                    if (el) el.indeterminate = pickedCount > 0 && !allPicked
                  }}
                  onChange={() => onPickAll(!allPicked)}
                  data-testid="pick-all"
                />
              </div>
            )}
            {table.getHeaderGroups()[0].headers.map((h) => {
              const info = COLUMNS.find((c) => c.id === h.column.id)
              const sortKey = info?.sort
              const active = sortKey === filter.sort
              return (
                <div
                  key={h.id}
                  role="columnheader"
                  className="qt-th"
                  aria-sort={active ? (filter.desc ? 'descending' : 'ascending') : 'none'}
                >
                  {sortKey ? (
                    <button
                      type="button"
                      className="th-btn"
                      onClick={() => onSort(sortKey, active ? !filter.desc : sortKey === 'updated' || sortKey === 'created')}
                      aria-label={`Sort by ${info.label}`}
                      data-testid={`sort-${sortKey}`}
                    >
                      {info.label}
                      <span className="sort-ind" aria-hidden="true">
                        {active ? (filter.desc ? '▼' : '▲') : ''}
                      </span>
                    </button>
                  ) : (
                    <span className="th-plain">{info?.label ?? h.column.id}</span>
                  )}
                </div>
              )
            })}
          </div>
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {items.map((vi) => {
              const r = rowsByIndex[String(vi.index)]
              const row = r?.original.row ?? null
              const style = { transform: `translateY(${vi.start - HEAD_HEIGHT}px)`, height: ROW_HEIGHT, gridTemplateColumns: template }
              if (!r || !row) {
                return (
                  <div
                    key={vi.key}
                    className="qt-row placeholder"
                    role="row"
                    aria-rowindex={vi.index + 2}
                    aria-busy="true"
                    style={style}
                    data-testid="queue-row-placeholder"
                  >
                    {canPick && <div role="gridcell" className="qt-td qt-pick" />}
                    {visibleCols.map((c) => (
                      <div key={c.id} role="gridcell" className="qt-td">
                        <span className="skeleton" />
                      </div>
                    ))}
                  </div>
                )
              }
              const selected = vi.index === selectedIndex
              const ticked = isPicked(picked, row.id)
              return (
                <div
                  key={vi.key}
                  role="row"
                  aria-rowindex={vi.index + 2}
                  aria-selected={selected}
                  className={`qt-row${selected ? ' selected' : ''}${row.id === openId ? ' open' : ''}${ticked ? ' ticked' : ''}`}
                  style={style}
                  onClick={(e) => {
                    onSelect(vi.index, row)
                    // A shift-click extends the ticked range, as on the tick box; a plain click opens.
                    if (e.shiftKey && canPick) onPick(vi.index, row.id, true)
                    else onOpen(row)
                  }}
                  data-testid="queue-row"
                  data-number={row.number}
                  data-index={vi.index}
                  data-ticked={ticked}
                >
                  {canPick && (
                    <div role="gridcell" className="qt-td qt-pick">
                      <input
                        type="checkbox"
                        aria-label={`Tick ${row.number}`}
                        checked={ticked}
                        onChange={() => {}}
                        onClick={(e) => {
                          e.stopPropagation() // ticking is not opening
                          onPick(vi.index, row.id, e.shiftKey)
                        }}
                        data-testid="pick-row"
                      />
                    </div>
                  )}
                  {r.getVisibleCells().map((cell) => (
                    <div key={cell.id} role="gridcell" className={`qt-td col-${cell.column.id}`}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </div>
                  ))}
                </div>
              )
            })}
          </div>
          {total === 0 && (
            <div className="empty" data-testid="queue-empty">
              No tickets match this view.
            </div>
          )}
        </div>
      </div>
    </div>
  )
}
