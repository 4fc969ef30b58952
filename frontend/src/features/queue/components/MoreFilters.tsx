import { useState, type FormEvent } from 'react'
import type { Reference } from '../../../api/session'
import { ME, type Filter, type QueueFilter } from '../../../api/tickets'
import { Field } from '../../../components/ui/Field'
import { MenuDetails } from '../../../components/ui/MenuDetails'
import { DATE_FIELDS, getFilter, splitList, withFilter, type DateField } from '../filters'

interface Props {
  filter: QueueFilter
  reference: Reference | undefined
  /** Go's messages for the queue's filters, keyed filter.<column>. */
  errors: Readonly<Record<string, string>>
  onApply: (filters: Filter[]) => void
}

const DATE_LABELS: Record<DateField, string> = { created: 'Created', updated: 'Updated', resolved: 'Resolved' }
const DAY_HINT = 'YYYY-MM-DD, or -7d for a week ago'

/** What the form holds: exactly what the person typed, kept when Go refuses it. */
interface Form {
  requester: string
  category: string
  service: string
  tag: string
  dates: Record<DateField, { from: string; to: string }>
}

function formOf(q: QueueFilter): Form {
  const one = (field: string) => getFilter(q, field)?.values[0] ?? ''
  const list = (field: string) => (getFilter(q, field)?.values ?? []).join(', ')
  const dates = Object.fromEntries(
    DATE_FIELDS.map((d) => [d, { from: getFilter(q, d)?.from ?? '', to: getFilter(q, d)?.to ?? '' }]),
  ) as Form['dates']
  return { requester: one('requester'), category: one('category'), service: list('service'), tag: list('tag'), dates }
}

/** MoreFilters filters the queue on the columns the bar does not show: requester, category,
 * service, tags and ranges of days. Go checks them; its message shows beside the field. */
export function MoreFilters({ filter, reference, errors, onApply }: Props) {
  const [form, setForm] = useState<Form>(() => formOf(filter))
  // Filters cleared elsewhere ("Clear filters") clear the form too; a refused filter stays
  // in it as typed.
  const [shown, setShown] = useState(filter.filters)
  if (shown !== filter.filters) {
    setShown(filter.filters)
    if (filter.filters.length === 0) setForm(formOf(filter))
  }
  const active = ['requester', 'category', 'service', 'tag', ...DATE_FIELDS].filter((f) => getFilter(filter, f)).length

  const apply = (e: FormEvent) => {
    e.preventDefault()
    let fs = filter.filters
    const list = (field: string, values: string[]) => {
      fs = withFilter(fs, field, values.length ? { values, from: '', to: '' } : null)
    }
    list('requester', form.requester ? [form.requester] : [])
    list('category', form.category ? [form.category] : [])
    list('service', splitList(form.service))
    list('tag', splitList(form.tag))
    for (const d of DATE_FIELDS) {
      const { from, to } = form.dates[d]
      fs = withFilter(fs, d, from.trim() || to.trim() ? { values: [], from: from.trim(), to: to.trim() } : null)
    }
    onApply(fs)
  }
  const setDate = (d: DateField, end: 'from' | 'to', value: string) =>
    setForm((f) => ({ ...f, dates: { ...f.dates, [d]: { ...f.dates[d], [end]: value } } }))

  return (
    <MenuDetails
      className="menu"
      summary={
        <summary className="btn btn-small" data-testid="more-filters">
          More filters{active > 0 ? ` (${active})` : ''}
        </summary>
      }
    >
      <form className="menu-pop more-filters" onSubmit={apply} aria-label="More filters">
        <Field label="Requester" error={errors['filter.requester']}>
          <select value={form.requester} onChange={(e) => setForm({ ...form, requester: e.target.value })} data-testid="filter-requester">
            <option value="">Anyone</option>
            <option value={ME}>Me</option>
            {(reference?.users ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Category" error={errors['filter.category']}>
          <select value={form.category} onChange={(e) => setForm({ ...form, category: e.target.value })} data-testid="filter-category">
            <option value="">Any category</option>
            {(reference?.categories ?? []).map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Service" error={errors['filter.service']} hint="Several: separate with commas">
          <input value={form.service} onChange={(e) => setForm({ ...form, service: e.target.value })} data-testid="filter-service" />
        </Field>
        <Field label="Tags" error={errors['filter.tag']} hint="Any of them; separate with commas">
          <input value={form.tag} onChange={(e) => setForm({ ...form, tag: e.target.value })} data-testid="filter-tag" />
        </Field>
        {DATE_FIELDS.map((d) => (
          <Field key={d} label={`${DATE_LABELS[d]} from – to`} error={errors[`filter.${d}`]} hint={DAY_HINT}>
            <div className="date-range">
              <input
                aria-label={`${DATE_LABELS[d]} from`}
                placeholder="from"
                value={form.dates[d].from}
                onChange={(e) => setDate(d, 'from', e.target.value)}
                data-testid={`filter-${d}-from`}
              />
              <input
                aria-label={`${DATE_LABELS[d]} to`}
                placeholder="to"
                value={form.dates[d].to}
                onChange={(e) => setDate(d, 'to', e.target.value)}
                data-testid={`filter-${d}-to`}
              />
            </div>
          </Field>
        ))}
        <div className="more-filters-foot">
          <button type="submit" className="btn btn-small btn-primary" data-testid="filter-apply">
            Apply
          </button>
        </div>
      </form>
    </MenuDetails>
  )
}
