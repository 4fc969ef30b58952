import { useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { approvalKeys, approvalsApi, type By, type Policy } from '../../../api/approvals'
import { toApiError, type ApiError } from '../../../api/client'
import type { Reference } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Dialog } from '../../../components/ui/Dialog'
import '../approvals.css'

interface Props {
  ticketId: string
  reference: Reference
  onClose: () => void
}

/** AskApprovalDialog is an agent's "Ask for approval…" on a service request: the requester's
 * manager, a group (all its members) or named people, and how many must agree. Go resolves
 * and checks the approvers; the choice stays as it was when it says no. */
export function AskApprovalDialog({ ticketId, reference, onClose }: Props) {
  const qc = useQueryClient()
  const [by, setBy] = useState<By>('people')
  const [policy, setPolicy] = useState<Policy>('any')
  const [groupId, setGroupId] = useState('')
  const [people, setPeople] = useState<string[]>([])
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const active = reference.users.filter((u) => u.active)
  const groups = reference.groups.filter((g) => g.active)
  const submit = () => {
    setError(null)
    setBusy(true)
    approvalsApi
      .askForTicket(ticketId, { by, policy: by === 'manager' ? 'any' : policy, groupId: by === 'group' ? groupId : '', approvers: by === 'people' ? people : [] })
      .then(() => {
        void qc.invalidateQueries({ queryKey: approvalKeys.all })
        onClose()
      })
      .catch((err: unknown) => setError(toApiError(err)))
      .finally(() => setBusy(false))
  }
  const fieldError = (name: string) => error?.fields?.[name] && <div className="field-error">{error.fields[name]}</div>
  return (
    <Dialog
      title="Ask for approval"
      onClose={onClose}
      testId="ask-approval-dialog"
      footer={
        <div className="row-end">
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" onClick={submit} disabled={busy} data-testid="ask-approval-submit">
            Ask
          </button>
        </div>
      }
    >
      <ErrorBanner message={error && Object.keys(error.fields ?? {}).length === 0 ? error.message : undefined} onDismiss={() => setError(null)} />
      <fieldset className="ask-approval-by">
        <legend>Who decides</legend>
        {(
          [
            ['manager', 'The requester’s manager'],
            ['group', 'A group'],
            ['people', 'Named people'],
          ] as const
        ).map(([v, label]) => (
          <label key={v}>
            <input type="radio" name="ask-by" value={v} checked={by === v} onChange={() => setBy(v)} data-testid={`ask-by-${v}`} /> {label}
          </label>
        ))}
      </fieldset>
      {fieldError('forId')}
      {by === 'group' && (
        <label>
          Group{' '}
          <select value={groupId} onChange={(e) => setGroupId(e.target.value)} data-testid="ask-group">
            <option value="">Choose…</option>
            {groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
          {fieldError('groupId')}
        </label>
      )}
      {by === 'people' && (
        <div className="ask-approval-people" data-testid="ask-people">
          {active.map((u) => (
            <label key={u.id}>
              <input
                type="checkbox"
                checked={people.includes(u.id)}
                onChange={(e) => setPeople((p) => (e.target.checked ? [...p, u.id] : p.filter((x) => x !== u.id)))}
                data-testid="ask-person"
                data-email={u.email}
              />{' '}
              {u.name} <span className="muted">{u.email}</span>
            </label>
          ))}
        </div>
      )}
      {by !== 'manager' && (
        <label>
          How many must approve{' '}
          <select value={policy} onChange={(e) => setPolicy(e.target.value as Policy)} data-testid="ask-policy">
            <option value="any">Any one</option>
            <option value="majority">A majority</option>
            <option value="all">All</option>
          </select>
          {fieldError('policy')}
        </label>
      )}
      {fieldError('approvers')}
      {fieldError('subjectId')}
    </Dialog>
  )
}
