import { useState } from 'react'
import { ApiError } from '../../../api/client'
import { useCreatePerson, useDirectory, useUpdatePerson, type Person } from '../../../api/directory'
import type { NewUser, Reference, Role } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Field } from '../../../components/ui/Field'
import { humanize } from '../../../lib/format'

const ROLES: Role[] = ['requester', 'agent', 'manager', 'admin']
const empty: NewUser = { name: '', email: '', role: 'agent' }

/**
 * PeopleSettings lists the desk's people, active or not, and lets an admin add one, change a
 * role and deactivate or reactivate someone. Go refuses what the rules refuse (the last admin
 * stays one); its message shows on the person's row.
 */
export function PeopleSettings({ reference, canEdit }: { reference: Reference; canEdit: boolean }) {
  const create = useCreatePerson()
  const list = useDirectory()
  const [draft, setDraft] = useState<NewUser>(empty)
  const [error, setError] = useState<ApiError | null>(null)
  const [added, setAdded] = useState('')
  const people = list.data?.people ?? []
  const groupsOf = (id: string) =>
    (list.data?.groups ?? [])
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
              <th>Manager</th>
              <th>Groups</th>
              <th>Status</th>
              {canEdit && <th aria-label="Actions" />}
            </tr>
          </thead>
          <tbody>
            {people.map((u) => (
              <PersonRow key={u.id} person={u} groups={groupsOf(u.id)} canEdit={canEdit} everyone={people} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}

/** PersonRow is one person; an admin changes their role or whether they are active here. */
function PersonRow({ person: u, groups, canEdit, everyone }: { person: Person; groups: string; canEdit: boolean; everyone: Person[] }) {
  const update = useUpdatePerson()
  const [error, setError] = useState<ApiError | null>(null)
  const change = async (patch: { role?: Role; active?: boolean; managerId?: string }) => {
    setError(null)
    try {
      await update.mutateAsync({ id: u.id, patch })
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('unknown', String(err)))
    }
  }
  const message = error ? (error.field('role') ?? error.field('active') ?? error.field('managerId') ?? error.message) : ''
  const manager = everyone.find((p) => p.id === u.managerId)
  return (
    <tr data-testid="person-row" data-email={u.email} data-active={u.active ? 'true' : 'false'}>
      <td>{u.name}</td>
      <td className="muted">{u.email}</td>
      <td>
        {canEdit ? (
          <select
            aria-label={`Role of ${u.name}`}
            value={u.role}
            disabled={update.isPending}
            onChange={(e) => void change({ role: e.target.value as Role })}
            data-testid="person-row-role"
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {humanize(r)}
              </option>
            ))}
          </select>
        ) : (
          humanize(u.role)
        )}
        {message && (
          <div className="field-error" role="alert" data-testid="person-row-error">
            {message}
          </div>
        )}
      </td>
      <td>
        {canEdit ? (
          <select
            aria-label={`Manager of ${u.name}`}
            value={u.managerId ?? ''}
            disabled={update.isPending}
            onChange={(e) => void change({ managerId: e.target.value })}
            data-testid="person-row-manager"
          >
            <option value="">None</option>
            {everyone
              .filter((p) => p.id !== u.id && (p.active || p.id === u.managerId))
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </select>
        ) : (
          <span className="muted">{manager?.name ?? ''}</span>
        )}
      </td>
      <td className="muted">{groups}</td>
      <td>{u.active ? 'Active' : <span className="muted">Inactive</span>}</td>
      {canEdit && (
        <td>
          <button
            type="button"
            className="btn btn-small btn-ghost"
            disabled={update.isPending}
            onClick={() => void change({ active: !u.active })}
            data-testid="person-row-active"
          >
            {u.active ? 'Deactivate' : 'Reactivate'}
          </button>
        </td>
      )}
    </tr>
  )
}
