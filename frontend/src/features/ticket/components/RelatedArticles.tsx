import { useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { toApiError, type ApiError } from '../../../api/client'
import { kbApi, kbKeys, useRelated, type Hit, type NewArticle } from '../../../api/knowledge'
import { ErrorBanner } from '../../../components/ui/Banner'

interface Props {
  ticketId: string
  state: string
  staff: boolean
  /** Opens the Knowledge page on an article, or on a new article prefilled from this ticket. */
  onKnowledge?: (target: { id?: string; prefill?: NewArticle }) => void
}

/** RelatedArticles: the articles linked to a ticket, published ones matching its text, and
 * (staff, once resolved) an article written from it. */
export function RelatedArticles({ ticketId, state, staff, onKnowledge }: Props) {
  const q = useRelated(ticketId, true)
  const qc = useQueryClient()
  const [error, setError] = useState<ApiError | null>(null)
  const resolved = state === 'resolved' || state === 'closed'
  const linked = q.data?.linked ?? []
  const suggested = (q.data?.suggested ?? []).filter((h) => !linked.some((l) => l.id === h.id))
  if (!staff && linked.length === 0 && suggested.length === 0) return null
  const item = (h: Hit, canLink: boolean) => (
    <li key={h.id} className="kb-related-item" data-testid="kb-related-item" data-number={h.number}>
      <button type="button" className="link-button" onClick={() => onKnowledge?.({ id: h.id })} data-testid="kb-related-open">
        {h.number} · {h.title}
      </button>
      {canLink && (
        <button
          type="button"
          className="btn btn-small btn-ghost"
          onClick={() => {
            setError(null)
            kbApi
              .link(ticketId, h.id)
              .then((r) => qc.setQueryData(kbKeys.related(ticketId), r))
              .catch((err: unknown) => setError(toApiError(err)))
          }}
          data-testid="kb-related-link"
        >
          Link
        </button>
      )}
    </li>
  )
  return (
    <section className="kb-related" aria-label="Related articles" data-testid="kb-related">
      <header className="section-head">
        <h3>Knowledge</h3>
        {staff && resolved && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() => {
              setError(null)
              kbApi
                .fromTicket(ticketId)
                .then((prefill) => onKnowledge?.({ prefill }))
                .catch((err: unknown) => setError(toApiError(err)))
            }}
            data-testid="kb-from-ticket"
          >
            Create an article from this resolved ticket
          </button>
        )}
      </header>
      <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
      {linked.length > 0 && (
        <>
          <div className="muted kb-related-label">Linked</div>
          <ul className="kb-related-list" data-testid="kb-linked">
            {linked.map((h) => item(h, false))}
          </ul>
        </>
      )}
      {suggested.length > 0 && (
        <>
          <div className="muted kb-related-label">May help</div>
          <ul className="kb-related-list" data-testid="kb-suggested">
            {suggested.map((h) => item(h, staff))}
          </ul>
        </>
      )}
      {linked.length === 0 && suggested.length === 0 && <p className="muted">No related articles.</p>}
    </section>
  )
}
