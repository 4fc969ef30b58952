import { useState } from 'react'
import { toApiError } from '../../../api/client'
import { replaceWithAttachment, saveAttachment, type TimelineEvent } from '../../../api/tickets'
import { Dialog } from '../../../components/ui/Dialog'
import { formatBytes, formatDateTime, formatMinutes, humanize, stateLabel } from '../../../lib/format'

const kindLabels: Record<string, string> = { reply: 'Reply', note: 'Work note', worklog: 'Worklog' }

/** A file the person chose to save over, waiting for their yes. */
interface Replacing {
  id: string
  name: string
  path: string
}

/** Names for the ids an audit entry holds (people, groups), so history reads as names. */
export type Names = Record<string, string>

const fieldLabels: Record<string, string> = {
  groupId: 'group',
  assigneeId: 'assignee',
  requesterId: 'requester',
  ci: 'configuration item',
}

/** fieldLabel: "holdReason" reads "hold reason". */
function fieldLabel(field: string): string {
  return fieldLabels[field] ?? humanize(field.replace(/([a-z])([A-Z])/g, '$1 $2')).toLowerCase()
}

function valueText(field: string, v: string, names: Names): string {
  if (field.endsWith('Id')) return names[v] ?? v
  if (field === 'holdReason' || field === 'resolutionCode' || field === 'source') return humanize(v)
  return v
}

export function auditText(field: string, oldRaw: string, newRaw: string, names: Names = {}): string {
  if (field === 'created') return `created the ticket ${newRaw}`
  if (field === 'state') return `changed state from ${stateLabel(oldRaw)} to ${stateLabel(newRaw)}`
  const label = fieldLabel(field)
  const oldValue = oldRaw && valueText(field, oldRaw, names)
  const newValue = newRaw && valueText(field, newRaw, names)
  if (!oldValue) return `set ${label} to “${newValue}”`
  if (!newValue) return `cleared ${label} (was “${oldValue}”)`
  return `changed ${label} from “${oldValue}” to “${newValue}”`
}

/** Timeline lists replies, notes, worklogs, attachments and audit entries, oldest first. */
export function Timeline({ events, names = {} }: { events: TimelineEvent[]; names?: Names }) {
  const [showAudit, setShowAudit] = useState(true)
  const [error, setError] = useState('')
  const [saved, setSaved] = useState<{ name: string; path: string } | null>(null)
  const [replacing, setReplacing] = useState<Replacing | null>(null)
  // Go asks where to save (the native dialog); an existing file is replaced only on a yes.
  const save = async (id: string, name: string) => {
    setError('')
    setSaved(null)
    try {
      const r = await saveAttachment(id)
      if (r.exists) setReplacing({ id, name, path: r.path })
      else if (!r.canceled) setSaved({ name, path: r.path })
    } catch (err) {
      setError(toApiError(err).message)
    }
  }
  const replace = async () => {
    if (!replacing) return
    const { id, name } = replacing
    setReplacing(null)
    try {
      const r = await replaceWithAttachment(id)
      setSaved({ name, path: r.path })
    } catch (err) {
      setError(toApiError(err).message)
    }
  }
  // Hidden field changes are only hidden on screen: a printed ticket has its whole history.
  const hideAudit = showAudit ? '' : ' screen-hidden'
  return (
    <section className="timeline" aria-label="Timeline">
      <header className="section-head">
        <h3>Activity</h3>
        <label className="check small no-print">
          <input type="checkbox" checked={showAudit} onChange={(e) => setShowAudit(e.target.checked)} data-testid="timeline-audit-toggle" />
          Show field changes
        </label>
      </header>
      {error && (
        <div className="banner banner-error" role="alert">
          {error}
        </div>
      )}
      {saved && (
        <div className="banner banner-info" role="status" data-testid="attachment-saved" data-path={saved.path}>
          <span className="banner-text">
            Saved {saved.name} to <span className="mono">{saved.path}</span>
          </span>
          <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => setSaved(null)}>
            ×
          </button>
        </div>
      )}
      {replacing && (
        <Dialog
          title="Replace the existing file?"
          onClose={() => setReplacing(null)}
          testId="replace-dialog"
          footer={
            <>
              <button type="button" className="btn" onClick={() => setReplacing(null)} data-testid="replace-cancel" data-autofocus>
                Keep the existing file
              </button>
              <button type="button" className="btn btn-danger" onClick={() => void replace()} data-testid="replace-confirm">
                Replace
              </button>
            </>
          }
        >
          <p>
            A file is already there: <span className="mono">{replacing.path}</span>. Replacing it with {replacing.name} loses what it holds
            now.
          </p>
        </Dialog>
      )}
      <ol className="events" data-testid="timeline">
        {events.map((e, i) => {
          const key = e.comment?.id ?? e.attachment?.id ?? e.audit?.id ?? String(i)
          if (e.kind === 'audit' && e.audit) {
            return (
              <li key={key} className={`ev ev-audit${hideAudit}`} data-testid="timeline-audit">
                <span className="ev-who">{e.actorName || 'System'}</span>{' '}
                {auditText(e.audit.field, e.audit.oldValue, e.audit.newValue, names)}
                <time className="ev-time">{formatDateTime(e.at)}</time>
              </li>
            )
          }
          if (e.kind === 'attachment' && e.attachment) {
            const a = e.attachment
            return (
              <li key={key} className="ev ev-attachment" data-testid="timeline-attachment" data-internal={a.internal ? 'true' : 'false'}>
                <span className="ev-who">{e.actorName}</span> attached{' '}
                {a.internal && <span className="kind kind-note">Internal</span>}{' '}
                <button
                  type="button"
                  className="link"
                  onClick={() => void save(a.id, a.name)}
                  aria-label={`Save ${a.name}`}
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
