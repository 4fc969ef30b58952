import { useState } from 'react'
import { ApiError, toApiError } from '../../../api/client'
import { approvalsApi, useDecide, useSubjectApprovals, type ApprovalView, type Verdict } from '../../../api/approvals'
import { ErrorBanner } from '../../../components/ui/Banner'
import { formatDateTime, humanize } from '../../../lib/format'
import '../approvals.css'

/** ruleLabel says who decides and how many must agree. */
export function ruleLabel(a: ApprovalView): string {
  const who = a.by === 'manager' ? 'the requester’s manager' : a.by === 'group' ? `group ${a.groupName || '?'}` : 'named people'
  if (a.by === 'manager') return `Approval by ${who}`
  return `Approval by ${who}: ${a.policy === 'any' ? 'any one' : a.policy === 'all' ? 'all' : 'a majority'} of ${a.approvers.length} (${a.needed} needed)`
}

/** ApprovalState is an approval's derived state as a chip. */
export function ApprovalStateChip({ state }: { state: string }) {
  return (
    <span className={`approval-state approval-${state}`} data-testid="approval-state" data-state={state}>
      {humanize(state)}
    </span>
  )
}

/** DecideForm approves or rejects with a comment (a rejection must say why). */
export function DecideForm({ approval, onDone }: { approval: ApprovalView; onDone?: () => void }) {
  const [comment, setComment] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const decide = useDecide()
  const send = (verdict: Verdict) => {
    setError(null)
    if (verdict === 'reject' && !comment.trim()) {
      setError(new ApiError('validation', 'Say why you reject it.', { comment: 'Say why you reject it.' }))
      return
    }
    decide.mutate(
      { id: approval.id, verdict, comment },
      { onSuccess: () => onDone?.(), onError: (err: unknown) => setError(toApiError(err)) },
    )
  }
  return (
    <div className="approval-decide" data-testid="approval-decide">
      <label className="approval-comment">
        <span className="muted">Comment (required to reject)</span>
        <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="approval-comment" maxLength={2000} />
      </label>
      {error?.fields?.comment && <div className="field-error">{error.fields.comment}</div>}
      <ErrorBanner message={error && !error.fields?.comment ? error.message : undefined} onDismiss={() => setError(null)} />
      <div className="row-end">
        <button type="button" className="btn btn-small" disabled={decide.isPending} onClick={() => send('reject')} data-testid="approval-reject">
          Reject
        </button>
        <button
          type="button"
          className="btn btn-small btn-primary"
          disabled={decide.isPending}
          onClick={() => send('approve')}
          data-testid="approval-approve"
        >
          Approve
        </button>
      </div>
    </div>
  )
}

/** OneApproval shows an approval: its rule, who decided what, and the append-only trail. */
export function OneApproval({ approval: a, decide = true }: { approval: ApprovalView; decide?: boolean }) {
  const [error, setError] = useState<ApiError | null>(null)
  return (
    <div className="approval" data-testid="approval" data-id={a.id} data-state={a.state}>
      <div className="approval-head">
        <ApprovalStateChip state={a.state} />
        <span>{ruleLabel(a)}</span>
        <span className="muted">
          · asked by {a.requestedByName} {formatDateTime(a.createdAt)}
        </span>
        {a.canCancel && (
          <button
            type="button"
            className="btn btn-small btn-ghost"
            onClick={() => {
              setError(null)
              approvalsApi.cancel(a.id).catch((err: unknown) => setError(toApiError(err)))
            }}
            data-testid="approval-cancel"
          >
            Cancel approval
          </button>
        )}
      </div>
      <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
      <ul className="approval-people" aria-label="Approvers">
        {a.people.map((p) => (
          <li key={p.id} data-testid="approval-person" data-verdict={p.verdict || 'waiting'}>
            {p.name || p.id} · <span className="muted">{p.verdict ? humanize(p.verdict === 'approve' ? 'approved' : 'rejected') : 'waiting'}</span>
          </li>
        ))}
      </ul>
      {(a.trail ?? []).length > 0 && (
        <ol className="approval-trail" aria-label="Approval trail" data-testid="approval-trail">
          {(a.trail ?? []).map((d) => (
            <li key={d.id} data-testid="approval-trail-entry" data-verdict={d.verdict} className={d.counts ? '' : 'approval-late'}>
              <strong>{d.approverName || d.approverId}</strong> {d.verdict === 'approve' ? 'approved' : 'rejected'}{' '}
              <span className="muted">{formatDateTime(d.createdAt)}</span>
              {!d.counts && <span className="muted"> (after it was settled: not counted)</span>}
              {d.comment && <div className="approval-said">{d.comment}</div>}
            </li>
          ))}
        </ol>
      )}
      {decide && a.canDecide && <DecideForm approval={a} />}
    </div>
  )
}

/** ApprovalTrail is what a subject's page embeds: its approvals, newest first, each with its
 * trail, and the approve / reject form for an approver. */
export function ApprovalTrail({ subjectKind, subjectId }: { subjectKind: string; subjectId: string }) {
  const q = useSubjectApprovals(subjectKind, subjectId)
  const list = q.data ?? []
  if (list.length === 0) return null
  return (
    <section className="approvals-section" aria-label="Approvals" data-testid="approvals-section">
      <header className="section-head">
        <h3>Approvals</h3>
      </header>
      {list.map((a) => (
        <OneApproval key={a.id} approval={a} />
      ))}
    </section>
  )
}
