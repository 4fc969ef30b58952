import { useState } from 'react'
import { ApiError } from '../../../api/client'
import { useDirectory, useSaveDepartment } from '../../../api/directory'
import type { Reference } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Field } from '../../../components/ui/Field'

const toError = (err: unknown) => (err instanceof ApiError ? err : new ApiError('unknown', String(err)))

/** DepartmentSettings: the departmental desks (IT, HR, Facilities, …). Admins add, rename and
 * retire them (Go refuses anyone else, on the desk and on the server); groups and categories
 * are put in one on their own tabs. */
export function DepartmentSettings({ reference, canEdit }: { reference: Reference; canEdit: boolean }) {
  const list = useDirectory()
  const save = useSaveDepartment()
  const [name, setName] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const deps = list.data?.departments ?? []
  const run = async (p: Promise<unknown>) => {
    setError(null)
    try {
      await p
      return true
    } catch (err) {
      setError(toError(err))
      return false
    }
  }
  return (
    <section className="card" aria-label="Departments" data-testid="department-settings">
      <header className="card-head">
        <h2>Departments</h2>
        <span className="muted small">Groups, categories and catalog items belong to a department; staff see the desks of their groups.</span>
      </header>
      <ErrorBanner message={error && !Object.keys(error.fields).length ? error.message : undefined} onDismiss={() => setError(null)} />
      {canEdit ? (
        <form
          noValidate
          aria-label="Add a department"
          onSubmit={(e) => {
            e.preventDefault()
            void run(save.mutateAsync({ id: '', name, description: '', active: true })).then((ok) => ok && setName(''))
          }}
        >
          <div className="form-row">
            <Field label="New department" error={error?.field('name')} limit={reference.limits?.['list.name']} value={name}>
              <input value={name} onChange={(e) => setName(e.target.value)} data-testid="department-name" />
            </Field>
            <div className="form-row-action">
              <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="department-add">
                Add department
              </button>
            </div>
          </div>
        </form>
      ) : (
        <p className="muted small">Only an admin adds or changes departments.</p>
      )}
      <ul className="member-list" data-testid="department-list">
        {deps.map((d) => (
          <li key={d.id} data-testid="department" data-name={d.name} data-active={d.active ? 'true' : 'false'}>
            {d.name} {!d.active && <span className="muted small">(retired)</span>}
            {canEdit && (
              <button
                type="button"
                className="btn btn-small btn-ghost"
                onClick={() => void run(save.mutateAsync({ id: d.id, name: d.name, description: d.description, active: !d.active }))}
                data-testid="department-active"
              >
                {d.active ? 'Retire' : 'Offer again'}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
