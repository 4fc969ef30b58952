import { useState } from 'react'
import { ApiError } from '../../../api/client'
import { useDirectory, useSaveCategory, useSaveService, type CategoryItem } from '../../../api/directory'
import type { Reference } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Field } from '../../../components/ui/Field'

const toError = (err: unknown) => (err instanceof ApiError ? err : new ApiError('unknown', String(err)))

/** NameForm adds one named item; what was typed stays when Go refuses it. */
function NameForm({ label, testid, limit, onAdd }: { label: string; testid: string; limit?: number; onAdd: (name: string) => Promise<unknown> }) {
  const [name, setName] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  return (
    <form
      noValidate
      className="form-row"
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault()
        setError(null)
        onAdd(name).then(
          () => setName(''),
          (err: unknown) => setError(toError(err)),
        )
      }}
    >
      <Field label={label} error={error ? (error.field('name') ?? error.field('parentId') ?? error.message) : undefined} limit={limit} value={name}>
        <input value={name} onChange={(e) => setName(e.target.value)} data-testid={`${testid}-name`} />
      </Field>
      <div className="form-row-action">
        <button type="submit" className="btn btn-small" data-testid={`${testid}-add`}>
          Add
        </button>
      </div>
    </form>
  )
}

/** CategorySettings: categories and their subcategories, for managers and admins. */
export function CategorySettings({ reference, canEdit }: { reference: Reference; canEdit: boolean }) {
  const list = useDirectory()
  const save = useSaveCategory()
  const [error, setError] = useState<ApiError | null>(null)
  const all = list.data?.categories ?? []
  const parents = all.filter((c) => !c.parentId)
  const toggle = (c: CategoryItem) => {
    setError(null)
    save.mutateAsync({ ...c, active: !c.active }).catch((err: unknown) => setError(toError(err)))
  }
  const limit = reference.limits?.['list.name']
  return (
    <section className="card" aria-label="Categories" data-testid="category-settings">
      <header className="card-head">
        <h2>Categories</h2>
      </header>
      <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
      {canEdit && <NameForm label="New category" testid="category" limit={limit} onAdd={(name) => save.mutateAsync({ id: '', name, parentId: '', active: true, departmentId: '' })} />}
      {parents.map((p) => (
        <div key={p.id} className="group-card" data-testid="category-card" data-name={p.name}>
          <header className="section-head">
            <h3>
              {p.name} {!p.active && <span className="muted small">(not offered)</span>}
            </h3>
            <select
              aria-label={`Department of ${p.name}`}
              value={p.departmentId}
              disabled={!canEdit}
              onChange={(e) => {
                setError(null)
                save.mutateAsync({ ...p, departmentId: e.target.value }).catch((err: unknown) => setError(toError(err)))
              }}
              data-testid="category-department"
            >
              <option value="">Every department</option>
              {reference.departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
            {canEdit && (
              <button type="button" className="btn btn-small btn-ghost" onClick={() => toggle(p)} data-testid="category-active">
                {p.active ? 'Stop offering' : 'Offer again'}
              </button>
            )}
          </header>
          <ul className="member-list">
            {all
              .filter((c) => c.parentId === p.id)
              .map((c) => (
                <li key={c.id} data-testid="subcategory" data-name={c.name}>
                  {c.name} {!c.active && <span className="muted small">(not offered)</span>}
                  {canEdit && (
                    <button type="button" className="btn btn-small btn-ghost" onClick={() => toggle(c)} data-testid="subcategory-active">
                      {c.active ? 'Stop offering' : 'Offer again'}
                    </button>
                  )}
                </li>
              ))}
          </ul>
          {canEdit && (
            <NameForm
              label={`New subcategory of ${p.name}`}
              testid="subcategory"
              limit={limit}
              onAdd={(name) => save.mutateAsync({ id: '', name, parentId: p.id, active: true, departmentId: '' })}
            />
          )}
        </div>
      ))}
    </section>
  )
}

/** ServiceSettings: the services a ticket can be about, for managers and admins. */
export function ServiceSettings({ reference, canEdit }: { reference: Reference; canEdit: boolean }) {
  const list = useDirectory()
  const save = useSaveService()
  const [error, setError] = useState<ApiError | null>(null)
  const services = list.data?.services ?? []
  return (
    <section className="card" aria-label="Services" data-testid="service-settings">
      <header className="card-head">
        <h2>Services</h2>
        <span className="muted small">A ticket's service is picked from these; values typed before stay as they are.</span>
      </header>
      <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
      {canEdit && (
        <NameForm
          label="New service"
          testid="service"
          limit={reference.limits?.['list.name']}
          onAdd={(name) => save.mutateAsync({ id: '', name, description: '', active: true })}
        />
      )}
      <ul className="member-list" data-testid="services">
        {services.map((s) => (
          <li key={s.id} data-testid="service-row" data-name={s.name}>
            {s.name} {!s.active && <span className="muted small">(not offered)</span>}
            {canEdit && (
              <button
                type="button"
                className="btn btn-small btn-ghost"
                onClick={() => {
                  setError(null)
                  save.mutateAsync({ ...s, active: !s.active }).catch((err: unknown) => setError(toError(err)))
                }}
                data-testid="service-active"
              >
                {s.active ? 'Stop offering' : 'Offer again'}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
