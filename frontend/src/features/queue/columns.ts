// Queue columns: which exist, which Go can sort by, which show by default (persisted).
import type { SortKey } from '../../api/tickets'

export interface ColumnInfo {
  id: string
  label: string
  width: string
  sort?: SortKey
}

export const COLUMNS: readonly ColumnInfo[] = [
  { id: 'number', label: 'Number', width: '112px', sort: 'number' },
  { id: 'priority', label: 'Priority', width: '72px', sort: 'priority' },
  { id: 'title', label: 'Title', width: 'minmax(220px, 3fr)', sort: 'title' },
  { id: 'state', label: 'State', width: '104px', sort: 'state' },
  { id: 'type', label: 'Type', width: '84px' },
  { id: 'category', label: 'Category', width: 'minmax(100px, 1fr)' },
  { id: 'requester', label: 'Requester', width: 'minmax(110px, 1fr)' },
  { id: 'assignee', label: 'Assignee', width: 'minmax(110px, 1fr)' },
  { id: 'group', label: 'Group', width: 'minmax(110px, 1fr)' },
  { id: 'created', label: 'Created', width: '84px', sort: 'created' },
  { id: 'updated', label: 'Updated', width: '84px', sort: 'updated' },
]

export const DEFAULT_VISIBLE = ['number', 'priority', 'title', 'state', 'assignee', 'group', 'updated']
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
