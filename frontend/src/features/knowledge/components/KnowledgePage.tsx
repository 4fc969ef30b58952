import { useEffect, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { ApiError, toApiError } from '../../../api/client'
import {
  kbApi,
  kbKeys,
  useArticle,
  useArticles,
  useKnowledgeStats,
  type ArticleState,
  type ArticleView,
  type NewArticle,
} from '../../../api/knowledge'
import { roleRank, type Me, type Reference } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { formatDateTime } from '../../../lib/format'
import { moveLabel, STATE_LABELS } from '../labels'
import { Snippet } from '../snippet'
import { ArticleBody } from './ArticleBody'
import { ArticleEditor } from './ArticleEditor'
import { History } from './History'

/** What the page opens on: an article, or the editor with a prefilled new article. */
export interface KnowledgeTarget {
  id?: string
  prefill?: NewArticle
}

interface Props {
  me: Me
  reference: Reference
  target?: KnowledgeTarget
}

/** KnowledgePage: search and browse articles, read one, and (staff) write and publish them. */
export function KnowledgePage({ me, reference, target }: Props) {
  const staff = roleRank(me.user.role) >= roleRank('agent')
  const [text, setText] = useState('')
  const [state, setState] = useState<'' | ArticleState>('')
  const [openId, setOpenId] = useState<string | null>(target?.id ?? null)
  const [editing, setEditing] = useState<NewArticle | 'edit' | null>(target?.prefill ?? null)
  const list = useArticles({ text, state, category: '', limit: 50 })
  const stats = useKnowledgeStats(staff)
  const qc = useQueryClient()

  const open = (id: string) => {
    setEditing(null)
    setOpenId(id)
    // Counts the opening as a view, and primes the page's cache.
    void kbApi
      .open(id)
      .then((v) => qc.setQueryData(kbKeys.article(id), v))
      .catch(() => {})
  }

  return (
    <section className="page kb-page" aria-label="Knowledge" data-testid="kb-page">
      <header className="queue-head">
        <h1>Knowledge</h1>
        {staff && stats.data && (
          <span className="count" data-testid="kb-deflections" title="Tickets given up after reading an article, on this desk">
            {stats.data.deflections} deflected
          </span>
        )}
        <div className="spacer" />
        {staff && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => {
              setOpenId(null)
              setEditing({ title: '', body: '', category: '', audience: 'requesters', ownerId: '', reviewAt: 0, sourceTicketId: '' })
            }}
            data-testid="kb-new"
          >
            New article
          </button>
        )}
      </header>
      <div className="kb-layout">
        <div className="kb-list-col">
          <input
            type="search"
            className="kb-search"
            placeholder="Search articles"
            aria-label="Search articles"
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="kb-search"
          />
          {staff && (
            <select aria-label="State" value={state} onChange={(e) => setState(e.target.value as '' | ArticleState)} data-testid="kb-filter-state">
              <option value="">Every state</option>
              {(Object.keys(STATE_LABELS) as ArticleState[]).map((s) => (
                <option key={s} value={s}>
                  {STATE_LABELS[s]}
                </option>
              ))}
            </select>
          )}
          {list.error && <ErrorBanner message={list.error.message} />}
          <ul className="kb-list" data-testid="kb-list" aria-busy={list.isFetching}>
            {(list.data ?? []).map((h) => (
              <li key={h.id}>
                <button
                  type="button"
                  className={h.id === openId ? 'kb-item on' : 'kb-item'}
                  onClick={() => open(h.id)}
                  data-testid="kb-item"
                  data-number={h.number}
                >
                  <span className="kb-item-head">
                    <span className="kb-number">{h.number}</span>
                    <span className="kb-item-title">{h.title}</span>
                  </span>
                  <span className="kb-snippet muted">
                    <Snippet text={h.snippet} />
                  </span>
                  <span className="kb-item-foot muted">
                    {staff && <span className={`chip kb-chip-${h.state}`}>{STATE_LABELS[h.state as ArticleState] ?? h.state}</span>}
                    {staff && h.audience === 'staff' && <span className="chip">Staff only</span>}
                    <span title="Found helpful / not helpful">
                      👍 {h.helpful} · 👎 {h.notHelpful}
                    </span>
                  </span>
                </button>
              </li>
            ))}
            {list.data?.length === 0 && <li className="muted kb-empty">No articles found.</li>}
          </ul>
        </div>
        <div className="kb-main">
          {editing ? (
            <ArticleEditor
              key={openId ?? 'new'}
              reference={reference}
              articleId={editing === 'edit' ? openId : null}
              initial={editing === 'edit' ? undefined : editing}
              onSaved={(v) => {
                setEditing(null)
                setOpenId(v.article.id)
                qc.setQueryData(kbKeys.article(v.article.id), v)
                void qc.invalidateQueries({ queryKey: ['kb', 'search'] })
              }}
              onCancel={() => setEditing(null)}
            />
          ) : openId ? (
            <ArticlePanel key={openId} id={openId} staff={staff} reference={reference} onEdit={() => setEditing('edit')} />
          ) : (
            <p className="muted kb-placeholder">Choose an article{staff ? ', or write a new one' : ''}.</p>
          )}
        </div>
      </div>
    </section>
  )
}

function ArticlePanel({ id, staff, reference, onEdit }: { id: string; staff: boolean; reference: Reference; onEdit: () => void }) {
  const q = useArticle(id)
  const qc = useQueryClient()
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [history, setHistory] = useState(false)
  const run = async (p: Promise<ArticleView>) => {
    setError(null)
    setBusy(true)
    try {
      const v = await p
      qc.setQueryData(kbKeys.article(id), v)
      void qc.invalidateQueries({ queryKey: ['kb', 'search'] })
      void qc.invalidateQueries({ queryKey: ['kb', 'versions', id] })
    } catch (err) {
      setError(toApiError(err))
    } finally {
      setBusy(false)
    }
  }
  if (q.error) return <ErrorBanner message={q.error.message} />
  const v = q.data
  if (!v) return <div className="muted">Loading…</div>
  const a = v.article
  const owner = reference.users.find((u) => u.id === a.ownerId)?.name ?? ''
  return (
    <article className="kb-article" data-testid="kb-article" data-state={a.state}>
      <header className="kb-article-head">
        <div className="kb-article-meta muted">
          <span data-testid="kb-number">{a.number}</span>
          {staff && (
            <span className={`chip kb-chip-${a.state}`} data-testid="kb-state">
              {STATE_LABELS[a.state as ArticleState] ?? a.state}
            </span>
          )}
          {staff && a.audience === 'staff' && <span className="chip">Staff only</span>}
          {a.category && <span>{a.category}</span>}
          {staff && owner && <span>Owner: {owner}</span>}
          {staff && a.reviewAt ? <span>Review by {formatDateTime(a.reviewAt)}</span> : null}
          {staff && <span data-testid="kb-views">{v.views} views here</span>}
        </div>
        <h2 data-testid="kb-title">{a.title}</h2>
        <div className="kb-actions">
          {v.allowed.edit && (
            <button type="button" className="btn btn-small" onClick={onEdit} data-testid="kb-edit">
              Edit
            </button>
          )}
          {v.allowed.next.map((to) => (
            <button
              key={to}
              type="button"
              className={to === 'published' ? 'btn btn-small btn-primary' : 'btn btn-small'}
              disabled={busy}
              onClick={() => void run(kbApi.move(id, to as ArticleState))}
              data-testid={`kb-move-${to}`}
            >
              {moveLabel(a.state, to)}
            </button>
          ))}
          {staff && (
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setHistory((h) => !h)} data-testid="kb-history-toggle">
              {history ? 'Hide history' : 'History'}
            </button>
          )}
        </div>
      </header>
      <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
      {history && <History articleId={id} reference={reference} />}
      <ArticleBody html={v.bodyHtml} />
      <footer className="kb-votes" data-testid="kb-votes">
        <span className="muted">Was this helpful?</span>
        <button
          type="button"
          className={v.myVote === true ? 'btn btn-small on' : 'btn btn-small'}
          disabled={!v.allowed.vote || busy}
          onClick={() => void run(kbApi.vote(id, true))}
          data-testid="kb-vote-yes"
        >
          Yes <span data-testid="kb-helpful">{v.helpful}</span>
        </button>
        <button
          type="button"
          className={v.myVote === false ? 'btn btn-small on' : 'btn btn-small'}
          disabled={!v.allowed.vote || busy}
          onClick={() => void run(kbApi.vote(id, false))}
          data-testid="kb-vote-no"
        >
          No <span data-testid="kb-not-helpful">{v.notHelpful}</span>
        </button>
        {v.myVote !== undefined && v.myVote !== null && <span className="muted">Thanks for your vote.</span>}
      </footer>
    </article>
  )
}

/** usePreview renders markdown through Go (the same renderer as the page), after a pause. */
export function usePreview(body: string): string {
  const [html, setHtml] = useState('')
  useEffect(() => {
    const t = setTimeout(() => {
      void kbApi
        .preview(body)
        .then(setHtml)
        .catch(() => {})
    }, 250)
    return () => clearTimeout(t)
  }, [body])
  return html
}
