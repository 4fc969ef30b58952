import { useState } from 'react'
import { useDiff, useVersions } from '../../../api/knowledge'
import type { Reference } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { formatDateTime } from '../../../lib/format'

/** History lists an article's versions and shows the line diff between any two of them. */
export function History({ articleId, reference }: { articleId: string; reference: Reference }) {
  const versions = useVersions(articleId, true)
  const list = versions.data ?? []
  const [from, setFrom] = useState('')
  const [to, setTo] = useState('')
  // By default: the last version against the one before it.
  const f = from || (list.length > 1 ? list[list.length - 2].id : '')
  const t = to || (list.length > 0 ? list[list.length - 1].id : '')
  const diff = useDiff(articleId, f, t)
  const name = (id: string) => reference.users.find((u) => u.id === id)?.name ?? ''
  const label = (v: { n: number; createdAt: number; authorId: string }) => `v${v.n} · ${formatDateTime(v.createdAt)} · ${name(v.authorId)}`
  if (versions.error) return <ErrorBanner message={versions.error.message} />
  return (
    <section className="kb-history card" data-testid="kb-history">
      <header className="section-head">
        <h3>History</h3>
        <span className="muted" data-testid="kb-version-count">
          {list.length} version{list.length === 1 ? '' : 's'}
        </span>
      </header>
      {list.length > 1 && (
        <div className="kb-diff-pick">
          <label>
            From{' '}
            <select value={f} onChange={(e) => setFrom(e.target.value)} data-testid="kb-diff-from">
              {list.map((v) => (
                <option key={v.id} value={v.id}>
                  {label(v)}
                </option>
              ))}
            </select>
          </label>
          <label>
            to{' '}
            <select value={t} onChange={(e) => setTo(e.target.value)} data-testid="kb-diff-to">
              {list.map((v) => (
                <option key={v.id} value={v.id}>
                  {label(v)}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {diff.error && <ErrorBanner message={diff.error.message} />}
      {diff.data && (
        <div data-testid="kb-diff">
          {diff.data.fromTitle !== diff.data.toTitle && (
            <div className="kb-diff-title">
              <del>{diff.data.fromTitle}</del> → <ins>{diff.data.toTitle}</ins>
            </div>
          )}
          <pre className="kb-diff-lines">
            {diff.data.lines.map((l, i) => (
              <div key={i} className={`kb-diff-${l.op}`} data-op={l.op}>
                {l.op === 'insert' ? '+ ' : l.op === 'delete' ? '- ' : '  '}
                {l.text}
              </div>
            ))}
          </pre>
        </div>
      )}
    </section>
  )
}
