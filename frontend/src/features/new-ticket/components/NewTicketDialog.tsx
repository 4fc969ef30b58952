import { useState, type FormEvent } from 'react'
import { ApiError } from '../../../api/client'
import { kbApi } from '../../../api/knowledge'
import type { Me, Reference } from '../../../api/session'
import { useCreateTicket, type Draft, type Ticket } from '../../../api/tickets'
import { useTicketTemplates, type TicketTemplate } from '../../../api/templates'
import { ErrorBanner } from '../../../components/ui/Banner'
import { PriorityChip } from '../../../components/ui/Chip'
import { Dialog } from '../../../components/ui/Dialog'
import { Field } from '../../../components/ui/Field'
import { RefPicker, searchList } from '../../../components/ui/RefPicker'
import { searchCIs } from '../../../api/assets'
import {
  assigneeAfterGroupChange,
  assignableUsers,
  CategoryOptions,
  isStaff,
  LevelOptions,
  NamedOptions,
  SourceOptions,
  SubcategoryOptions,
} from '../../../components/ui/TicketOptions'
import { computePriority, PRIORITY_NAMES } from '../../../lib/priority'
import { FIELD_LABELS, fillDraft, overwritten, templateFields } from '../template'
import { Suggestions } from './Suggestions'
import { emptyDraft } from '../draft'

export { emptyDraft }

interface Props {
  reference: Reference
  me: Me
  initialDraft?: Draft
  /** Called on every edit, so a closed and reopened dialog still has what was typed. */
  onDraftChange?: (d: Draft) => void
  onCreated: (t: Ticket) => void
  onClose: () => void
  /** The department desk on screen: its categories and the shared ones are offered ('' all). */
  departmentId?: string
}

/** NewTicketDialog logs an incident or request; the priority follows impact × urgency live. */
export function NewTicketDialog({ reference, me, initialDraft, onDraftChange, onCreated, onClose, departmentId = '' }: Props) {
  const [draft, setDraftState] = useState<Draft>(() => initialDraft ?? emptyDraft())
  const [tagText, setTagText] = useState(() => (initialDraft?.tags ?? []).join(', '))
  const [override, setOverride] = useState(() => (initialDraft?.priority ?? 0) !== 0)
  const serviceOptions = (reference.serviceRefs ?? []).map((sv) => ({ id: sv.id, label: sv.name }))
  const [serviceLabel, setServiceLabel] = useState(() => serviceOptions.find((o) => o.id === initialDraft?.serviceId)?.label ?? '')
  const [ciLabel, setCILabel] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  /** Articles opened from the suggestions: closing the dialog after reading one is a deflection. */
  const [read, setRead] = useState<string[]>([])
  const create = useCreateTicket()
  const abandon = () => {
    if (read.length > 0) void kbApi.deflected(read).catch(() => {})
    onClose()
  }

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
  const staff = isStaff(me.user.role)
  const assignable = assignableUsers(reference, draft.groupId)
  const fieldError = (name: string) => error?.fields[name]
  const limit = (name: string) => reference.limits?.[`ticket.${name}`]

  // A ticket template fills the form; what the person already set is replaced only if they
  // say so (asking names those fields), and every filled field stays editable.
  const templates = useTicketTemplates(false, staff)
  const [templateId, setTemplateId] = useState('')
  const [asking, setAsking] = useState<{ t: TicketTemplate; fields: (keyof typeof FIELD_LABELS)[] } | null>(null)
  const fill = (t: TicketTemplate, keepSet: boolean) => {
    const blank = emptyDraft()
    const next = fillDraft(draft, templateFields(t), blank, keepSet)
    setDraft({ ...next, assigneeId: assigneeAfterGroupChange(reference, next.groupId, draft.assigneeId) })
    setTemplateId(t.id)
    setAsking(null)
  }
  const pickTemplate = (id: string) => {
    const t = templates.data?.find((x) => x.id === id)
    if (!t) return
    const fields = overwritten(draft, templateFields(t), emptyDraft())
    if (fields.length > 0) setAsking({ t, fields })
    else fill(t, false)
  }

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
      onClose={abandon}
      width={640}
      testId="new-ticket-dialog"
      footer={
        <>
          <span className="foot-note">
            Priority <PriorityChip priority={effective} />{' '}
            <span data-testid="nt-priority-name">{PRIORITY_NAMES[effective] ?? ''}</span>
          </span>
          <button type="button" className="btn" onClick={abandon} data-testid="nt-cancel">
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
        {staff && (templates.data?.length ?? 0) > 0 && (
          <Field label="Template" className="span-2" hint="Fills the form; every field stays editable.">
            <select value={asking?.t.id ?? templateId} onChange={(e) => pickTemplate(e.target.value)} data-testid="nt-template">
              <option value="">No template</option>
              {templates.data?.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </Field>
        )}
        {asking && (
          <div className="span-2 template-ask" role="alert" data-testid="nt-template-ask">
            <p>
              “{asking.t.name}” would replace what you set in {asking.fields.map((f) => FIELD_LABELS[f]).join(', ')}.
            </p>
            <div className="template-ask-actions">
              <button type="button" className="btn btn-small" onClick={() => fill(asking.t, true)} data-testid="nt-template-keep">
                Keep mine, fill the rest
              </button>
              <button type="button" className="btn btn-small btn-danger" onClick={() => fill(asking.t, false)} data-testid="nt-template-replace">
                Replace
              </button>
              <button type="button" className="btn btn-small btn-ghost" onClick={() => setAsking(null)} data-testid="nt-template-cancel">
                Cancel
              </button>
            </div>
          </div>
        )}
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
        <Field label="Title" error={fieldError('title')} className="span-2" limit={limit('title')} value={draft.title}>
          <input
            value={draft.title}
            onChange={(e) => setDraft({ title: e.target.value })}
            placeholder="What is wrong, or what is needed?"
            data-testid="nt-title"
            data-autofocus
          />
        </Field>
        <Field
          label="Description"
          error={fieldError('description')}
          className="span-2"
          hint="Markdown is supported."
          limit={limit('description')}
          value={draft.description}
        >
          <textarea
            value={draft.description}
            onChange={(e) => setDraft({ description: e.target.value })}
            rows={4}
            data-testid="nt-description"
          />
        </Field>
        <Suggestions text={`${draft.title}\n${draft.description}`} onOpened={(id) => setRead((r) => [...r.filter((x) => x !== id), id])} />
        {staff && (
          <Field label="Requester" error={fieldError('requesterId')}>
            <select value={draft.requesterId} onChange={(e) => setDraft({ requesterId: e.target.value })} data-testid="nt-requester">
              <option value="">Me ({me.user.name})</option>
              <NamedOptions items={reference.users.filter((u) => u.active && u.id !== me.user.id)} />
            </select>
          </Field>
        )}
        <Field label="Source" error={fieldError('source')}>
          <select value={draft.source} onChange={(e) => setDraft({ source: e.target.value })} data-testid="nt-source">
            <SourceOptions sources={reference.sources} />
          </select>
        </Field>
        <Field label="Category" error={fieldError('category')}>
          <select
            value={draft.category}
            onChange={(e) => setDraft({ category: e.target.value, subcategory: '' })}
            data-testid="nt-category"
          >
            <option value="">—</option>
            <CategoryOptions
              categories={reference.categories.filter((c) => !departmentId || !c.departmentId || c.departmentId === departmentId || c.name === draft.category)}
            />
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
            <SubcategoryOptions category={category} />
          </select>
        </Field>
        <Field label="Impact" error={fieldError('impact')}>
          <select value={draft.impact} onChange={(e) => setDraft({ impact: Number(e.target.value) })} data-testid="nt-impact">
            <LevelOptions />
          </select>
        </Field>
        <Field label="Urgency" error={fieldError('urgency')}>
          <select value={draft.urgency} onChange={(e) => setDraft({ urgency: Number(e.target.value) })} data-testid="nt-urgency">
            <LevelOptions />
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
                <Field
                  label="Reason for the override"
                  error={fieldError('priorityReason')}
                  limit={limit('priorityReason')}
                  value={draft.priorityReason}
                >
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
              onChange={(e) =>
                setDraft({ groupId: e.target.value, assigneeId: assigneeAfterGroupChange(reference, e.target.value, draft.assigneeId) })
              }
              data-testid="nt-group"
            >
              <option value="">—</option>
              <NamedOptions items={reference.groups} />
            </select>
          </Field>
        )}
        {staff && (
          <Field label="Assignee" error={fieldError('assigneeId')}>
            <select value={draft.assigneeId} onChange={(e) => setDraft({ assigneeId: e.target.value })} data-testid="nt-assignee">
              <option value="">Unassigned</option>
              <NamedOptions items={assignable} />
            </select>
          </Field>
        )}
        <Field
          label="Service"
          error={fieldError('serviceId') ?? fieldError('service')}
          hint={draft.service && !draft.serviceId ? <span className="unlinked">unlinked: {draft.service}</span> : undefined}
        >
          <RefPicker
            label="Service"
            value={draft.serviceId}
            valueLabel={serviceLabel}
            search={searchList(serviceOptions)}
            onPick={(id, name) => {
              setServiceLabel(name)
              setDraft({ serviceId: id, service: '' })
            }}
            testId="nt-service"
          />
        </Field>
        <Field
          label="Configuration item"
          error={fieldError('ciId') ?? fieldError('ci')}
          hint={draft.ci && !draft.ciId ? <span className="unlinked">unlinked: {draft.ci}</span> : undefined}
        >
          <RefPicker
            label="Configuration item"
            value={draft.ciId}
            valueLabel={ciLabel}
            search={searchCIs}
            onPick={(id, name) => {
              setCILabel(name)
              setDraft({ ciId: id, ci: '' })
            }}
            testId="nt-ci"
          />
        </Field>
        <Field
          label="Tags"
          error={fieldError('tags')}
          className="span-2"
          hint={`Separate tags with commas; a tag has at most ${limit('tags') ?? 50} characters.`}
        >
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
