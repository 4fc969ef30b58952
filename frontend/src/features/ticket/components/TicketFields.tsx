import { useEffect, useState, type ReactNode } from 'react'
import { ApiError } from '../../../api/client'
import type { Reference } from '../../../api/session'
import { updateTicket, useTicketWrite, type Detail, type Patch } from '../../../api/tickets'
import { ErrorBanner } from '../../../components/ui/Banner'
import { CharCount } from '../../../components/ui/CharCount'
import { RefPicker, searchList } from '../../../components/ui/RefPicker'
import { searchCIs } from '../../../api/assets'
import {
  assigneeAfterGroupChange,
  assignableUsers,
  CategoryOptions,
  LevelOptions,
  NamedOptions,
  SourceOptions,
  SubcategoryOptions,
} from '../../../components/ui/TicketOptions'
import { PRIORITY_NAMES } from '../../../lib/priority'
import { isSubmitKey } from '../../../lib/submitKey'

interface Props {
  detail: Detail
  reference: Reference
  editable: boolean
}

/** Unlinked shows text a ticket named its service or CI by that matched no record (kept when
 * they became references), which staff may clear once they have linked the record. */
function Unlinked({ text, canClear, onClear, testId }: { text: string; canClear: boolean; onClear: () => void; testId: string }) {
  if (!text) return null
  return (
    <div className="muted unlinked" data-testid={testId}>
      unlinked: {text}
      {canClear && (
        <button type="button" className="btn btn-small btn-ghost" aria-label={`Clear the unlinked text ${text}`} onClick={onClear}>
          ×
        </button>
      )}
    </div>
  )
}

/** TicketFields edits a ticket's fields in place; each change is one Patch to Go. */
export function TicketFields({ detail, reference, editable }: Props) {
  const t = detail.ticket
  const [error, setError] = useState<ApiError | null>(null)
  const write = useTicketWrite(t.id, (p: Patch) => updateTicket(t.id, p))

  const save = async (p: Patch): Promise<boolean> => {
    setError(null)
    try {
      await write.mutateAsync(p)
      return true
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('unknown', String(err)))
      return false
    }
  }
  const fe = (name: string) => error?.fields[name]
  // Which fields the signed-in user may set comes from Go (detail.allowed): no rule is copied.
  const can = (field: string) => editable && (detail.allowed?.edit ?? []).includes(field)
  const limit = (name: string) => reference.limits?.[`ticket.${name}`]

  const category = reference.categories.find((c) => c.name === t.category)
  const assignable = assignableUsers(reference, t.groupId)
  const overridden = t.priority !== detail.computedPriority

  return (
    <section className="fields" aria-label="Fields">
      <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
      <dl className="field-list">
        <Row label="Requester" error={fe('requesterId')}>
          <select
            aria-label="Requester"
            value={t.requesterId}
            disabled={!can('requesterId')}
            onChange={(e) => void save({ requesterId: e.target.value })}
            data-testid="field-requester"
          >
            <NamedOptions items={reference.users.filter((u) => u.active || u.id === t.requesterId)} />
          </select>
        </Row>
        <Row label="Category" error={fe('category')}>
          <select
            aria-label="Category"
            value={t.category}
            disabled={!can('category')}
            onChange={(e) => void save({ category: e.target.value, subcategory: '' })}
            data-testid="field-category"
          >
            <option value="">—</option>
            {!category && t.category && <option value={t.category}>{t.category}</option>}
            <CategoryOptions categories={reference.categories} />
          </select>
        </Row>
        <Row label="Subcategory" error={fe('subcategory')}>
          <select
            aria-label="Subcategory"
            value={t.subcategory}
            disabled={!can('subcategory') || !category}
            onChange={(e) => void save({ subcategory: e.target.value })}
            data-testid="field-subcategory"
          >
            <option value="">—</option>
            {t.subcategory && !(category?.subcategories ?? []).includes(t.subcategory) && (
              <option value={t.subcategory}>{t.subcategory}</option>
            )}
            <SubcategoryOptions category={category} />
          </select>
        </Row>
        <Row label="Service" error={fe('serviceId') ?? fe('service')}>
          <RefPicker
            label="Service"
            value={t.serviceId ?? ''}
            valueLabel={detail.labels?.service ?? ''}
            search={searchList((reference.serviceRefs ?? []).map((sv) => ({ id: sv.id, label: sv.name })))}
            onPick={(id) => void save({ serviceId: id })}
            disabled={!can('serviceId')}
            testId="field-service"
            placeholder={can('serviceId') ? 'Search services…' : '—'}
          />
          <Unlinked text={t.service} canClear={can('service')} onClear={() => void save({ service: '' })} testId="field-service-unlinked" />
        </Row>
        <Row label="Config item" error={fe('ciId') ?? fe('ci')}>
          <RefPicker
            label="Configuration item"
            value={t.ciId ?? ''}
            valueLabel={detail.labels?.ci ?? ''}
            search={searchCIs}
            onPick={(id) => void save({ ciId: id })}
            disabled={!can('ciId')}
            testId="field-ci"
            placeholder={can('ciId') ? 'Search CIs by tag or name…' : '—'}
          />
          <Unlinked text={t.ci} canClear={can('ci')} onClear={() => void save({ ci: '' })} testId="field-ci-unlinked" />
        </Row>
        <Row label="Impact" error={fe('impact')}>
          <select
            aria-label="Impact"
            value={t.impact}
            disabled={!can('impact')}
            onChange={(e) => void save({ impact: Number(e.target.value) })}
            data-testid="field-impact"
          >
            <LevelOptions />
          </select>
        </Row>
        <Row label="Urgency" error={fe('urgency')}>
          <select
            aria-label="Urgency"
            value={t.urgency}
            disabled={!can('urgency')}
            onChange={(e) => void save({ urgency: Number(e.target.value) })}
            data-testid="field-urgency"
          >
            <LevelOptions />
          </select>
        </Row>
        <Row label="Priority" error={fe('priority') ?? fe('priorityReason')}>
          <PriorityEdit
            key={`${t.priority}-${t.priorityOverrideReason}`}
            priority={t.priority}
            computed={detail.computedPriority}
            reason={t.priorityOverrideReason}
            overridden={overridden}
            editable={can('priority')}
            limit={limit('priorityReason')}
            onSave={(priority, reason) => save({ priority, priorityReason: reason })}
          />
        </Row>
        <Row label="Group" error={fe('groupId')}>
          <select
            aria-label="Assignment group"
            value={t.groupId ?? ''}
            disabled={!can('groupId')}
            onChange={(e) =>
              void save({ groupId: e.target.value, assigneeId: assigneeAfterGroupChange(reference, e.target.value, t.assigneeId) })
            }
            data-testid="field-group"
          >
            <option value="">—</option>
            <NamedOptions items={reference.groups} />
          </select>
        </Row>
        <Row label="Assignee" error={fe('assigneeId')}>
          <select
            aria-label="Assignee"
            value={t.assigneeId ?? ''}
            disabled={!can('assigneeId')}
            onChange={(e) => void save({ assigneeId: e.target.value })}
            data-testid="field-assignee"
          >
            <option value="">Unassigned</option>
            <NamedOptions items={assignable} />
          </select>
        </Row>
        <Row label="Source" error={fe('source')}>
          <select
            aria-label="Source"
            value={t.source}
            disabled={!can('source')}
            onChange={(e) => void save({ source: e.target.value })}
            data-testid="field-source"
          >
            <SourceOptions sources={reference.sources} />
          </select>
        </Row>
        <Row label="Tags" error={fe('tags')}>
          <TextEdit
            label="Tags"
            value={detail.tags.join(', ')}
            editable={can('tags')}
            placeholder="Add tags, comma separated"
            onSave={(v) =>
              save({
                tags: v
                  .split(',')
                  .map((x) => x.trim())
                  .filter(Boolean),
              })
            }
            testId="field-tags"
          />
        </Row>
      </dl>
    </section>
  )
}

function Row({ label, error, children }: { label: string; error?: string; children: ReactNode }) {
  return (
    <div className={`field-row${error ? ' has-error' : ''}`}>
      <dt>{label}</dt>
      <dd>
        {children}
        {error && (
          <div className="field-error" role="alert">
            {error}
          </div>
        )}
      </dd>
    </div>
  )
}

interface TextEditProps {
  label: string
  value: string
  editable: boolean
  onSave: (v: string) => Promise<boolean>
  testId: string
  placeholder?: string
  multiline?: boolean
  /** The most characters Go accepts: a counter shows as the text nears it. */
  limit?: number
}

/**
 * TextEdit is a text field saved on Enter or when it loses focus; Escape puts it back. What
 * Go refuses stays as typed, for the person to fix.
 */
export function TextEdit({ label, value, editable, onSave, testId, placeholder, multiline, limit }: TextEditProps) {
  const [text, setText] = useState(value)
  useEffect(() => setText(value), [value])
  const commit = async () => {
    if (text === value) return
    await onSave(text)
  }
  const common = {
    'aria-label': label,
    value: text,
    placeholder: placeholder ?? '—',
    readOnly: !editable,
    'data-testid': testId,
    onBlur: () => void commit(),
  }
  const count = editable && <CharCount value={text} limit={limit} />
  if (multiline) {
    return (
      <>
        <textarea
          {...common}
          className="inline-input"
          rows={5}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // Not a form: it saves itself, on the same key as every form (lib/submitKey).
            if (isSubmitKey(e)) void commit()
            if (e.key === 'Escape') setText(value)
          }}
        />
        {count}
      </>
    )
  }
  return (
    <>
      <input
        {...common}
        className="inline-input"
        onChange={(e) => setText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') void commit()
          if (e.key === 'Escape') {
            setText(value)
            e.currentTarget.blur()
          }
        }}
      />
      {count}
    </>
  )
}

interface PriorityEditProps {
  priority: number
  computed: number
  reason: string
  overridden: boolean
  editable: boolean
  onSave: (priority: number, reason: string) => Promise<boolean>
  limit?: number
}

/** PriorityEdit shows the matrix priority or an override, which needs a reason. */
function PriorityEdit({ priority, computed, reason, overridden, editable, onSave, limit }: PriorityEditProps) {
  const [value, setValue] = useState(overridden ? priority : 0)
  const [why, setWhy] = useState(reason)
  const dirty = value !== (overridden ? priority : 0) || (value !== 0 && why !== reason)
  if (!editable) {
    // No override control for whom Go would refuse it: the priority as text.
    return (
      <div className="priority-edit" data-testid="field-priority-text">
        P{priority} {PRIORITY_NAMES[priority] ?? ''}
        {overridden && reason && <span className="muted"> · {reason}</span>}
      </div>
    )
  }
  return (
    <div className="priority-edit" data-submit-scope>
      <select
        aria-label="Priority"
        value={value}
        disabled={!editable}
        onChange={(e) => setValue(Number(e.target.value))}
        data-testid="field-priority"
      >
        <option value={0}>
          From matrix: P{computed} {PRIORITY_NAMES[computed] ?? ''}
        </option>
        {[1, 2, 3, 4, 5].map((p) => (
          <option key={p} value={p}>
            Override: P{p} {PRIORITY_NAMES[p]}
          </option>
        ))}
      </select>
      {value !== 0 && value !== computed && (
        <input
          className="inline-input"
          aria-label="Reason for the priority override"
          placeholder="Reason for the override (required)"
          value={why}
          readOnly={!editable}
          onChange={(e) => setWhy(e.target.value)}
          data-testid="field-priority-reason"
        />
      )}
      {value !== 0 && value !== computed && editable && <CharCount value={why} limit={limit} />}
      {dirty && editable && (
        <button type="button" className="btn btn-small" onClick={() => void onSave(value, value ? why : '')} data-testid="field-priority-save" data-submit>
          Save priority
        </button>
      )}
    </div>
  )
}
