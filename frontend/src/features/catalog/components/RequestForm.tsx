import { useState } from 'react'
import { toApiError, type ApiError } from '../../../api/client'
import { catalogApi, useAssetChoices, type Answer, type Answers, type FormField, type ItemView } from '../../../api/catalog'
import type { Me, Reference } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { answersToSend, shownFields } from '../form'

interface Props {
  view: ItemView
  me: Me
  reference: Reference
  onSubmitted: (ticketId: string, number: string, stage: string) => void
}

/** The ms of a date input's value at local midnight (0 for none). */
function dateMs(v: string): number {
  if (!v) return 0
  const [y, m, d] = v.split('-').map(Number)
  return new Date(y, m - 1, d).getTime()
}

/** RequestForm asks an item's questions (only those its conditions show), who it is for and
 * when it is wanted, and submits the request. */
export function RequestForm({ view, me, reference, onSubmitted }: Props) {
  const fields = view.item.form.fields ?? []
  const [answers, setAnswers] = useState<Answers>({})
  const [requestedFor, setRequestedFor] = useState(me.user.id)
  const [due, setDue] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const set = (key: string, a: Answer) => setAnswers((prev) => ({ ...prev, [key]: a }))
  const shown = shownFields(fields, answers)
  const people = reference.users.filter((u) => u.active)

  const submit = () => {
    setBusy(true)
    setError(null)
    catalogApi
      .submit({ itemId: view.item.id, answers: answersToSend(fields, answers), requestedFor, dueAt: dateMs(due) })
      .then((s) => onSubmitted(s.ticketId, s.number, s.stage))
      .catch((err: unknown) => setError(toApiError(err)))
      .finally(() => setBusy(false))
  }

  return (
    <form
      className="catalog-form"
      data-testid="catalog-form"
      onSubmit={(e) => {
        e.preventDefault()
        submit()
      }}
    >
      <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
      {shown.map((f) => (
        <div key={f.key} className={`field ${error?.field(`answers.${f.key}`) ? 'has-error' : ''}`} data-testid={`catalog-q-${f.key}`}>
          <label htmlFor={`q-${f.key}`}>
            {f.label}
            {f.required && <span aria-label="required"> *</span>}
          </label>
          <Input field={f} value={answers[f.key]} onChange={(a) => set(f.key, a)} people={people} />
          {f.help && <div className="field-hint">{f.help}</div>}
          {error?.field(`answers.${f.key}`) && (
            <div className="field-error" role="alert">
              {error.field(`answers.${f.key}`)}
            </div>
          )}
        </div>
      ))}
      <div className={`field ${error?.field('requestedFor') ? 'has-error' : ''}`}>
        <label htmlFor="catalog-requested-for">Requested for</label>
        <select id="catalog-requested-for" data-testid="catalog-requested-for" value={requestedFor} onChange={(e) => setRequestedFor(e.target.value)}>
          {people.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
              {u.id === me.user.id ? ' (me)' : ''}
            </option>
          ))}
        </select>
        {error?.field('requestedFor') && <div className="field-error">{error.field('requestedFor')}</div>}
      </div>
      <div className="field">
        <label htmlFor="catalog-due">Wanted by</label>
        <input id="catalog-due" type="date" data-testid="catalog-due" value={due} onChange={(e) => setDue(e.target.value)} />
      </div>
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="catalog-submit">
          Submit request
        </button>
      </div>
    </form>
  )
}

function Input({
  field: f,
  value,
  onChange,
  people,
}: {
  field: FormField
  value: Answer | undefined
  onChange: (a: Answer) => void
  people: Reference['users']
}) {
  const id = `q-${f.key}`
  const testid = `catalog-field-${f.key}`
  switch (f.type) {
    case 'longtext':
      return <textarea id={id} data-testid={testid} rows={4} value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} />
    case 'choice':
      return (
        <select id={id} data-testid={testid} value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose…</option>
          {f.choices.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      )
    case 'multichoice': {
      const list = (value as string[]) ?? []
      return (
        <div id={id} data-testid={testid} className="catalog-multi" role="group">
          {f.choices.map((c) => (
            <label key={c} className="check">
              <input
                type="checkbox"
                checked={list.includes(c)}
                onChange={(e) => onChange(e.target.checked ? [...list, c] : list.filter((x) => x !== c))}
              />
              {c}
            </label>
          ))}
        </div>
      )
    }
    case 'date':
      return <input id={id} data-testid={testid} type="date" value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} />
    case 'person':
      return (
        <select id={id} data-testid={testid} value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)}>
          <option value="">Choose a person…</option>
          {people.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      )
    case 'asset':
      return <AssetInput id={id} testid={testid} value={(value as string) ?? ''} onChange={onChange} />
    case 'checkbox':
      return <input id={id} data-testid={testid} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
    default:
      return <input id={id} data-testid={testid} type="text" value={(value as string) ?? ''} onChange={(e) => onChange(e.target.value)} />
  }
}

function AssetInput({ id, testid, value, onChange }: { id: string; testid: string; value: string; onChange: (a: Answer) => void }) {
  const choices = useAssetChoices('')
  return (
    <select id={id} data-testid={testid} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">Choose an asset or CI…</option>
      {(choices.data ?? []).map((a) => (
        <option key={a.id} value={a.id}>
          {a.label}
        </option>
      ))}
    </select>
  )
}
