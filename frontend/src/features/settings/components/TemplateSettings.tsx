import { useRef, useState } from 'react'
import { ApiError } from '../../../api/client'
import type { Me, Reference } from '../../../api/session'
import { roleRank } from '../../../api/session'
import {
  deleteReply,
  deleteTicketTemplate,
  saveReply,
  saveTicketTemplate,
  useReplies,
  useTemplateWrite,
  useTicketTemplates,
  useVariables,
  type Reply,
  type TicketTemplate,
} from '../../../api/templates'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Dialog } from '../../../components/ui/Dialog'
import { Field } from '../../../components/ui/Field'
import { CategoryOptions, LevelOptions, NamedOptions, SubcategoryOptions } from '../../../components/ui/TicketOptions'

const toError = (err: unknown) => (err instanceof ApiError ? err : new ApiError('unknown', String(err)))

interface Scoped {
  ownerId: string
  groupId: string
}

/** scopeName says who a template is for: "Personal", or its group's name. */
export function scopeName(t: Scoped, reference: Reference): string {
  if (t.ownerId) return 'Personal'
  return reference.groups.find((g) => g.id === t.groupId)?.name ?? 'A group'
}

/** canWrite mirrors Go's rule (Go checks again): a personal template is its owner's, a
 * group's is for managers and admins. */
export function canWrite(t: Scoped, me: Me): boolean {
  return t.ownerId ? t.ownerId === me.user.id : roleRank(me.user.role) >= roleRank('manager')
}

/** ScopeSelect picks a new template's scope: personal, or (for managers) a group. */
function ScopeSelect({ value, onChange, reference, me, locked, error, testid }: {
  value: Scoped
  onChange: (s: Scoped) => void
  reference: Reference
  me: Me
  locked: boolean
  error?: string
  testid: string
}) {
  const manager = roleRank(me.user.role) >= roleRank('manager')
  return (
    <Field label="For" error={error} hint={locked ? 'A template stays where it was made.' : undefined}>
      <select
        value={value.groupId}
        disabled={locked}
        onChange={(e) => onChange(e.target.value ? { ownerId: '', groupId: e.target.value } : { ownerId: me.user.id, groupId: '' })}
        data-testid={`${testid}-scope`}
      >
        <option value="">Only me (personal)</option>
        {(manager || locked) && <NamedOptions items={reference.groups} />}
      </select>
    </Field>
  )
}

/** ReplyEditor makes or edits a canned reply; what was typed stays when Go refuses it. */
function ReplyEditor({ initial, me, reference, onClose }: { initial: Reply; me: Me; reference: Reference; onClose: () => void }) {
  const [r, setR] = useState<Reply>(initial)
  const [error, setError] = useState<ApiError | null>(null)
  const save = useTemplateWrite(saveReply)
  const variables = useVariables()
  const bodyRef = useRef<HTMLTextAreaElement>(null)
  const limit = (k: string) => reference.limits?.[`template.${k}`]

  /** insertVariable puts {{name}} at the caret of the text. */
  const insertVariable = (name: string) => {
    const el = bodyRef.current
    const at = el ? el.selectionStart : r.body.length
    const end = el ? el.selectionEnd : at
    const token = `{{${name}}}`
    setR({ ...r, body: r.body.slice(0, at) + token + r.body.slice(end) })
    requestAnimationFrame(() => {
      el?.focus()
      el?.setSelectionRange(at + token.length, at + token.length)
    })
  }

  return (
    <Dialog
      title={initial.id ? 'Edit canned reply' : 'New canned reply'}
      onClose={onClose}
      width={620}
      testId="reply-editor"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="reply-form" className="btn btn-primary" disabled={save.isPending} data-testid="reply-save">
            Save
          </button>
        </>
      }
    >
      <form
        id="reply-form"
        className="form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          setError(null)
          save.mutateAsync(r).then(onClose, (err: unknown) => setError(toError(err)))
        }}
      >
        <ErrorBanner message={error && !error.fields.name && !error.fields.body ? error.message : undefined} onDismiss={() => setError(null)} />
        <Field label="Name" error={error?.field('name')} limit={limit('name')} value={r.name}>
          <input value={r.name} onChange={(e) => setR({ ...r, name: e.target.value })} data-testid="reply-name" data-autofocus />
        </Field>
        <ScopeSelect value={r} onChange={(s) => setR({ ...r, ...s })} reference={reference} me={me} locked={!!initial.id}
          error={error?.field('scope')} testid="reply" />
        <Field label="Text" className="span-2" error={error?.field('body')} limit={limit('body')} value={r.body}>
          <textarea ref={bodyRef} rows={8} value={r.body} onChange={(e) => setR({ ...r, body: e.target.value })} data-testid="reply-body" />
        </Field>
        <div className="span-2 template-variables" aria-label="Variables">
          <span className="muted small">Variables, filled in when the reply is inserted:</span>{' '}
          {(variables.data ?? []).map((v) => (
            <button key={v.name} type="button" className="chip-button" title={v.description} onClick={() => insertVariable(v.name)}
              data-testid="reply-variable" data-name={v.name}>
              {`{{${v.name}}}`}
            </button>
          ))}
        </div>
      </form>
    </Dialog>
  )
}

/** TicketTemplateEditor makes or edits a ticket template. */
function TicketTemplateEditor({ initial, me, reference, onClose }: {
  initial: TicketTemplate
  me: Me
  reference: Reference
  onClose: () => void
}) {
  const [t, setT] = useState<TicketTemplate>(initial)
  const [error, setError] = useState<ApiError | null>(null)
  const save = useTemplateWrite(saveTicketTemplate)
  const category = reference.categories.find((c) => c.name === t.category)
  const set = (patch: Partial<TicketTemplate>) => setT((x) => ({ ...x, ...patch }))
  const f = (k: string) => error?.field(k)
  const limit = (k: string) => reference.limits?.[`ticket.${k}`]
  const known = new Set(['name', 'scope', 'type', 'title', 'description', 'category', 'subcategory', 'service', 'impact', 'urgency', 'assignmentGroupId'])
  return (
    <Dialog
      title={initial.id ? 'Edit ticket template' : 'New ticket template'}
      onClose={onClose}
      width={640}
      testId="ticket-template-editor"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="ticket-template-form" className="btn btn-primary" disabled={save.isPending} data-testid="tt-save">
            Save
          </button>
        </>
      }
    >
      <form
        id="ticket-template-form"
        className="form-grid"
        noValidate
        onSubmit={(e) => {
          e.preventDefault()
          setError(null)
          save.mutateAsync(t).then(onClose, (err: unknown) => setError(toError(err)))
        }}
      >
        <ErrorBanner
          message={error && !Object.keys(error.fields).some((k) => known.has(k)) ? error.message : undefined}
          onDismiss={() => setError(null)}
        />
        <Field label="Name" error={f('name')} limit={reference.limits?.['template.name']} value={t.name}>
          <input value={t.name} onChange={(e) => set({ name: e.target.value })} data-testid="tt-name" data-autofocus />
        </Field>
        <ScopeSelect value={t} onChange={(s) => set(s)} reference={reference} me={me} locked={!!initial.id} error={f('scope')} testid="tt" />
        <Field label="Type" error={f('type')}>
          <select value={t.type} onChange={(e) => set({ type: e.target.value as TicketTemplate['type'] })} data-testid="tt-type">
            <option value="incident">Incident</option>
            <option value="request">Service request</option>
          </select>
        </Field>
        <Field label="Assignment group" error={f('assignmentGroupId')}>
          <select value={t.assignmentGroupId} onChange={(e) => set({ assignmentGroupId: e.target.value })} data-testid="tt-group">
            <option value="">—</option>
            <NamedOptions items={reference.groups} />
          </select>
        </Field>
        <Field label="Title" className="span-2" error={f('title')} limit={limit('title')} value={t.title}>
          <input value={t.title} onChange={(e) => set({ title: e.target.value })} data-testid="tt-title" />
        </Field>
        <Field label="Description" className="span-2" error={f('description')} limit={limit('description')} value={t.description}>
          <textarea rows={4} value={t.description} onChange={(e) => set({ description: e.target.value })} data-testid="tt-description" />
        </Field>
        <Field label="Category" error={f('category')}>
          <select value={t.category} onChange={(e) => set({ category: e.target.value, subcategory: '' })} data-testid="tt-category">
            <option value="">—</option>
            <CategoryOptions categories={reference.categories} />
          </select>
        </Field>
        <Field label="Subcategory" error={f('subcategory')}>
          <select value={t.subcategory} disabled={!category} onChange={(e) => set({ subcategory: e.target.value })} data-testid="tt-subcategory">
            <option value="">—</option>
            <SubcategoryOptions category={category} />
          </select>
        </Field>
        <Field label="Service" error={f('service')}>
          <select value={t.service} onChange={(e) => set({ service: e.target.value })} data-testid="tt-service">
            <option value="">—</option>
            {t.service && !(reference.services ?? []).includes(t.service) && <option value={t.service}>{t.service}</option>}
            {(reference.services ?? []).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <div />
        <Field label="Impact" error={f('impact')}>
          <select value={t.impact} onChange={(e) => set({ impact: Number(e.target.value) })} data-testid="tt-impact">
            <LevelOptions />
          </select>
        </Field>
        <Field label="Urgency" error={f('urgency')}>
          <select value={t.urgency} onChange={(e) => set({ urgency: Number(e.target.value) })} data-testid="tt-urgency">
            <LevelOptions />
          </select>
        </Field>
      </form>
    </Dialog>
  )
}

/** ConfirmDelete asks before a template is deleted (on every desk, once synced). */
function ConfirmDelete({ name, onDelete, onClose }: { name: string; onDelete: () => Promise<void>; onClose: () => void }) {
  const [error, setError] = useState('')
  return (
    <Dialog
      title={`Delete “${name}”?`}
      onClose={onClose}
      testId="template-delete-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose} data-autofocus>
            Keep it
          </button>
          <button
            type="button"
            className="btn btn-danger"
            onClick={() => onDelete().then(onClose, (err: unknown) => setError(toError(err).message))}
            data-testid="template-delete-confirm"
          >
            Delete
          </button>
        </>
      }
    >
      <ErrorBanner message={error} onDismiss={() => setError('')} />
      <p>The template is deleted for everyone who uses it. Tickets and replies made with it stay as they are.</p>
    </Dialog>
  )
}

const newReply = (me: Me): Reply => ({ id: '', ownerId: me.user.id, groupId: '', name: '', body: '', createdAt: 0, updatedAt: 0 })

const newTicketTemplate = (me: Me): TicketTemplate => ({
  id: '', ownerId: me.user.id, groupId: '', name: '', type: 'incident', title: '', description: '', category: '', subcategory: '',
  service: '', impact: 3, urgency: 3, assignmentGroupId: '', createdAt: 0, updatedAt: 0,
})

/**
 * TemplateSettings lists the canned replies and ticket templates the person uses or writes:
 * their own, their groups', and for managers every group's. Agents keep personal ones;
 * managers and admins also write a group's (Go checks every write again).
 */
export function TemplateSettings({ me, reference }: { me: Me; reference: Reference }) {
  const replies = useReplies(true)
  const tickets = useTicketTemplates(true)
  const removeReply = useTemplateWrite(deleteReply)
  const removeTicket = useTemplateWrite(deleteTicketTemplate)
  const [reply, setReply] = useState<Reply | null>(null)
  const [ticket, setTicket] = useState<TicketTemplate | null>(null)
  const [deleting, setDeleting] = useState<{ name: string; run: () => Promise<void> } | null>(null)
  return (
    <>
      <section className="card" aria-label="Canned replies" data-testid="reply-settings">
        <header className="card-head">
          <h2>Canned replies</h2>
          <span className="muted small">Type / in a ticket's comment box to insert one.</span>
          <div className="spacer" />
          <button type="button" className="btn btn-small" onClick={() => setReply(newReply(me))} data-testid="reply-new">
            New canned reply
          </button>
        </header>
        <ErrorBanner message={replies.error?.message} />
        {replies.data?.length === 0 && <p className="muted">No canned replies yet.</p>}
        <ul className="template-list" data-testid="replies">
          {(replies.data ?? []).map((r) => (
            <li key={r.id} data-testid="reply-row" data-name={r.name}>
              <span className="template-name">{r.name}</span> <span className="muted small">{scopeName(r, reference)}</span>
              <span className="muted small template-preview">{r.body.length > 80 ? `${r.body.slice(0, 80)}…` : r.body}</span>
              {canWrite(r, me) && (
                <span className="row-actions">
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => setReply(r)} data-testid="reply-edit">
                    Edit
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    onClick={() => setDeleting({ name: r.name, run: () => removeReply.mutateAsync(r.id) })}
                    data-testid="reply-delete"
                  >
                    Delete
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-label="Ticket templates" data-testid="ticket-template-settings">
        <header className="card-head">
          <h2>Ticket templates</h2>
          <span className="muted small">Pick one in the New ticket form to fill it.</span>
          <div className="spacer" />
          <button type="button" className="btn btn-small" onClick={() => setTicket(newTicketTemplate(me))} data-testid="tt-new">
            New ticket template
          </button>
        </header>
        <ErrorBanner message={tickets.error?.message} />
        {tickets.data?.length === 0 && <p className="muted">No ticket templates yet.</p>}
        <ul className="template-list" data-testid="ticket-templates">
          {(tickets.data ?? []).map((t) => (
            <li key={t.id} data-testid="tt-row" data-name={t.name}>
              <span className="template-name">{t.name}</span> <span className="muted small">{scopeName(t, reference)}</span>
              <span className="muted small template-preview">{t.title}</span>
              {canWrite(t, me) && (
                <span className="row-actions">
                  <button type="button" className="btn btn-small btn-ghost" onClick={() => setTicket(t)} data-testid="tt-edit">
                    Edit
                  </button>
                  <button
                    type="button"
                    className="btn btn-small btn-ghost"
                    onClick={() => setDeleting({ name: t.name, run: () => removeTicket.mutateAsync(t.id) })}
                    data-testid="tt-delete"
                  >
                    Delete
                  </button>
                </span>
              )}
            </li>
          ))}
        </ul>
      </section>
      {reply && <ReplyEditor key={reply.id || 'new'} initial={reply} me={me} reference={reference} onClose={() => setReply(null)} />}
      {ticket && (
        <TicketTemplateEditor key={ticket.id || 'new'} initial={ticket} me={me} reference={reference} onClose={() => setTicket(null)} />
      )}
      {deleting && <ConfirmDelete name={deleting.name} onDelete={deleting.run} onClose={() => setDeleting(null)} />}
    </>
  )
}
