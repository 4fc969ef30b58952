// Pure helpers over a queue's column filters (ticket.Filter in Go).
import { MY_GROUPS, NOBODY, type Filter, type QueueFilter } from '../../api/tickets'

/** The columns "More filters" edits, each as a list of values or a range of days. */
export const LIST_FIELDS = ['requester', 'category', 'service', 'tag'] as const
export const DATE_FIELDS = ['created', 'updated', 'resolved'] as const
export type ListField = (typeof LIST_FIELDS)[number]
export type DateField = (typeof DATE_FIELDS)[number]

/** getFilter returns the filter on field, if any. */
export function getFilter(q: Pick<QueueFilter, 'filters'>, field: string): Filter | undefined {
  return q.filters.find((f) => f.field === field)
}

/** withFilter replaces the filter on field (null removes it), keeping the others in order. */
export function withFilter(filters: Filter[], field: string, f: Omit<Filter, 'field'> | null): Filter[] {
  const rest = filters.filter((x) => x.field !== field)
  return f ? [...rest, { field, ...f }] : rest
}

/** splitList turns what a person typed ("vip, onsite") into values, blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
}

/** unassignedInMyGroups says whether the queue shows only unassigned tickets of my groups. */
export function unassignedInMyGroups(q: Pick<QueueFilter, 'filters'>): boolean {
  const a = getFilter(q, 'assignee')
  const g = getFilter(q, 'group')
  return a?.values.length === 1 && a.values[0] === NOBODY && g?.values.length === 1 && g.values[0] === MY_GROUPS
}

/** setUnassignedInMyGroups turns that pair of filters on or off. */
export function setUnassignedInMyGroups(filters: Filter[], on: boolean): Filter[] {
  let out = withFilter(withFilter(filters, 'assignee', null), 'group', null)
  if (on) {
    out = withFilter(out, 'assignee', { values: [NOBODY], from: '', to: '' })
    out = withFilter(out, 'group', { values: [MY_GROUPS], from: '', to: '' })
  }
  return out
}

/** sameQuery compares two queues' filters and order (what a saved view keeps). */
export function sameQuery(a: QueueFilter, b: QueueFilter): boolean {
  const norm = (q: QueueFilter) =>
    JSON.stringify({
      ...q,
      states: [...q.states].sort(),
      priorities: [...q.priorities].sort(),
      filters: [...q.filters].sort((x, y) => x.field.localeCompare(y.field)),
    })
  return norm(a) === norm(b)
}
