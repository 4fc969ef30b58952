import { useState, type FormEvent } from 'react'
import { ApiError, toApiError } from '../../../api/client'
import type { Reference } from '../../../api/session'
import type { BulkResult, Change } from '../../../api/tickets'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Dialog } from '../../../components/ui/Dialog'
import { Field } from '../../../components/ui/Field'
import { assignableUsers, CategoryOptions, NamedOptions } from '../../../components/ui/TicketOptions'
import { humanize } from '../../../lib/format'
import { BULK_LABELS, type BulkKind } from '../bulk'


interface Props {
  kind: BulkKind
  count: number
  reference: Reference
  run: (c: Change) => Promise<BulkResult>
  onDone: (r: BulkResult) => void
  onClose: () => void
}

/** The fields a bulk action asks for, kept as typed (strings) until it is sent. */
interface Form {
  groupId: string
  assigneeId: string
  priority: string
  priorityReason: string
  category: string
  tags: string
  note: string
  holdReason: string
  resolutionCode: string
  resolutionNotes: string
  reason: string
}

const empty: Form = {
  groupId: '',
  assigneeId: '',
  priority: '',
  priorityReason: '',
  category: '',
  tags: '',
  note: '',
  holdReason: '',
  resolutionCode: '',
  resolutionNotes: '',
  reason: '',
}

function change(kind: BulkKind, f: Form): Change {
  switch (kind) {
    case 'assign':
      // Only what was chosen is sent: a group alone leaves each ticket's assignee to Go's
      // rule (kept when a member of the new group).
      return { patch: { ...(f.groupId ? { groupId: f.groupId } : {}), ...(f.assigneeId ? { assigneeId: f.assigneeId } : {}) } }
    case 'priority':
      return { patch: { priority: Number(f.priority) || 0, priorityReason: f.priorityReason } }
    case 'category':
      return { patch: { category: f.category, subcategory: '' } }
    case 'tags':
      return { addTags: f.tags.split(/[,\s]+/).filter(Boolean) }
    case 'note':
      return { note: f.note }
    case 'on_hold':
      return { move: { to: 'on_hold', holdReason: f.holdReason } }
    case 'resolved':
      return { move: { to: 'resolved', resolutionCode: f.resolutionCode, resolutionNotes: f.resolutionNotes } }
    case 'canceled':
      return { move: { to: 'canceled', reason: f.reason } }
  }
}

/**
 * BulkDialog asks for what one change to many tickets needs, as the ticket's own dialogs do.
 * Go checks each ticket as if it were changed alone; when it refuses every one of them for the
 * same fields (nothing chosen, no reason), the dialog stays open with those fields' messages.
 */
export function BulkDialog({ kind, count, reference, run, onDone, onClose }: Props) {
  const [form, setForm] = useState<Form>(empty)
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const set = (p: Partial<Form>) => setForm((f) => ({ ...f, ...p }))
  const fe = (name: string) => error?.fields[name]
  const limit = (name: string) => reference.limits?.[`ticket.${name}`]
  const label = BULK_LABELS[kind]
  const tickets = `${count.toLocaleString()} ${count === 1 ? 'ticket' : 'tickets'}`

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    setBusy(true)
    try {
      const r = await run(change(kind, form))
      const fields = r.refused[0]?.fields
      if (r.done === 0 && fields && r.refused.every((o) => o.code === 'validation' && sameKeys(o.fields, fields))) {
        setError(new ApiError('validation', r.refused[0].message ?? 'Check the fields', fields))
        return
      }
      onDone(r)
    } catch (err) {
      setError(toApiError(err))
    } finally {
      setBusy(false)
    }
  }

  const members = assignableUsers(reference, form.groupId || undefined)
  return (
    <Dialog
      title={`${label}: ${tickets}`}
      onClose={onClose}
      width={480}
      testId="bulk-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Back
          </button>
          <button type="submit" form="bulk-form" className="btn btn-primary" disabled={busy} data-testid="bulk-submit">
            {busy ? 'Working…' : `${label} (${count.toLocaleString()})`}
          </button>
        </>
      }
    >
      <form id="bulk-form" className="form-stack" onSubmit={submit} noValidate>
        <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
        {kind === 'assign' && (
          <>
            <Field label="Assignment group" error={fe('groupId')} hint="Leave empty to keep each ticket's group">
              <select
                value={form.groupId}
                onChange={(e) => set({ groupId: e.target.value, assigneeId: '' })}
                data-testid="bulk-group"
              >
                <option value="">Keep each ticket's group</option>
                <NamedOptions items={reference.groups} />
              </select>
            </Field>
            <Field label="Assignee" error={fe('assigneeId')} hint="Someone outside a ticket's group is refused for that ticket">
              <select value={form.assigneeId} onChange={(e) => set({ assigneeId: e.target.value })} data-testid="bulk-assignee">
                <option value="">{form.groupId ? 'Nobody yet' : 'Keep each ticket’s assignee'}</option>
                <NamedOptions items={members} />
              </select>
            </Field>
          </>
        )}
        {kind === 'priority' && (
          <>
            <Field label="Priority" error={fe('priority')}>
              <select value={form.priority} onChange={(e) => set({ priority: e.target.value })} data-testid="bulk-priority">
                <option value="">Back to impact × urgency</option>
                {[1, 2, 3, 4, 5].map((p) => (
                  <option key={p} value={p}>
                    P{p}
                  </option>
                ))}
              </select>
            </Field>
            <Field
              label="Why override the computed priority?"
              error={fe('priorityReason')}
              hint="Needed for every ticket whose impact and urgency give another priority"
              limit={limit('priorityReason')}
              value={form.priorityReason}
            >
              <input value={form.priorityReason} onChange={(e) => set({ priorityReason: e.target.value })} data-testid="bulk-priority-reason" />
            </Field>
          </>
        )}
        {kind === 'category' && (
          <Field label="Category" error={fe('category')}>
            <select value={form.category} onChange={(e) => set({ category: e.target.value })} data-testid="bulk-category">
              <option value="">None</option>
              <CategoryOptions categories={reference.categories} />
            </select>
          </Field>
        )}
        {kind === 'tags' && (
          <Field label="Tags to add" error={fe('tags')} hint="Separated by commas or spaces; each ticket keeps its own">
            <input value={form.tags} onChange={(e) => set({ tags: e.target.value })} data-testid="bulk-tags" />
          </Field>
        )}
        {kind === 'note' && (
          <Field label="Work note (staff only)" error={fe('body')} limit={limit('body')} value={form.note}>
            <textarea rows={4} value={form.note} onChange={(e) => set({ note: e.target.value })} data-testid="bulk-note" />
          </Field>
        )}
        {kind === 'on_hold' && (
          <Field label="Hold reason" error={fe('holdReason')}>
            <select value={form.holdReason} onChange={(e) => set({ holdReason: e.target.value })} data-testid="bulk-hold-reason">
              <option value="">Choose…</option>
              {reference.holdReasons.map((r) => (
                <option key={r} value={r}>
                  {humanize(r)}
                </option>
              ))}
            </select>
          </Field>
        )}
        {kind === 'resolved' && (
          <>
            <Field label="Resolution code" error={fe('resolutionCode')}>
              <select
                value={form.resolutionCode}
                onChange={(e) => set({ resolutionCode: e.target.value })}
                data-testid="bulk-resolution-code"
              >
                <option value="">Choose…</option>
                {reference.resolutionCodes.map((r) => (
                  <option key={r} value={r}>
                    {humanize(r)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Resolution notes" error={fe('resolutionNotes')} limit={limit('resolutionNotes')} value={form.resolutionNotes}>
              <textarea
                rows={4}
                value={form.resolutionNotes}
                onChange={(e) => set({ resolutionNotes: e.target.value })}
                data-testid="bulk-resolution-notes"
              />
            </Field>
          </>
        )}
        {kind === 'canceled' && (
          <Field label="Why are they canceled?" error={fe('reason')} limit={limit('reason')} value={form.reason}>
            <textarea rows={3} value={form.reason} onChange={(e) => set({ reason: e.target.value })} data-testid="bulk-reason" />
          </Field>
        )}
      </form>
    </Dialog>
  )
}

function sameKeys(a: Record<string, string> | undefined, b: Record<string, string>): boolean {
  const ka = Object.keys(a ?? {}).sort()
  const kb = Object.keys(b).sort()
  return ka.length === kb.length && ka.every((k, i) => k === kb[i])
}
