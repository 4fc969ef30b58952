// The option lists and assignment rules that the ticket pane and the new-ticket dialog share,
// so both offer the same choices in the same order.
import type { Category, Reference, User } from '../../api/session'
import { humanize } from '../../lib/format'
import { LEVELS } from '../../lib/priority'

const staffRoles = new Set(['agent', 'manager', 'admin'])

/** isStaff reports whether a role works tickets (agent, manager or admin). */
export function isStaff(role: string): boolean {
  return staffRoles.has(role)
}

/** assignableUsers lists the active staff who may take a ticket in the group (anyone staff without one). */
export function assignableUsers(reference: Reference, groupId: string | undefined): User[] {
  const group = reference.groups.find((g) => g.id === groupId)
  return reference.users.filter((u) => u.active && isStaff(u.role) && (!group || (group.members ?? []).includes(u.id)))
}

/** assigneeAfterGroupChange keeps the assignee only when they belong to the new group. */
export function assigneeAfterGroupChange(reference: Reference, groupId: string, assigneeId: string | undefined): string {
  const g = reference.groups.find((x) => x.id === groupId)
  return assigneeId && g && (g.members ?? []).includes(assigneeId) ? assigneeId : ''
}

/** LevelOptions are the impact/urgency levels 1–3. */
export function LevelOptions() {
  return (
    <>
      {LEVELS.map((l) => (
        <option key={l.value} value={l.value}>
          {l.label}
        </option>
      ))}
    </>
  )
}

/** NamedOptions lists users or groups by name, valued by id. */
export function NamedOptions({ items }: { items: readonly { id: string; name: string }[] }) {
  return (
    <>
      {items.map((x) => (
        <option key={x.id} value={x.id}>
          {x.name}
        </option>
      ))}
    </>
  )
}

/** CategoryOptions lists the categories by name. */
export function CategoryOptions({ categories }: { categories: readonly Category[] }) {
  return (
    <>
      {categories.map((c) => (
        <option key={c.name} value={c.name}>
          {c.name}
        </option>
      ))}
    </>
  )
}

/** SubcategoryOptions lists a category's subcategories (none without a category). */
export function SubcategoryOptions({ category }: { category: Category | undefined }) {
  return (
    <>
      {(category?.subcategories ?? []).map((s) => (
        <option key={s} value={s}>
          {s}
        </option>
      ))}
    </>
  )
}

/** SourceOptions lists the ticket sources, humanized. */
export function SourceOptions({ sources }: { sources: readonly string[] }) {
  return (
    <>
      {sources.map((s) => (
        <option key={s} value={s}>
          {humanize(s)}
        </option>
      ))}
    </>
  )
}
