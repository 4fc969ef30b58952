import { useState } from 'react'
import { ApiError } from '../../../api/client'
import { useCreateUser, type NewUser, type Reference, type Role } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Field } from '../../../components/ui/Field'
import { humanize } from '../../../lib/format'

const ROLES: Role[] = ['requester', 'agent', 'manager', 'admin']
const empty: NewUser = { name: '', email: '', role: 'agent' }

/** PeopleSettings lists the desk's people and lets an admin add one. */
export function PeopleSettings({ reference, canEdit }: { reference: Reference; canEdit: boolean }) {
  const create = useCreateUser()
  const [draft, setDraft] = useState<NewUser>(empty)
  const [error, setError] = useState<ApiError | null>(null)
  const [added, setAdded] = useState('')
  const people = reference.users.filter((u) => u.role !== 'system')
  const groupsOf = (id: string) =>
    reference.groups
      .filter((g) => (g.members ?? []).includes(id))
      .map((g) => g.name)
      .join(', ')

  const submit = async () => {
    setError(null)
    setAdded('')
    try {
      const u = await create.mutateAsync(draft)
      setAdded(u.name)
      setDraft(empty)
    } catch (err) {
      // What was typed stays; Go's messages go next to their fields.
      setError(err instanceof ApiError ? err : new ApiError('unknown', String(err)))
    }
  }

  return (
    <section className="card" aria-label="People" data-testid="people-settings">
      <header className="card-head">
        <h2>People</h2>
        <span className="muted small">{people.length} people</span>
      </header>
      {canEdit ? (
        <form
          noValidate
          className="add-person"
          aria-label="Add a person"
          onSubmit={(e) => {
            e.preventDefault()
            void submit()
          }}
        >
          <h3>Add a person</h3>
          <ErrorBanner message={error && !Object.keys(error.fields).length ? error.message : undefined} onDismiss={() => setError(null)} />
          <div className="form-row">
            <Field label="Name" error={error?.field('name')} limit={reference.limits?.['user.name']} value={draft.name}>
              <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="person-name" />
            </Field>
            <Field label="Email" error={error?.field('email')} limit={reference.limits?.['user.email']} value={draft.email}>
              <input
                type="text"
                inputMode="email"
                value={draft.email}
                onChange={(e) => setDraft({ ...draft, email: e.target.value })}
                data-testid="person-email"
              />
            </Field>
            <Field label="Role" error={error?.field('role')} className="narrow">
              <select value={draft.role} onChange={(e) => setDraft({ ...draft, role: e.target.value as Role })} data-testid="person-role">
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {humanize(r)}
                  </option>
                ))}
              </select>
            </Field>
            <div className="form-row-action">
              <button type="submit" className="btn btn-primary" disabled={create.isPending} data-testid="person-add">
                Add
              </button>
            </div>
          </div>
          {added && (
            <div className="saved-note" role="status" data-testid="person-added">
              Added {added}.
            </div>
          )}
        </form>
      ) : (
        <p className="muted small">Only an admin can add people.</p>
      )}
      <div className="table-wrap">
        <table className="data-table" data-testid="people-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Groups</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {people.map((u) => (
              <tr key={u.id} data-testid="person-row" data-email={u.email}>
                <td>{u.name}</td>
                <td className="muted">{u.email}</td>
                <td>{humanize(u.role)}</td>
                <td className="muted">{groupsOf(u.id)}</td>
                <td>{u.active ? 'Active' : <span className="muted">Inactive</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
