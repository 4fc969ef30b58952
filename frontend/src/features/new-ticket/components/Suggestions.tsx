import { useEffect, useState } from 'react'
import { kbApi, useSuggestions, type ArticleView } from '../../../api/knowledge'
import { toApiError } from '../../../api/client'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Markdown } from '../../../components/ui/Markdown'

/** SUGGEST_DELAY is how long typing must pause before articles are looked up. */
const SUGGEST_DELAY = 300

function useDebounced(value: string, ms: number): string {
  const [v, setV] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return v
}

interface Props {
  /** What the person has written so far: the title and the description. */
  text: string
  /** Called with an article's id when the person opens it. */
  onOpened: (id: string) => void
}

/** Suggestions shows published articles matching the ticket being written; one opens in place. */
export function Suggestions({ text, onOpened }: Props) {
  const debounced = useDebounced(text, SUGGEST_DELAY)
  const q = useSuggestions(debounced)
  const [open, setOpen] = useState<ArticleView | null>(null)
  const [error, setError] = useState('')
  const hits = debounced.trim().length >= 3 ? (q.data ?? []) : []
  if (open) {
    return (
      <section className="kb-suggest span-2" aria-label="Article" data-testid="nt-article">
        <header className="section-head">
          <h3 data-testid="nt-article-title">{open.article.title}</h3>
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setOpen(null)} data-testid="nt-article-back">
            Back to suggestions
          </button>
        </header>
        <Markdown html={open.bodyHtml} testId="nt-article-body" className="kb-suggest-body" />
        <p className="muted">Did this answer it? Then you can cancel the ticket.</p>
      </section>
    )
  }
  if (hits.length === 0 && !error) return null
  return (
    <section className="kb-suggest span-2" aria-label="Suggested articles" data-testid="nt-suggestions">
      <div className="muted kb-suggest-label">These articles may answer it:</div>
      <ErrorBanner message={error} onDismiss={() => setError('')} />
      <ul className="kb-suggest-list">
        {hits.map((h) => (
          <li key={h.id}>
            <button
              type="button"
              className="kb-suggest-item"
              data-testid="nt-suggestion"
              data-number={h.number}
              onClick={() => {
                setError('')
                kbApi
                  .open(h.id)
                  .then((v) => {
                    setOpen(v)
                    onOpened(h.id)
                  })
                  .catch((err: unknown) => setError(toApiError(err).message))
              }}
            >
              <span className="kb-suggest-title">{h.title}</span>
              <span className="kb-suggest-snippet muted">{h.snippet.replace(/[\u0002\u0003]/g, '')}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  )
}
