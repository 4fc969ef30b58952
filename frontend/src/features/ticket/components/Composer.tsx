import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { ApiError, toApiError } from '../../../api/client'
import {
  addComment,
  attachFile,
  saveDraft,
  ticketKeys,
  useDrafts,
  useTicketWrite,
  type CommentKind,
  type Drafts,
} from '../../../api/tickets'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Dialog } from '../../../components/ui/Dialog'
import { Tabs } from '../../../components/ui/Tabs'

// Staff start on the internal note: a public reply is a choice, never the default.
const staffKinds: { id: CommentKind; label: string }[] = [
  { id: 'note', label: 'Work note' },
  { id: 'reply', label: 'Reply to requester' },
  { id: 'worklog', label: 'Log work' },
]

/** How long typing pauses before the draft is saved to the profile. */
const DRAFT_DELAY_MS = 400

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

type DraftState = 'idle' | 'editing' | 'saving' | 'saved' | 'error'

/**
 * useDraftText keeps what is typed in the composer per ticket and kind: in the query cache at
 * once (coming back to the ticket shows it), and in the profile after a pause in typing and
 * when the composer goes away (a restart shows it). Saves run one after another, so an older
 * text never lands after a newer one.
 */
function useDraftText(ticketId: string) {
  const qc = useQueryClient()
  const drafts = useDrafts(ticketId)
  const pending = useRef(new Map<CommentKind, string>())
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  const chain = useRef<Promise<void>>(Promise.resolve())
  const [state, setState] = useState<DraftState>('idle')
  const [error, setError] = useState('')

  const flush = useCallback((): Promise<void> => {
    clearTimeout(timer.current)
    timer.current = undefined
    const entries = [...pending.current]
    pending.current.clear()
    if (entries.length === 0) return chain.current
    setState('saving')
    chain.current = chain.current.then(async () => {
      try {
        for (const [kind, body] of entries) await saveDraft(ticketId, kind, body)
        setError('')
        if (pending.current.size === 0) setState('saved')
      } catch (err) {
        setError(toApiError(err).message)
        setState('error')
      }
    })
    return chain.current
  }, [ticketId])

  // Leaving the ticket saves what was typed since the last pause.
  useEffect(() => () => void flush(), [flush])

  const setText = (kind: CommentKind, body: string) => {
    qc.setQueryData<Drafts>(ticketKeys.drafts(ticketId), (old) => ({ ...old, [kind]: body }))
    pending.current.set(kind, body)
    setState('editing')
    clearTimeout(timer.current)
    timer.current = setTimeout(() => void flush(), DRAFT_DELAY_MS)
  }

  /** drop forgets a kind's draft (sent or discarded); Go clears it after any save in flight. */
  const drop = async (kind: CommentKind, clearInGo: boolean) => {
    qc.setQueryData<Drafts>(ticketKeys.drafts(ticketId), (old) => ({ ...old, [kind]: '' }))
    pending.current.delete(kind)
    if (clearInGo) pending.current.set(kind, '')
    await flush()
  }

  return { drafts, setText, flush, drop, state, error }
}

/** Composer adds a work note, a reply or a worklog entry, and attaches files. */
export function Composer({ ticketId, disabled, internal }: { ticketId: string; disabled: boolean; internal: boolean }) {
  // Whether notes, worklogs and internal files are offered comes from Go (detail.allowed).
  const staff = internal
  const [chosen, setChosen] = useState<CommentKind | null>(null)
  const kind: CommentKind = staff ? (chosen ?? 'note') : 'reply'
  const [fileInternal, setFileInternal] = useState<boolean | null>(null)
  // A file is internal like the entry being written, unless the person says otherwise.
  const internalFile = staff && (fileInternal ?? kind !== 'reply')
  const [minutes, setMinutes] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const [discarding, setDiscarding] = useState(false)
  const fileRef = useRef<HTMLInputElement>(null)
  const draft = useDraftText(ticketId)
  const body = draft.drafts.data?.[kind] ?? ''
  const loading = draft.drafts.isPending && !draft.drafts.isError
  const comment = useTicketWrite(ticketId, (v: { kind: CommentKind; body: string; minutes: number }) =>
    addComment(ticketId, v.kind, v.body, v.minutes),
  )
  const attach = useTicketWrite(ticketId, (v: { name: string; data: string; internal: boolean }) =>
    attachFile(ticketId, v.name, v.data, v.internal),
  )
  const fail = (err: unknown) => setError(err instanceof ApiError ? err : toApiError(err))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    try {
      // A save of this draft still on its way must not land after Go cleared it on send.
      await draft.flush()
      await comment.mutateAsync({ kind, body, minutes: kind === 'worklog' ? Number(minutes) || 0 : 0 })
      await draft.drop(kind, false)
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
      await attach.mutateAsync({ name: f.name, data: await fileToBase64(f), internal: internalFile })
    } catch (err) {
      fail(err)
    } finally {
      if (fileRef.current) fileRef.current.value = ''
    }
  }

  const pick = (k: CommentKind) => {
    setChosen(k)
    setFileInternal(null)
  }

  const isPublic = kind === 'reply'
  const label = isPublic ? 'Reply to the requester' : kind === 'note' ? 'Internal work note' : 'What was done'
  return (
    <form
      className={`composer composer-${kind}${staff ? ' composer-staff' : ''}`}
      onSubmit={submit}
      aria-label="Add to the ticket"
      data-testid="composer"
      data-kind={kind}
      data-draft={draft.state}
    >
      <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
      {staff && <Tabs items={staffKinds} value={kind} onChange={pick} label="Kind of entry" testid="composer-kind" />}
      {staff && isPublic && (
        <div className="composer-public" data-testid="composer-public">
          Reply to requester — visible to the requester
        </div>
      )}
      <textarea
        aria-label={label}
        placeholder={isPublic ? 'Reply to the requester…' : kind === 'note' ? 'Internal note, staff only…' : 'What did you do? (optional)'}
        value={body}
        rows={3}
        disabled={disabled || loading}
        onChange={(e) => draft.setText(kind, e.target.value)}
        data-testid="composer-body"
      />
      {error?.fields.body && (
        <div className="field-error" role="alert">
          {error.fields.body}
        </div>
      )}
      {draft.error && (
        <div className="field-error" role="alert" data-testid="composer-draft-error">
          The draft is not saved: {draft.error}
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
          {internalFile ? 'Attach internal file' : 'Attach file'}
          <input
            ref={fileRef}
            type="file"
            className="sr-only"
            disabled={disabled || attach.isPending}
            onChange={(e) => void onFile(e.target.files)}
            data-testid="attach-input"
          />
        </label>
        {staff && (
          <label className="check small" title="Internal files are for staff only: the requester never sees them">
            <input
              type="checkbox"
              checked={internalFile}
              onChange={(e) => setFileInternal(e.target.checked)}
              disabled={disabled}
              data-testid="attach-internal"
            />
            Internal
          </label>
        )}
        <div className="spacer" />
        {draft.state === 'saved' && body !== '' && <span className="composer-draft">Draft saved</span>}
        {body !== '' && (
          <button type="button" className="btn btn-small btn-ghost" onClick={() => setDiscarding(true)} disabled={disabled} data-testid="composer-discard">
            Discard
          </button>
        )}
        <button
          type="submit"
          className={`btn btn-small ${isPublic && staff ? 'btn-danger' : 'btn-primary'}`}
          disabled={disabled || loading || comment.isPending}
          data-testid="composer-submit"
        >
          {isPublic ? (staff ? 'Send to requester' : 'Send reply') : kind === 'note' ? 'Add note' : 'Log work'}
        </button>
      </div>
      {discarding && (
        <Dialog
          title="Discard this draft?"
          onClose={() => setDiscarding(false)}
          testId="discard-dialog"
          footer={
            <>
              <button type="button" className="btn" onClick={() => setDiscarding(false)} data-testid="discard-cancel" data-autofocus>
                Keep writing
              </button>
              <button
                type="button"
                className="btn btn-danger"
                onClick={() => {
                  setDiscarding(false)
                  void draft.drop(kind, true)
                }}
                data-testid="discard-confirm"
              >
                Discard
              </button>
            </>
          }
        >
          <p>What you wrote here is deleted for good:</p>
          <blockquote className="discard-preview">{body.length > 300 ? `${body.slice(0, 300)}…` : body}</blockquote>
        </Dialog>
      )}
    </form>
  )
}
