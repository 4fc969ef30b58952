import { useState } from 'react'
import { ApiError } from '../../../api/client'
import { useRate, useRating } from '../../../api/satisfaction'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Field } from '../../../components/ui/Field'

const SCORES = [1, 2, 3, 4, 5] as const

/**
 * Satisfaction is a resolved or closed ticket's rating: its requester gives it once (1–5
 * stars, an optional comment); staff and the requester then see it. Whether the person may
 * rate comes from Go (the rule the write checks), so the form never offers what Go refuses.
 */
export function Satisfaction({ ticketId, updatedAt, limit }: { ticketId: string; updatedAt: number; limit?: number }) {
  const q = useRating(ticketId, updatedAt)
  const rate = useRate(ticketId)
  const [score, setScore] = useState(0)
  const [comment, setComment] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const given = q.data
  if (!given || (!given.rating && !given.canRate)) return null
  if (given.rating) {
    const r = given.rating
    return (
      <section className="satisfaction" aria-label="Satisfaction" data-testid="rating" data-score={r.score}>
        <h3>Satisfaction</h3>
        <p>
          <span className="stars" aria-label={`${r.score} of 5 stars`}>
            {'★'.repeat(r.score)}
            <span className="muted">{'★'.repeat(5 - r.score)}</span>
          </span>{' '}
          {r.score} of 5
        </p>
        {r.comment && <p className="rating-comment" data-testid="rating-comment">{r.comment}</p>}
      </section>
    )
  }
  return (
    <section className="satisfaction" aria-label="Rate this ticket" data-testid="rate-form">
      <h3>How did we do?</h3>
      <p className="muted small">Rate how your ticket was handled. You can rate it once.</p>
      <ErrorBanner message={error && !Object.keys(error.fields).length ? error.message : undefined} onDismiss={() => setError(null)} />
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          setError(null)
          rate.mutateAsync({ score, comment }).catch((err: unknown) => setError(err instanceof ApiError ? err : new ApiError('unknown', String(err))))
        }}
      >
        <Field label="Stars" error={error?.field('score')}>
          <div className="star-pick" role="radiogroup" aria-label="Stars">
            {SCORES.map((n) => (
              <button
                key={n}
                type="button"
                role="radio"
                aria-checked={score === n}
                aria-label={`${n} star${n > 1 ? 's' : ''}`}
                className={`star${n <= score ? ' on' : ''}`}
                onClick={() => setScore(n)}
                data-testid={`rate-${n}`}
              >
                ★
              </button>
            ))}
          </div>
        </Field>
        <Field label="Comment (optional)" error={error?.field('comment')} limit={limit} value={comment}>
          <textarea rows={2} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="rate-comment" />
        </Field>
        <button type="submit" className="btn btn-primary btn-small" disabled={!score || rate.isPending} data-testid="rate-submit">
          Send rating
        </button>
      </form>
    </section>
  )
}
