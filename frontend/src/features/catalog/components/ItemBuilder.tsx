import { useState } from 'react'
import { toApiError, type ApiError } from '../../../api/client'
import { catalogApi, type FieldType, type FormField, type Item, type ItemDraft } from '../../../api/catalog'
import type { Reference } from '../../../api/session'
import { usePolicies } from '../../../api/sla'
import { ErrorBanner } from '../../../components/ui/Banner'
import { keyFor } from '../form'

const TYPE_LABELS: Record<FieldType, string> = {
  text: 'Text',
  longtext: 'Long text',
  choice: 'Choice',
  multichoice: 'Multiple choice',
  date: 'Date',
  person: 'Person',
  asset: 'Asset or CI',
  checkbox: 'Checkbox',
}

export function draftOf(it: Item | null): ItemDraft {
  if (!it)
    return {
      id: '',
      name: '',
      description: '',
      category: '',
      departmentId: '',
      active: true,
      form: { fields: [] },
      approval: { rule: 'none', groupId: '', mode: '' },
      groupId: '',
      taskMode: 'checklist',
      tasks: [],
      slaPolicyId: '',
    }
  return {
    id: it.id,
    name: it.name,
    description: it.description,
    category: it.category,
    departmentId: it.departmentId ?? '',
    active: it.active,
    form: { fields: it.form.fields ?? [] },
    approval: { rule: it.approval.rule || 'none', groupId: it.approval.groupId ?? '', mode: it.approval.mode ?? '' },
    groupId: it.groupId ?? '',
    taskMode: it.taskMode,
    tasks: it.tasks ?? [],
    slaPolicyId: it.slaPolicyId ?? '',
  }
}

interface Props {
  item: Item | null
  reference: Reference
  onSaved: (it: Item) => void
  onCancel: () => void
}

/** ItemBuilder: a manager's editor of one catalog item — its text, its form (fields, help,
 * choices, "show when" conditions), its approval rule, fulfilment group, tasks and SLA. */
export function ItemBuilder({ item, reference, onSaved, onCancel }: Props) {
  const [d, setD] = useState<ItemDraft>(() => draftOf(item))
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const policies = usePolicies()
  const fields = d.form.fields
  const err = (k: string) => error?.field(k)
  const setField = (i: number, f: Partial<FormField>) =>
    setD({ ...d, form: { fields: fields.map((x, j) => (j === i ? { ...x, ...f } : x)) } })
  const groups = reference.groups ?? []

  const save = () => {
    setBusy(true)
    setError(null)
    catalogApi
      .save(d)
      .then(onSaved)
      .catch((e: unknown) => setError(toApiError(e)))
      .finally(() => setBusy(false))
  }

  return (
    <form
      className="catalog-builder"
      data-testid="catalog-builder"
      onSubmit={(e) => {
        e.preventDefault()
        save()
      }}
    >
      <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
      <div className="form-grid">
        <div className={`field ${err('name') ? 'has-error' : ''}`}>
          <label htmlFor="ci-name">Name</label>
          <input id="ci-name" data-testid="ci-name" value={d.name} onChange={(e) => setD({ ...d, name: e.target.value })} />
          {err('name') && <div className="field-error">{err('name')}</div>}
        </div>
        <div className="field">
          <label htmlFor="ci-category">Category</label>
          <input id="ci-category" data-testid="ci-category" value={d.category} onChange={(e) => setD({ ...d, category: e.target.value })} />
        </div>
        <div className="field">
          <label className="check">
            <input type="checkbox" data-testid="ci-active" checked={d.active} onChange={(e) => setD({ ...d, active: e.target.checked })} />
            Offered (active)
          </label>
        </div>
      </div>
      <div className="field">
        <label htmlFor="ci-description">Description (markdown)</label>
        <textarea
          id="ci-description"
          data-testid="ci-description"
          rows={4}
          value={d.description}
          onChange={(e) => setD({ ...d, description: e.target.value })}
        />
      </div>

      <fieldset className="catalog-fieldset">
        <legend>Form</legend>
        {fields.map((f, i) => (
          <div key={i} className="catalog-builder-field" data-testid={`ci-field-${i}`}>
            <div className="form-grid">
              <div className={`field ${err(`form.${i}.label`) ? 'has-error' : ''}`}>
                <label htmlFor={`ci-f${i}-label`}>Label</label>
                <input
                  id={`ci-f${i}-label`}
                  data-testid={`ci-field-${i}-label`}
                  value={f.label}
                  onChange={(e) => setField(i, { label: e.target.value })}
                  onBlur={() => {
                    // A new field's key follows its label until it is saved.
                    if (!f.key && f.label.trim()) setField(i, { key: keyFor(f.label, fields.map((x) => x.key)) })
                  }}
                />
                {err(`form.${i}.label`) && <div className="field-error">{err(`form.${i}.label`)}</div>}
              </div>
              <div className={`field ${err(`form.${i}.key`) ? 'has-error' : ''}`}>
                <label htmlFor={`ci-f${i}-key`}>Key</label>
                <input id={`ci-f${i}-key`} data-testid={`ci-field-${i}-key`} value={f.key} onChange={(e) => setField(i, { key: e.target.value })} />
                {err(`form.${i}.key`) && <div className="field-error">{err(`form.${i}.key`)}</div>}
              </div>
              <div className="field">
                <label htmlFor={`ci-f${i}-type`}>Type</label>
                <select
                  id={`ci-f${i}-type`}
                  data-testid={`ci-field-${i}-type`}
                  value={f.type}
                  onChange={(e) => {
                    const type = e.target.value as FieldType
                    setField(i, { type, choices: type === 'choice' || type === 'multichoice' ? f.choices : [] })
                  }}
                >
                  {(Object.keys(TYPE_LABELS) as FieldType[]).map((t) => (
                    <option key={t} value={t}>
                      {TYPE_LABELS[t]}
                    </option>
                  ))}
                </select>
              </div>
              <div className="field">
                <label className="check">
                  <input
                    type="checkbox"
                    data-testid={`ci-field-${i}-required`}
                    checked={f.required}
                    onChange={(e) => setField(i, { required: e.target.checked })}
                  />
                  Required
                </label>
              </div>
            </div>
            {(f.type === 'choice' || f.type === 'multichoice') && (
              <div className={`field ${err(`form.${i}.choices`) ? 'has-error' : ''}`}>
                <label htmlFor={`ci-f${i}-choices`}>Choices (one per line)</label>
                <textarea
                  id={`ci-f${i}-choices`}
                  data-testid={`ci-field-${i}-choices`}
                  rows={3}
                  value={f.choices.join('\n')}
                  onChange={(e) => setField(i, { choices: e.target.value.split('\n') })}
                  onBlur={() => setField(i, { choices: f.choices.map((c) => c.trim()).filter(Boolean) })}
                />
                {err(`form.${i}.choices`) && <div className="field-error">{err(`form.${i}.choices`)}</div>}
              </div>
            )}
            <div className="form-grid">
              <div className="field">
                <label htmlFor={`ci-f${i}-help`}>Help text</label>
                <input id={`ci-f${i}-help`} data-testid={`ci-field-${i}-help`} value={f.help} onChange={(e) => setField(i, { help: e.target.value })} />
              </div>
              <div className={`field ${err(`form.${i}.showWhen`) ? 'has-error' : ''}`}>
                <label htmlFor={`ci-f${i}-when`}>Show when</label>
                <select
                  id={`ci-f${i}-when`}
                  data-testid={`ci-field-${i}-when`}
                  value={f.showWhen?.field ?? ''}
                  onChange={(e) => setField(i, { showWhen: e.target.value ? { field: e.target.value, equals: '' } : null })}
                >
                  <option value="">Always</option>
                  {fields.slice(0, i).map((x) => (
                    <option key={x.key} value={x.key}>
                      {x.label || x.key}
                    </option>
                  ))}
                </select>
              </div>
              {f.showWhen && (
                <div className="field">
                  <label htmlFor={`ci-f${i}-equals`}>is</label>
                  <ConditionValue
                    id={`ci-f${i}-equals`}
                    on={fields.find((x) => x.key === f.showWhen?.field)}
                    value={f.showWhen.equals}
                    onChange={(equals) => setField(i, { showWhen: { field: f.showWhen?.field ?? '', equals } })}
                    testid={`ci-field-${i}-equals`}
                  />
                  {err(`form.${i}.showWhen`) && <div className="field-error">{err(`form.${i}.showWhen`)}</div>}
                </div>
              )}
            </div>
            <div className="form-actions">
              <button type="button" className="btn btn-small btn-ghost" onClick={() => setD({ ...d, form: { fields: fields.filter((_, j) => j !== i) } })}>
                Remove field
              </button>
            </div>
          </div>
        ))}
        <button
          type="button"
          className="btn btn-small"
          data-testid="ci-add-field"
          onClick={() =>
            setD({ ...d, form: { fields: [...fields, { key: '', label: '', type: 'text', required: false, help: '', choices: [], showWhen: null }] } })
          }
        >
          Add field
        </button>
      </fieldset>

      <fieldset className="catalog-fieldset">
        <legend>Approval</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="ci-approval">Approval</label>
            <select
              id="ci-approval"
              data-testid="ci-approval"
              value={d.approval.rule}
              onChange={(e) => setD({ ...d, approval: { rule: e.target.value as ItemDraft['approval']['rule'], groupId: '', mode: e.target.value === 'group' ? 'any' : '' } })}
            >
              <option value="none">None</option>
              <option value="manager">The requester’s manager</option>
              <option value="group">A group</option>
            </select>
          </div>
          {d.approval.rule === 'group' && (
            <>
              <div className={`field ${err('approval.groupId') ? 'has-error' : ''}`}>
                <label htmlFor="ci-approval-group">Approving group</label>
                <select
                  id="ci-approval-group"
                  value={d.approval.groupId}
                  onChange={(e) => setD({ ...d, approval: { ...d.approval, groupId: e.target.value } })}
                >
                  <option value="">Choose…</option>
                  {groups.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name}
                    </option>
                  ))}
                </select>
                {err('approval.groupId') && <div className="field-error">{err('approval.groupId')}</div>}
              </div>
              <div className="field">
                <label htmlFor="ci-approval-mode">Decided by</label>
                <select
                  id="ci-approval-mode"
                  value={d.approval.mode}
                  onChange={(e) => setD({ ...d, approval: { ...d.approval, mode: e.target.value as ItemDraft['approval']['mode'] } })}
                >
                  <option value="any">Any member</option>
                  <option value="all">All members</option>
                  <option value="majority">A majority</option>
                </select>
              </div>
            </>
          )}
        </div>
      </fieldset>

      <fieldset className="catalog-fieldset">
        <legend>Fulfilment</legend>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="ci-group">Fulfilment group</label>
            <select id="ci-group" data-testid="ci-group" value={d.groupId} onChange={(e) => setD({ ...d, groupId: e.target.value })}>
              <option value="">None</option>
              {groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="ci-mode">Tasks run</label>
            <select id="ci-mode" data-testid="ci-mode" value={d.taskMode} onChange={(e) => setD({ ...d, taskMode: e.target.value as ItemDraft['taskMode'] })}>
              <option value="checklist">As a checklist (all at once)</option>
              <option value="sequence">In sequence (each after the one before)</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="ci-sla">SLA policy</label>
            <select id="ci-sla" data-testid="ci-sla" value={d.slaPolicyId} onChange={(e) => setD({ ...d, slaPolicyId: e.target.value })}>
              <option value="">None</option>
              {(policies.data ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <ol className="catalog-builder-tasks">
          {d.tasks.map((t, i) => (
            <li key={i} data-testid={`ci-task-${i}`}>
              <div className="form-grid">
                <div className={`field ${err(`tasks.${i}.title`) ? 'has-error' : ''}`}>
                  <label htmlFor={`ci-t${i}-title`}>Task</label>
                  <input
                    id={`ci-t${i}-title`}
                    data-testid={`ci-task-${i}-title`}
                    value={t.title}
                    onChange={(e) => setD({ ...d, tasks: d.tasks.map((x, j) => (j === i ? { ...x, title: e.target.value } : x)) })}
                  />
                  {err(`tasks.${i}.title`) && <div className="field-error">{err(`tasks.${i}.title`)}</div>}
                </div>
                <div className={`field ${err(`tasks.${i}.groupId`) ? 'has-error' : ''}`}>
                  <label htmlFor={`ci-t${i}-group`}>Group</label>
                  <select
                    id={`ci-t${i}-group`}
                    data-testid={`ci-task-${i}-group`}
                    value={t.groupId}
                    onChange={(e) => setD({ ...d, tasks: d.tasks.map((x, j) => (j === i ? { ...x, groupId: e.target.value } : x)) })}
                  >
                    <option value="">The fulfilment group</option>
                    {groups.map((g) => (
                      <option key={g.id} value={g.id}>
                        {g.name}
                      </option>
                    ))}
                  </select>
                  {err(`tasks.${i}.groupId`) && <div className="field-error">{err(`tasks.${i}.groupId`)}</div>}
                </div>
                <button type="button" className="btn btn-small btn-ghost" onClick={() => setD({ ...d, tasks: d.tasks.filter((_, j) => j !== i) })}>
                  Remove
                </button>
              </div>
            </li>
          ))}
        </ol>
        <button type="button" className="btn btn-small" data-testid="ci-add-task" onClick={() => setD({ ...d, tasks: [...d.tasks, { title: '', groupId: '' }] })}>
          Add task
        </button>
      </fieldset>

      <div className="form-actions">
        <button type="button" className="btn" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="ci-save">
          Save item
        </button>
      </div>
    </form>
  )
}

function ConditionValue({
  id,
  on,
  value,
  onChange,
  testid,
}: {
  id: string
  on: FormField | undefined
  value: string
  onChange: (v: string) => void
  testid: string
}) {
  if (on && (on.type === 'choice' || on.type === 'multichoice' || on.type === 'checkbox')) {
    const options = on.type === 'checkbox' ? ['true', 'false'] : on.choices
    return (
      <select id={id} data-testid={testid} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">Choose…</option>
        {options.map((c) => (
          <option key={c} value={c}>
            {on.type === 'checkbox' ? (c === 'true' ? 'checked' : 'not checked') : c}
          </option>
        ))}
      </select>
    )
  }
  return <input id={id} data-testid={testid} value={value} onChange={(e) => onChange(e.target.value)} />
}
