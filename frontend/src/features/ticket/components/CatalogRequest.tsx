import { useCatalogRequest } from '../../../api/catalog'
import type { Reference } from '../../../api/session'
import { TaskList } from '../../../components/ui/TaskList'
import { formatDateTime } from '../../../lib/format'

const STAGES: Record<string, string> = {
  awaiting_approval: 'Awaiting approval',
  fulfilment: 'In fulfilment',
  rejected: 'Not approved',
}

/** CatalogRequest: a request submitted from the catalog — its item, who it is for, when it is
 * wanted, the answers, and its fulfilment tasks (staff work them here). Nothing for any other
 * ticket. */
export function CatalogRequest({ ticketId, meId, reference }: { ticketId: string; meId: string; reference: Reference }) {
  const q = useCatalogRequest(ticketId)
  const r = q.data
  if (!r) return null
  return (
    <section className="catalog-request" aria-label="Catalog request" data-testid="catalog-request">
      <header className="section-head">
        <h3>
          {r.itemName} <span className="muted" data-testid="catalog-request-stage">· {STAGES[r.request.stage] ?? r.request.stage}</span>
        </h3>
      </header>
      <dl className="catalog-answers" data-testid="catalog-answers">
        <dt>Requested for</dt>
        <dd data-testid="catalog-answer-requested-for">{r.requestedForName}</dd>
        {r.request.dueAt && (
          <>
            <dt>Wanted by</dt>
            <dd>{formatDateTime(r.request.dueAt)}</dd>
          </>
        )}
        {r.answers.map((a) => (
          <div key={a.key} style={{ display: 'contents' }} data-testid={`catalog-answer-${a.key}`}>
            <dt>{a.label}</dt>
            <dd>{a.text}</dd>
          </div>
        ))}
      </dl>
      {r.tasks.length > 0 && (
        <>
          <h4>Tasks</h4>
          <TaskList tasks={r.tasks} meId={meId} reference={reference} />
        </>
      )}
    </section>
  )
}
