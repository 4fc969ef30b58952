import { useState, type FormEvent } from 'react'
import { ApiError, toApiError } from '../../../api/client'
import { kbApi, useArticle, type ArticleView, type Audience, type NewArticle } from '../../../api/knowledge'
import type { Reference } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Field } from '../../../components/ui/Field'
import { ArticleBody } from './ArticleBody'
import { usePreview } from './KnowledgePage'

interface Props {
  reference: Reference
  /** The article edited; null for a new one. */
  articleId: string | null
  /** A new article's first values (a resolved ticket's, say). */
  initial?: NewArticle
  onSaved: (v: ArticleView) => void
  onCancel: () => void
}

const DAY = 86_400_000

function dateInput(ms: number | undefined | null): string {
  return ms ? new Date(ms).toISOString().slice(0, 10) : ''
}

function fromDateInput(s: string): number {
  return s ? Date.parse(s + 'T00:00:00Z') : 0
}

/** ArticleEditor writes a new article or edits one: a markdown textarea beside its preview. */
export function ArticleEditor(props: Props) {
  const existing = useArticle(props.articleId)
  if (props.articleId && !existing.data) return <div className="muted">Loading…</div>
  const a = existing.data?.article
  const start: NewArticle = a
    ? { title: a.title, body: a.body, category: a.category, audience: a.audience as Audience, ownerId: a.ownerId, reviewAt: a.reviewAt ?? 0, sourceTicketId: '' }
    : (props.initial as NewArticle)
  return <EditorForm {...props} start={start} />
}

function EditorForm({ reference, articleId, start, onSaved, onCancel }: Props & { start: NewArticle }) {
  const [v, setV] = useState<NewArticle>(start)
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const preview = usePreview(v.body)
  const limit = (name: string) => reference.limits?.[`article.${name}`]
  const staffUsers = reference.users.filter((u) => u.active && u.role !== 'requester')
  const set = (p: Partial<NewArticle>) => setV((x) => ({ ...x, ...p }))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    setBusy(true)
    try {
      const saved = articleId
        ? await kbApi.update(articleId, { title: v.title, body: v.body, category: v.category, ownerId: v.ownerId, reviewAt: v.reviewAt })
        : await kbApi.create(v)
      onSaved(saved)
    } catch (err) {
      // Keep what was typed: only the messages change.
      setError(toApiError(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="kb-editor" onSubmit={submit} noValidate data-testid="kb-editor">
      <h2>{articleId ? 'Edit article' : 'New article'}</h2>
      <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
      <div className="form-grid">
        <Field label="Title" error={error?.fields.title} className="span-2" limit={limit('title')} value={v.title}>
          <input value={v.title} onChange={(e) => set({ title: e.target.value })} data-testid="kb-ed-title" data-autofocus />
        </Field>
        <Field label="Category" error={error?.fields.category} limit={limit('category')} value={v.category}>
          <input value={v.category} onChange={(e) => set({ category: e.target.value })} list="kb-categories" data-testid="kb-ed-category" />
        </Field>
        <datalist id="kb-categories">
          {reference.categories.map((c) => (
            <option key={c.name} value={c.name} />
          ))}
        </datalist>
        <Field label="Audience" error={error?.fields.audience} hint={articleId ? 'Chosen when the article was written.' : 'Staff-only articles are never shown to requesters.'}>
          <select value={v.audience} disabled={!!articleId} onChange={(e) => set({ audience: e.target.value as Audience })} data-testid="kb-ed-audience">
            <option value="requesters">Requesters and staff</option>
            <option value="staff">Staff only</option>
          </select>
        </Field>
        <Field label="Owner" error={error?.fields.ownerId}>
          <select value={v.ownerId} onChange={(e) => set({ ownerId: e.target.value })} data-testid="kb-ed-owner">
            {!articleId && <option value="">Me</option>}
            {staffUsers.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Review by" error={error?.fields.reviewAt}>
          <input
            type="date"
            value={dateInput(v.reviewAt)}
            min={dateInput(Date.now() + DAY)}
            onChange={(e) => set({ reviewAt: fromDateInput(e.target.value) })}
            data-testid="kb-ed-review"
          />
        </Field>
      </div>
      <div className="kb-editor-split">
        <Field label="Body (markdown)" error={error?.fields.body} limit={limit('body')} value={v.body}>
          <textarea value={v.body} onChange={(e) => set({ body: e.target.value })} rows={18} data-testid="kb-ed-body" />
        </Field>
        <div className="kb-preview">
          <div className="kb-preview-label muted">Preview</div>
          <ArticleBody html={preview} testId="kb-ed-preview" />
        </div>
      </div>
      <div className="kb-editor-foot">
        <button type="button" className="btn" onClick={onCancel} data-testid="kb-ed-cancel">
          Cancel
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="kb-ed-save">
          {busy ? 'Saving…' : articleId ? 'Save' : 'Save draft'}
        </button>
      </div>
    </form>
  )
}
