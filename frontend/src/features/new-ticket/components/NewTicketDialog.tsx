import { useState, type FormEvent } from 'react'
import { ApiError } from '../../../api/client'
import type { Me, Reference } from '../../../api/session'
import { useCreateTicket, type Draft, type Ticket } from '../../../api/tickets'
import { ErrorBanner } from '../../../components/ui/Banner'
import { PriorityChip } from '../../../components/ui/Chip'
import { Dialog } from '../../../components/ui/Dialog'
import { Field } from '../../../components/ui/Field'
import { humanize } from '../../../lib/format'
import { computePriority, LEVELS, PRIORITY_NAMES } from '../../../lib/priority'

export function emptyDraft(type: Draft['type'] = 'incident'): Draft {
  return {
    type,
    title: '',
    description: '',
    requesterId: '',
    category: '',
    subcategory: '',
    service: '',
    ci: '',
    impact: 3,
    urgency: 3,
    priority: 0,
    priorityReason: '',
    groupId: '',
    assigneeId: '',
    source: 'phone',
    tags: [],
  }
}

interface Props {
  reference: Reference
  me: Me
  initialDraft?: Draft
  /** Called on every edit, so a closed and reopened dialog still has what was typed. */
  onDraftChange?: (d: Draft) => void
  onCreated: (t: Ticket) => void
  onClose: () => void
}

const staffRoles = new Set(['agent', 'manager', 'admin'])

/** NewTicketDialog logs an incident or request; the priority follows impact × urgency live. */
export function NewTicketDialog({ reference, me, initialDraft, onDraftChange, onCreated, onClose }: Props) {
  const [draft, setDraftState] = useState<Draft>(() => initialDraft ?? emptyDraft())
  const [tagText, setTagText] = useState(() => (initialDraft?.tags ?? []).join(', '))
  const [override, setOverride] = useState(() => (initialDraft?.priority ?? 0) !== 0)
  const [error, setError] = useState<ApiError | null>(null)
  const create = useCreateTicket()

  const setDraft = (patch: Partial<Draft>) => {
    setDraftState((d) => {
      const next = { ...d, ...patch }
      onDraftChange?.(next)
      return next
    })
  }

  const computed = computePriority(reference.matrix, draft.impact, draft.urgency)
  const effective = override && draft.priority ? draft.priority : computed
  const category = reference.categories.find((c) => c.name === draft.category)
  const group = reference.groups.find((g) => g.id === draft.groupId)
  const staff = staffRoles.has(me.user.role)
  const assignable = reference.users.filter(
    (u) => u.active && staffRoles.has(u.role) && (!group || (group.members ?? []).includes(u.id)),
  )
  const fieldError = (name: string) => error?.fields[name]

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    const tags = tagText
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean)
    const toSend: Draft = { ...draft, tags, priority: override ? draft.priority : 0, priorityReason: override ? draft.priorityReason : '' }
    try {
      const t = await create.mutateAsync(toSend)
      onCreated(t)
    } catch (err) {
      // Keep every field as typed: only the messages change.
      setError(err instanceof ApiError ? err : new ApiError('unknown', String(err)))
    }
  }

  return (
    <Dialog
      title="New ticket"
      onClose={onClose}
      width={640}
      testId="new-ticket-dialog"
      footer={
        <>
          <span className="foot-note">
            Priority <PriorityChip priority={effective} />{' '}
            <span data-testid="nt-priority-name">{PRIORITY_NAMES[effective] ?? ''}</span>
          </span>
          <button type="button" className="btn" onClick={onClose} data-testid="nt-cancel">
            Cancel
          </button>
          <button type="submit" form="new-ticket-form" className="btn btn-primary" disabled={create.isPending} data-testid="nt-submit">
            {create.isPending ? 'Creating…' : 'Create ticket'}
          </button>
        </>
      }
    >
      <form id="new-ticket-form" className="form-grid" onSubmit={submit} noValidate>
        <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
        <div className="segmented span-2" role="radiogroup" aria-label="Ticket type">
          {(['incident', 'request'] as const).map((t) => (
            <label key={t} className={draft.type === t ? 'on' : ''}>
              <input
                type="radio"
                name="nt-type"
                value={t}
                checked={draft.type === t}
                onChange={() => setDraft({ type: t })}
                data-testid={`nt-type-${t}`}
              />
              {t === 'incident' ? 'Incident' : 'Service request'}
            </label>
          ))}
        </div>
        <Field label="Title" error={fieldError('title')} className="span-2">
          <input
            value={draft.title}
            onChange={(e) => setDraft({ title: e.target.value })}
            placeholder="What is wrong, or what is needed?"
            data-testid="nt-title"
            data-autofocus
            maxLength={200}
          />
        </Field>
        <Field label="Description" error={fieldError('description')} className="span-2" hint="Markdown is supported.">
          <textarea
            value={draft.description}
            onChange={(e) => setDraft({ description: e.target.value })}
            rows={4}
            data-testid="nt-description"
          />
        </Field>
        {staff && (
          <Field label="Requester" error={fieldError('requesterId')}>
            <select value={draft.requesterId} onChange={(e) => setDraft({ requesterId: e.target.value })} data-testid="nt-requester">
              <option value="">Me ({me.user.name})</option>
              {reference.users
                .filter((u) => u.active && u.id !== me.user.id)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
            </select>
          </Field>
        )}
        <Field label="Source" error={fieldError('source')}>
          <select value={draft.source} onChange={(e) => setDraft({ source: e.target.value })} data-testid="nt-source">
            {reference.sources.map((s) => (
              <option key={s} value={s}>
                {humanize(s)}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Category" error={fieldError('category')}>
          <select
            value={draft.category}
            onChange={(e) => setDraft({ category: e.target.value, subcategory: '' })}
            data-testid="nt-category"
          >
            <option value="">—</option>
            {reference.categories.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Subcategory" error={fieldError('subcategory')}>
          <select
            value={draft.subcategory}
            onChange={(e) => setDraft({ subcategory: e.target.value })}
            disabled={!category}
            data-testid="nt-subcategory"
          >
            <option value="">—</option>
            {(category?.subcategories ?? []).map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Impact" error={fieldError('impact')}>
          <select value={draft.impact} onChange={(e) => setDraft({ impact: Number(e.target.value) })} data-testid="nt-impact">
            {LEVELS.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Urgency" error={fieldError('urgency')}>
          <select value={draft.urgency} onChange={(e) => setDraft({ urgency: Number(e.target.value) })} data-testid="nt-urgency">
            {LEVELS.map((l) => (
              <option key={l.value} value={l.value}>
                {l.label}
              </option>
            ))}
          </select>
        </Field>
        {staff && (
          <div className="span-2 override-row">
            <label className="check">
              <input
                type="checkbox"
                checked={override}
                onChange={(e) => {
                  setOverride(e.target.checked)
                  setDraft({ priority: e.target.checked ? computed || 3 : 0 })
                }}
                data-testid="nt-override"
              />
              Override the computed priority (P{computed || '–'})
            </label>
            {override && (
              <div className="override-fields">
                <Field label="Priority" error={fieldError('priority')}>
                  <select
                    value={draft.priority}
                    onChange={(e) => setDraft({ priority: Number(e.target.value) })}
                    data-testid="nt-override-priority"
                  >
                    {[1, 2, 3, 4, 5].map((p) => (
                      <option key={p} value={p}>
                        P{p} – {PRIORITY_NAMES[p]}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field label="Reason for the override" error={fieldError('priorityReason')}>
                  <input
                    value={draft.priorityReason}
                    onChange={(e) => setDraft({ priorityReason: e.target.value })}
                    data-testid="nt-override-reason"
                  />
                </Field>
              </div>
            )}
          </div>
        )}
        {staff && (
          <Field label="Assignment group" error={fieldError('groupId')}>
            <select
              value={draft.groupId}
              onChange={(e) => {
                const g = reference.groups.find((x) => x.id === e.target.value)
                const keep = g && (g.members ?? []).includes(draft.assigneeId)
                setDraft({ groupId: e.target.value, assigneeId: keep ? draft.assigneeId : '' })
              }}
              data-testid="nt-group"
            >
              <option value="">—</option>
              {reference.groups.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        {staff && (
          <Field label="Assignee" error={fieldError('assigneeId')}>
            <select value={draft.assigneeId} onChange={(e) => setDraft({ assigneeId: e.target.value })} data-testid="nt-assignee">
              <option value="">Unassigned</option>
              {assignable.map((u) => (
                <option key={u.id} value={u.id}>
                  {u.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        <Field label="Service" error={fieldError('service')}>
          <input value={draft.service} onChange={(e) => setDraft({ service: e.target.value })} data-testid="nt-service" />
        </Field>
        <Field label="Configuration item" error={fieldError('ci')}>
          <input value={draft.ci} onChange={(e) => setDraft({ ci: e.target.value })} data-testid="nt-ci" />
        </Field>
        <Field label="Tags" error={fieldError('tags')} className="span-2" hint="Separate tags with commas.">
          <input
            value={tagText}
            onChange={(e) => {
              setTagText(e.target.value)
              setDraft({ tags: e.target.value.split(',').map((t) => t.trim()).filter(Boolean) })
            }}
            data-testid="nt-tags"
          />
        </Field>
      </form>
    </Dialog>
  )
}
