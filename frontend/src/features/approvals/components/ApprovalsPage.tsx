import { useApprovalInbox } from '../../../api/approvals'
import { ErrorBanner } from '../../../components/ui/Banner'
import { toApiError } from '../../../api/client'
import { OneApproval } from './ApprovalTrail'
import '../approvals.css'

/** ApprovalsPage is the inbox: what the signed-in person may decide now, oldest first. */
export function ApprovalsPage({ onOpenTicket }: { onOpenTicket?: (id: string) => void }) {
  const q = useApprovalInbox()
  const list = q.data ?? []
  return (
    <div className="page approvals-page" data-testid="approvals-page">
      <header className="page-head">
        <h2>Approvals</h2>
        <span className="muted">What is yours to decide</span>
      </header>
      <ErrorBanner message={q.error ? toApiError(q.error).message : undefined} />
      {q.isSuccess && list.length === 0 && (
        <p className="muted" data-testid="approvals-empty">
          Nothing waits for your decision.
        </p>
      )}
      <ul className="approvals-inbox">
        {list.map((a) => (
          <li key={a.id} className="approvals-item" data-testid="approvals-item" data-summary={a.summary}>
            <div className="approvals-subject">
              {(a.subjectKind === 'ticket' || a.subjectKind === 'catalog_request') && onOpenTicket ? (
                <button type="button" className="link-button" onClick={() => onOpenTicket(a.subjectId)} data-testid="approvals-open">
                  {a.summary}
                </button>
              ) : (
                <strong>{a.summary}</strong>
              )}
            </div>
            <OneApproval approval={a} />
          </li>
        ))}
      </ul>
    </div>
  )
}

/** RequesterApprovals is the requester home's part of the inbox: shown only when something
 * waits for this person's decision (a manager who is a requester, say). */
export function RequesterApprovals({ onOpenTicket }: { onOpenTicket?: (id: string) => void }) {
  const q = useApprovalInbox()
  if (!q.data || q.data.length === 0) return null
  return (
    <section className="card ss-approvals" aria-label="Waiting for your approval" data-testid="ss-approvals">
      <ApprovalsPage onOpenTicket={onOpenTicket} />
    </section>
  )
}
