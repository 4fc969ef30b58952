// Queue columns: which exist, which Go can sort by, which show by default (persisted).
import type { SortKey } from '../../api/tickets'

export interface ColumnInfo {
  id: string
  label: string
  /** Narrowest the column gets, in px; below the sum the table scrolls sideways. */
  min: number
  /** Share of the spare width; 0 keeps the column at its minimum. */
  grow: number
  sort?: SortKey
}

export const COLUMNS: readonly ColumnInfo[] = [
  { id: 'number', label: 'Number', min: 112, grow: 0, sort: 'number' },
  { id: 'priority', label: 'Priority', min: 72, grow: 0, sort: 'priority' },
  { id: 'title', label: 'Title', min: 220, grow: 3, sort: 'title' },
  { id: 'state', label: 'State', min: 104, grow: 0, sort: 'state' },
  { id: 'sla', label: 'SLA', min: 180, grow: 0, sort: 'sla' },
  { id: 'type', label: 'Type', min: 84, grow: 0 },
  { id: 'category', label: 'Category', min: 100, grow: 1 },
  { id: 'requester', label: 'Requester', min: 120, grow: 1 },
  { id: 'assignee', label: 'Assignee', min: 120, grow: 1 },
  { id: 'group', label: 'Group', min: 120, grow: 1 },
  { id: 'created', label: 'Created', min: 84, grow: 0, sort: 'created' },
  { id: 'updated', label: 'Updated', min: 84, grow: 0, sort: 'updated' },
]

export const DEFAULT_VISIBLE = ['number', 'priority', 'title', 'state', 'sla', 'assignee', 'group', 'updated']
const KEY = 'outpost.queue.columns'

export function loadColumns(storage: Pick<Storage, 'getItem'> = localStorage): Record<string, boolean> {
  let shown = DEFAULT_VISIBLE
  try {
    const v: unknown = JSON.parse(storage.getItem(KEY) ?? 'null')
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) shown = v as string[]
  } catch {
    // a damaged setting falls back to the defaults
  }
  return Object.fromEntries(COLUMNS.map((c) => [c.id, shown.includes(c.id) || c.id === 'title']))
}

export function saveColumns(visible: Record<string, boolean>, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY, JSON.stringify(COLUMNS.filter((c) => visible[c.id]).map((c) => c.id)))
}

/** gridTemplate lays out the visible columns; minWidth is where sideways scrolling starts. */
export function gridTemplate(ids: string[]): { template: string; minWidth: number } {
  const cols = ids.map((id) => COLUMNS.find((c) => c.id === id)).filter((c): c is ColumnInfo => !!c)
  return {
    template: cols.map((c) => (c.grow ? `minmax(${c.min}px, ${c.grow}fr)` : `${c.min}px`)).join(' '),
    minWidth: cols.reduce((sum, c) => sum + c.min, 0),
  }
}
