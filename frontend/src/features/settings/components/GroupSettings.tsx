import { useState } from 'react'
import { ApiError } from '../../../api/client'
import { useDirectory, useSaveGroup, useSetMember, type DirectoryList } from '../../../api/directory'
import type { Reference } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Field } from '../../../components/ui/Field'

const toError = (err: unknown) => (err instanceof ApiError ? err : new ApiError('unknown', String(err)))

/** GroupSettings: assignment groups and their members, for managers and admins. */
export function GroupSettings({ reference, canEdit }: { reference: Reference; canEdit: boolean }) {
  const list = useDirectory()
  const save = useSaveGroup()
  const [draft, setDraft] = useState({ name: '', description: '', departmentId: '' })
  const [error, setError] = useState<ApiError | null>(null)
  const groups = list.data?.groups ?? []

  const submit = async () => {
    setError(null)
    try {
      await save.mutateAsync({ id: '', ...draft, active: true, departmentId: draft.departmentId || null })
      setDraft({ name: '', description: '', departmentId: '' })
    } catch (err) {
      setError(toError(err))
    }
  }

  return (
    <section className="card" aria-label="Groups" data-testid="group-settings">
      <header className="card-head">
        <h2>Groups</h2>
        <span className="muted small">{groups.length} groups</span>
      </header>
      {canEdit ? (
        <form
          noValidate
          aria-label="Add a group"
          onSubmit={(e) => {
            e.preventDefault()
            void submit()
          }}
        >
          <ErrorBanner message={error && !Object.keys(error.fields).length ? error.message : undefined} onDismiss={() => setError(null)} />
          <div className="form-row">
            <Field label="Name" error={error?.field('name')} limit={reference.limits?.['group.name']} value={draft.name}>
              <input value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} data-testid="group-name" />
            </Field>
            <Field label="Description" error={error?.field('description')} limit={reference.limits?.['group.description']} value={draft.description}>
              <input value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} data-testid="group-description" />
            </Field>
            <Field label="Department" error={error?.field('departmentId')}>
              <select value={draft.departmentId} onChange={(e) => setDraft({ ...draft, departmentId: e.target.value })} data-testid="group-department">
                <DepartmentOptions reference={reference} />
              </select>
            </Field>
            <div className="form-row-action">
              <button type="submit" className="btn btn-primary" disabled={save.isPending} data-testid="group-add">
                Add group
              </button>
            </div>
          </div>
        </form>
      ) : (
        <p className="muted small">Only a manager or an admin can change groups.</p>
      )}
      {list.data &&
        groups.map((g) => <GroupCard key={g.id} group={g} directory={list.data} reference={reference} canEdit={canEdit} />)}
    </section>
  )
}

type GroupRow = DirectoryList['groups'][number]

/** DepartmentOptions: "every department" and the departments offered. */
function DepartmentOptions({ reference }: { reference: Reference }) {
  return (
    <>
      <option value="">Every department</option>
      {reference.departments.map((d) => (
        <option key={d.id} value={d.id}>
          {d.name}
        </option>
      ))}
    </>
  )
}

/** GroupCard is one group with its members; a curator adds and removes them. */
function GroupCard({ group: g, directory, reference, canEdit }: { group: GroupRow; directory: DirectoryList; reference: Reference; canEdit: boolean }) {
  const setMember = useSetMember()
  const save = useSaveGroup()
  const [pick, setPick] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const members = g.members ?? []
  const byId = new Map(directory.people.map((p) => [p.id, p]))
  const candidates = directory.people.filter((p) => p.active && !members.includes(p.id))
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
    <div className="group-card" data-testid="group-card" data-name={g.name} data-active={g.active ? 'true' : 'false'}>
      <header className="section-head">
        <h3>
          {g.name} {!g.active && <span className="muted small">(inactive)</span>}
        </h3>
        <select
          aria-label={`Department of ${g.name}`}
          value={g.departmentId ?? ''}
          disabled={!canEdit}
          onChange={(e) => void run(save.mutateAsync({ id: g.id, name: g.name, description: g.description, active: g.active, departmentId: e.target.value || null }))}
          data-testid="group-card-department"
        >
          <DepartmentOptions reference={reference} />
        </select>
        {canEdit && (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => void run(save.mutateAsync({ id: g.id, name: g.name, description: g.description, active: !g.active, departmentId: g.departmentId ?? null }))}
            data-testid="group-active"
          >
            {g.active ? 'Deactivate' : 'Reactivate'}
          </button>
        )}
      </header>
      {g.description && <p className="muted small">{g.description}</p>}
      <ErrorBanner message={error ? (error.field('userId') ?? error.field('groupId') ?? error.message) : undefined} onDismiss={() => setError(null)} />
      <ul className="member-list" data-testid="group-members">
        {members.length === 0 && <li className="muted small">No members: nobody in this group can be assigned its tickets.</li>}
        {members.map((id) => (
          <li key={id} data-testid="group-member" data-id={id}>
            {byId.get(id)?.name ?? id}
            {canEdit && (
              <button
                type="button"
                className="btn btn-small btn-ghost"
                aria-label={`Remove ${byId.get(id)?.name ?? id} from ${g.name}`}
                onClick={() => void run(setMember.mutateAsync({ groupId: g.id, userId: id, member: false }))}
                data-testid="group-member-remove"
              >
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {canEdit && (
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault()
            if (!pick) return
            void run(setMember.mutateAsync({ groupId: g.id, userId: pick, member: true })).then((ok) => ok && setPick(''))
          }}
        >
          <select aria-label={`Add a member to ${g.name}`} value={pick} onChange={(e) => setPick(e.target.value)} data-testid="group-member-pick">
            <option value="">Add a member…</option>
            {candidates.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
          <button type="submit" className="btn btn-small" disabled={!pick || setMember.isPending} data-testid="group-member-add">
            Add
          </button>
        </form>
      )}
    </div>
  )
}
