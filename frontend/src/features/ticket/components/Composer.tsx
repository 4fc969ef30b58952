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
import { expandReply, useReplies, type Reply } from '../../../api/templates'
import { onTemplatePicker } from '../../../lib/templateRequest'
import { filterByName, slashQuery, splice } from '../slash'
import { TemplatePicker } from './TemplatePicker'
import { useMentionable } from '../../../api/notify'
import { insertMention, matchCandidates, mentionAt } from '../mention'

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

  /** drop forgets a kind's draft (sent or discarded); Go clears it after any save in flight.
   * Given the text that was sent, it forgets the draft only if it still is that text: what
   * was typed while it was on its way is the next draft, and is saved again, since Go
   * cleared its copy when it took the entry. */
  const drop = async (kind: CommentKind, clearInGo: boolean, sent?: string) => {
    const now = qc.getQueryData<Drafts>(ticketKeys.drafts(ticketId))?.[kind] ?? ''
    if (sent !== undefined && now !== sent) {
      pending.current.set(kind, now)
      await flush()
      return
    }
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
      // Go announces the new entry before this answer comes, so the person may already be
      // typing the next one: drop clears only what was sent.
      await comment.mutateAsync({ kind, body, minutes: kind === 'worklog' ? Number(minutes) || 0 : 0 })
      await draft.drop(kind, false, body)
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

  // Canned replies (staff): `/` at the start of the text or after a space opens the picker,
  // filtered by what follows; the palette's "Insert template…" opens it with its own filter.
  // Go expands the reply for this ticket and this person; the text stays editable before it
  // is sent, and a reply Go cannot expand (an unknown variable) changes nothing in the box.
  const replies = useReplies(false, staff)
  const boxRef = useRef<HTMLTextAreaElement>(null)
  const [caret, setCaret] = useState(0)
  const [focused, setFocused] = useState(false)
  const [dismissed, setDismissed] = useState(-1)
  const [active, setActive] = useState(0)
  const [paletteFilter, setPaletteFilter] = useState<string | null>(null)
  const [pickError, setPickError] = useState('')
  const slash = staff && focused && paletteFilter === null ? slashQuery(body, caret) : null
  const matches = filterByName(replies.data ?? [], paletteFilter ?? slash?.query ?? '')
  const slashOpen = !!slash && slash.start !== dismissed && (matches.length > 0 || !slash.query.includes(' '))
  const pickerOpen = slashOpen || paletteFilter !== null
  const shown = Math.min(active, Math.max(0, matches.length - 1))

  useEffect(
    () =>
      onTemplatePicker(() => {
        if (!staff || disabled) return
        const el = boxRef.current
        setCaret(el ? el.selectionStart : body.length)
        setActive(0)
        setPaletteFilter('')
      }),
    [staff, disabled, body.length],
  )

  const trackCaret = (el: HTMLTextAreaElement) => setCaret(el.selectionStart)

  /** insertReply puts r, expanded, in place of text[start:end]. */
  const insertReply = async (r: Reply, start: number, end: number) => {
    setPickError('')
    setPaletteFilter(null)
    try {
      const text = await expandReply(r.id, ticketId)
      const current = draft.drafts.data?.[kind] ?? body
      const next = splice(current, start, Math.min(end, current.length), text)
      draft.setText(kind, next.text)
      setCaret(next.caret)
      requestAnimationFrame(() => {
        const el = boxRef.current
        el?.focus()
        el?.setSelectionRange(next.caret, next.caret)
      })
    } catch (err) {
      const e = toApiError(err)
      setDismissed(start)
      setPickError(`“${r.name}” cannot be inserted: ${e.fields.body ?? e.message}`)
      boxRef.current?.focus()
    }
  }

  const choose = (r: Reply | undefined) => {
    if (!r) return
    if (paletteFilter !== null) void insertReply(r, caret, caret)
    else if (slash) void insertReply(r, slash.start, caret)
  }

  // @name completion: who the partial before the caret names (kind 'worklog' mentions too).
  const [mentionCaret, setMentionCaret] = useState(-1)
  const [mentionActive, setMentionActive] = useState(0)
  const people = useMentionable()
  const partial = !pickerOpen && mentionCaret >= 0 ? mentionAt(body, mentionCaret) : null
  const suggestions = partial && people.data ? matchCandidates(people.data, partial.query) : []
  const chooseMention = (handle: string) => {
    if (!partial) return
    const next = insertMention(body, partial.start, mentionCaret, handle)
    draft.setText(kind, next.text)
    setMentionCaret(-1)
    setMentionActive(0)
    requestAnimationFrame(() => {
      const el = boxRef.current
      if (el) {
        el.focus()
        el.setSelectionRange(next.caret, next.caret)
      }
    })
  }

  /** mentionKey handles the @name list's keys; it reports whether it took the key. */
  const mentionKey = (e: React.KeyboardEvent): boolean => {
    if (suggestions.length === 0) return false
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const step = e.key === 'ArrowDown' ? 1 : suggestions.length - 1
      setMentionActive((a) => (a + step) % suggestions.length)
    } else if ((e.key === 'Enter' && !e.ctrlKey && !e.metaKey) || e.key === 'Tab') {
      chooseMention(suggestions[Math.min(mentionActive, suggestions.length - 1)].handle)
    } else if (e.key === 'Escape') {
      e.stopPropagation()
      setMentionCaret(-1)
    } else return false
    e.preventDefault()
    return true
  }

  /** pickerKey handles the picker's keys; it reports whether it took the key. */
  const pickerKey = (e: React.KeyboardEvent): boolean => {
    if (!pickerOpen) return false
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const n = Math.max(1, matches.length)
      setActive((shown + (e.key === 'ArrowDown' ? 1 : n - 1)) % n)
    } else if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      choose(matches[shown])
    } else if (e.key === 'Escape') {
      if (paletteFilter !== null) {
        setPaletteFilter(null)
        boxRef.current?.focus()
      } else if (slash) setDismissed(slash.start)
    } else return false
    e.preventDefault()
    e.stopPropagation()
    return true
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
        ref={boxRef}
        aria-label={label}
        placeholder={
          isPublic
            ? `Reply to the requester…${staff ? ' (/ for a canned reply)' : ''}`
            : kind === 'note'
              ? 'Internal note, staff only… (/ for a canned reply, @name mentions)'
              : 'What did you do? (optional)'
        }
        value={body}
        rows={3}
        disabled={disabled || loading}
        onChange={(e) => {
          draft.setText(kind, e.target.value)
          trackCaret(e.currentTarget)
          setMentionCaret(e.currentTarget.selectionStart)
          setActive(0)
          setPickError('')
        }}
        onSelect={(e) => {
          trackCaret(e.currentTarget)
          setMentionCaret(e.currentTarget.selectionStart)
        }}
        onFocus={() => setFocused(true)}
        onBlur={() => setFocused(false)}
        onKeyDown={(e) => {
          if (pickerKey(e)) return
          if (mentionKey(e)) return
        }}
        aria-autocomplete="list"
        aria-controls={suggestions.length > 0 ? 'mention-list' : undefined}
        data-testid="composer-body"
      />
      {pickerOpen && (
        <TemplatePicker
          items={matches}
          active={shown}
          onActive={setActive}
          onPick={choose}
          filter={
            paletteFilter !== null
              ? {
                  value: paletteFilter,
                  onChange: (v) => {
                    setPaletteFilter(v)
                    setActive(0)
                  },
                  onKey: (e) => void pickerKey(e),
                }
              : undefined
          }
        />
      )}
      {suggestions.length > 0 && (
        <ul className="mention-list" id="mention-list" role="listbox" aria-label="People to mention" data-testid="mention-list">
          {suggestions.map((p, i) => (
            <li key={p.id} role="option" aria-selected={i === mentionActive}>
              <button
                type="button"
                className={i === mentionActive ? 'active' : ''}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => chooseMention(p.handle)}
                data-testid="mention-option"
                data-handle={p.handle}
              >
                {p.name} <span className="muted mono">@{p.handle}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {pickError && (
        <div className="field-error" role="alert" data-testid="template-error">
          {pickError}
        </div>
      )}
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
