import { useRef, useState, type FormEvent } from 'react'
import { ApiError } from '../../../api/client'
import { addComment, attachFile, useTicketWrite, type CommentKind } from '../../../api/tickets'
import { ErrorBanner } from '../../../components/ui/Banner'

const kinds: { id: CommentKind; label: string }[] = [
  { id: 'reply', label: 'Reply' },
  { id: 'note', label: 'Work note' },
  { id: 'worklog', label: 'Log work' },
]

/** fileToBase64 reads a picked file as the base64 Go's Attach expects. */
export function fileToBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const r = new FileReader()
    r.onerror = () => reject(r.error)
    r.onload = () => {
      const s = String(r.result)
      resolve(s.slice(s.indexOf(',') + 1))
    }
    r.readAsDataURL(file)
  })
}

/** Composer adds a reply, a work note or a worklog entry, and attaches files. */
export function Composer({ ticketId, disabled }: { ticketId: string; disabled: boolean }) {
  const [kind, setKind] = useState<CommentKind>('reply')
  const [body, setBody] = useState('')
  const [minutes, setMinutes] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const fileRef = useRef<HTMLInputElement>(null)
  const comment = useTicketWrite(ticketId, (v: { kind: CommentKind; body: string; minutes: number }) =>
    addComment(ticketId, v.kind, v.body, v.minutes),
  )
  const attach = useTicketWrite(ticketId, (v: { name: string; data: string }) => attachFile(ticketId, v.name, v.data))
  const fail = (err: unknown) => setError(err instanceof ApiError ? err : new ApiError('unknown', String(err)))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    try {
      await comment.mutateAsync({ kind, body, minutes: kind === 'worklog' ? Number(minutes) || 0 : 0 })
      setBody('')
      setMinutes('')
    } catch (err) {
      fail(err)
    }
  }

  const onFile = async (files: FileList | null) => {
    const f = files?.[0]
    if (!f) return
    setError(null)
    try {
      await attach.mutateAsync({ name: f.name, data: await fileToBase64(f) })
    } catch (err) {
      fail(err)
    } finally {
      if (fileRef.current) fileRef.current.value = ''
    }
  }

  return (
    <form className={`composer composer-${kind}`} onSubmit={submit} aria-label="Add to the ticket" data-testid="composer">
      <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
      <div className="tabs" role="tablist" aria-label="Kind of entry">
        {kinds.map((k) => (
          <button
            key={k.id}
            type="button"
            role="tab"
            aria-selected={kind === k.id}
            className={kind === k.id ? 'tab on' : 'tab'}
            onClick={() => setKind(k.id)}
            data-testid={`composer-kind-${k.id}`}
          >
            {k.label}
          </button>
        ))}
      </div>
      <textarea
        aria-label={kind === 'reply' ? 'Reply to the requester' : kind === 'note' ? 'Internal work note' : 'What was done'}
        placeholder={kind === 'reply' ? 'Reply to the requester…' : kind === 'note' ? 'Internal note, staff only…' : 'What did you do? (optional)'}
        value={body}
        rows={3}
        disabled={disabled}
        onChange={(e) => setBody(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) e.currentTarget.form?.requestSubmit()
        }}
        data-testid="composer-body"
      />
      {error?.fields.body && (
        <div className="field-error" role="alert">
          {error.fields.body}
        </div>
      )}
      <div className="composer-foot">
        {kind === 'worklog' && (
          <label className="inline-label">
            Minutes
            <input
              type="number"
              min={1}
              max={1440}
              value={minutes}
              onChange={(e) => setMinutes(e.target.value)}
              className="minutes-input"
              data-testid="composer-minutes"
            />
          </label>
        )}
        {error?.fields.minutes && <span className="field-error">{error.fields.minutes}</span>}
        <label className={`btn btn-small btn-ghost file-btn${disabled ? ' disabled' : ''}`}>
          Attach file
          <input
            ref={fileRef}
            type="file"
            className="sr-only"
            disabled={disabled || attach.isPending}
            onChange={(e) => void onFile(e.target.files)}
            data-testid="attach-input"
          />
        </label>
        <div className="spacer" />
        <button type="submit" className="btn btn-primary btn-small" disabled={disabled || comment.isPending} data-testid="composer-submit">
          {kind === 'reply' ? 'Send reply' : kind === 'note' ? 'Add note' : 'Log work'}
        </button>
      </div>
    </form>
  )
}
