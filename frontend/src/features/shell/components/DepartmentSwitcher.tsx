import type { Reference } from '../../../api/session'

/**
 * DepartmentSwitcher picks whose desk the queues, group pickers and categories show: one of
 * the departments the person works in (their groups' departments, from Go), or all of them.
 * It narrows what is shown; it is not a permission (Go decides those).
 */
export function DepartmentSwitcher({ reference, value, onChange }: { reference: Reference; value: string; onChange: (id: string) => void }) {
  const mine = reference.departments.filter((d) => reference.myDepartments.includes(d.id))
  if (mine.length === 0) return null
  if (mine.length === 1) {
    return (
      <span className="desk-name small" data-testid="department-desk" data-id={mine[0].id}>
        {mine[0].name} desk
      </span>
    )
  }
  return (
    <select className="desk-switch" aria-label="Department desk" value={value} onChange={(e) => onChange(e.target.value)} data-testid="department-switch">
      <option value="">All departments</option>
      {mine.map((d) => (
        <option key={d.id} value={d.id}>
          {d.name} desk
        </option>
      ))}
    </select>
  )
}
