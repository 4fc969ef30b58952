import { useState } from 'react'
import { toApiError } from '../../../api/client'
import { downloadAttachment, type TimelineEvent } from '../../../api/tickets'
import { formatBytes, formatDateTime, formatMinutes, humanize, stateLabel } from '../../../lib/format'

const kindLabels: Record<string, string> = { reply: 'Reply', note: 'Work note', worklog: 'Worklog' }

/** saveDownload turns Go's base64 bytes into a file the webview offers to save. */
async function saveDownload(id: string): Promise<void> {
  const d = await downloadAttachment(id)
  const bytes = Uint8Array.from(atob(d.data), (c) => c.charCodeAt(0))
  const url = URL.createObjectURL(new Blob([bytes], { type: d.mime || 'application/octet-stream' }))
  const a = document.createElement('a')
  a.href = url
  a.download = d.name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

function auditText(field: string, oldValue: string, newValue: string): string {
  if (field === 'created') return `created the ticket ${newValue}`
  if (field === 'state') return `changed state from ${stateLabel(oldValue)} to ${stateLabel(newValue)}`
  if (!oldValue) return `set ${humanize(field).toLowerCase()} to “${newValue}”`
  if (!newValue) return `cleared ${humanize(field).toLowerCase()} (was “${oldValue}”)`
  return `changed ${humanize(field).toLowerCase()} from “${oldValue}” to “${newValue}”`
}

/** Timeline lists replies, notes, worklogs, attachments and audit entries, oldest first. */
export function Timeline({ events }: { events: TimelineEvent[] }) {
  const [showAudit, setShowAudit] = useState(true)
  const [error, setError] = useState('')
  const shown = showAudit ? events : events.filter((e) => e.kind !== 'audit')
  return (
    <section className="timeline" aria-label="Timeline">
      <header className="section-head">
        <h3>Activity</h3>
        <label className="check small">
          <input type="checkbox" checked={showAudit} onChange={(e) => setShowAudit(e.target.checked)} data-testid="timeline-audit-toggle" />
          Show field changes
        </label>
      </header>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      <ol className="events" data-testid="timeline">
        {shown.map((e, i) => {
          const key = e.comment?.id ?? e.attachment?.id ?? e.audit?.id ?? String(i)
          if (e.kind === 'audit' && e.audit) {
            return (
              <li key={key} className="ev ev-audit" data-testid="timeline-audit">
                <span className="ev-who">{e.actorName || 'System'}</span>{' '}
                {auditText(e.audit.field, e.audit.oldValue, e.audit.newValue)}
                <time className="ev-time">{formatDateTime(e.at)}</time>
              </li>
            )
          }
          if (e.kind === 'attachment' && e.attachment) {
            const a = e.attachment
            return (
              <li key={key} className="ev ev-attachment" data-testid="timeline-attachment">
                <span className="ev-who">{e.actorName}</span> attached{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => saveDownload(a.id).catch((err) => setError(toApiError(err).message))}
                  aria-label={`Download ${a.name}`}
                  data-testid="attachment-download"
                >
                  {a.name}
                </button>{' '}
                <span className="muted">({formatBytes(a.size)})</span>
                <time className="ev-time">{formatDateTime(e.at)}</time>
              </li>
            )
          }
          const c = e.comment
          return (
            <li key={key} className={`ev ev-comment ev-${e.kind}`} data-testid={`timeline-${e.kind}`}>
              <div className="ev-head">
                <span className="ev-who">{e.actorName}</span>
                <span className={`kind kind-${e.kind}`}>{kindLabels[e.kind] ?? humanize(e.kind)}</span>
                {e.kind === 'worklog' && c && <span className="minutes">{formatMinutes(c.minutes)}</span>}
                <time className="ev-time">{formatDateTime(e.at)}</time>
              </div>
              {e.html ? (
                // Safe: e.html is rendered by Go from markdown with raw HTML disabled (goldmark)
                // and then sanitized by bluemonday; the CSP also forbids inline scripts.
                <div className="md" dangerouslySetInnerHTML={{ __html: e.html }} />
              ) : null}
            </li>
          )
        })}
      </ol>
    </section>
  )
}
