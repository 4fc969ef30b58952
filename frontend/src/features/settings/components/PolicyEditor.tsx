import { useState } from 'react'
import { ApiError } from '../../../api/client'
import { useLimit, type Reference } from '../../../api/session'
import { deletePolicy, savePolicy, useSLAWrite, type Calendar, type Policy } from '../../../api/sla'
import { Field } from '../../../components/ui/Field'
import { humanize } from '../../../lib/format'
import {
  escalationErrors,
  escalationRows,
  fromEscalationRows,
  fromTargetRows,
  indexedErrors,
  policyKey,
  PRIORITIES,
  targetRows,
  UNITS,
  type EscalationRow,
  type TargetRow,
} from '../model'
import { EscalationEditor } from './EscalationEditor'
import { EditorErrorBanner } from './SplitParts'
import { WhatIfPreview } from './WhatIfPreview'

interface Props {
  policy: Policy
  calendars: Calendar[]
  reference: Reference
  canEdit: boolean
  onSaved: (p: Policy) => void
  onDeleted: () => void
}

type Step = 'edit' | 'preview'

const toggle = <T,>(list: T[], v: T, on: boolean): T[] => (on ? [...list.filter((x) => x !== v), v] : list.filter((x) => x !== v))

/**
 * PolicyEditor edits one SLA policy: what it matches, its calendar, warning share, pause
 * reasons, targets per priority and escalation levels. Saving goes through a what-if preview first, so a manager
 * sees what the change would have done to recent tickets before it applies.
 */
export function PolicyEditor({ policy, calendars, reference, canEdit, onSaved, onDeleted }: Props) {
  const [draft, setDraft] = useState<Policy>(policy)
  const [rows, setRows] = useState<TargetRow[]>(() => targetRows(policy.targets ?? []))
  const [escRows, setEscRows] = useState<EscalationRow[]>(() => escalationRows(policy.escalations ?? []))
  // The level keys as last sent to Go: its "escalations.N" names sentEsc[N].
  const [sentEsc, setSentEsc] = useState<string[]>([])
  const [services, setServices] = useState((policy.match.services ?? []).join(', '))
  const [step, setStep] = useState<Step>('edit')
  const [days, setDays] = useState(30)
  const [error, setError] = useState<ApiError | null>(null)
  const save = useSLAWrite(savePolicy)
  const remove = useSLAWrite(deletePolicy)
  const isNew = !policy.id

  const { targets, priorityAt } = fromTargetRows(rows)
  const built: Policy = {
    ...draft,
    match: {
      ...draft.match,
      services: services
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    },
    targets,
    escalations: fromEscalationRows(escRows),
  } as Policy
  const dirty = isNew || policyKey(built) !== policyKey(policy)
  const fe = (name: string) => error?.fields[name]
  const nameLimit = useLimit('policy.name')
  const targetErrors = indexedErrors(error?.fields ?? {}, 'targets', priorityAt)
  const set = (patch: Partial<Policy>) => setDraft((d) => ({ ...d, ...patch }) as Policy)
  const setMatch = (patch: Partial<Policy['match']>) => setDraft((d) => ({ ...d, match: { ...d.match, ...patch } }) as Policy)
  const setRow = (p: number, patch: Partial<TargetRow>) => setRows((rs) => rs.map((r) => (r.priority === p ? { ...r, ...patch } : r)))

  const fail = (err: unknown) => {
    setError(err instanceof ApiError ? err : new ApiError('unknown', String(err)))
    setStep('edit')
  }
  const confirm = async () => {
    setError(null)
    setSentEsc(escRows.map((r) => r.key))
    try {
      onSaved(await save.mutateAsync(built))
    } catch (err) {
      fail(err)
    }
  }

  return (
    <div className="policy-editor" data-submit-scope data-testid="policy-editor" data-policy={policy.name}>
      <header className="editor-head">
        <h3>{isNew ? 'New policy' : policy.name}</h3>
        {policy.default && <span className="chip chip-muted">Default</span>}
        <span className="spacer" />
        {!isNew && !policy.default && canEdit && (
          <button
            type="button"
            className="btn btn-small btn-ghost danger"
            disabled={remove.isPending}
            onClick={async () => {
              setError(null)
              try {
                await remove.mutateAsync(policy.id)
                onDeleted()
              } catch (err) {
                fail(err)
              }
            }}
            data-testid="policy-delete"
          >
            Delete policy
          </button>
        )}
      </header>
      <EditorErrorBanner error={error} onDismiss={() => setError(null)} />
      <fieldset className="editor-body" disabled={!canEdit || step === 'preview'}>
        <div className="form-grid">
          <Field label="Name" error={fe('name')} limit={nameLimit} value={draft.name}>
            <input value={draft.name} onChange={(e) => set({ name: e.target.value })} data-testid="policy-name" />
          </Field>
          <Field label="Calendar" error={fe('calendarId')}>
            <select value={draft.calendarId} onChange={(e) => set({ calendarId: e.target.value })} data-testid="policy-calendar">
              {!draft.calendarId && <option value="">Choose…</option>}
              {calendars.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name} {c.always ? '' : `(${c.zone})`}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Warn at (% of the target)" error={fe('warnPercent')} className="narrow">
            <input
              type="number"
              min={1}
              max={99}
              value={draft.warnPercent}
              onChange={(e) => set({ warnPercent: Number(e.target.value) })}
              data-testid="policy-warn"
            />
          </Field>
          {!draft.default && (
            <label className="check">
              <input type="checkbox" checked={draft.active} onChange={(e) => set({ active: e.target.checked })} data-testid="policy-active" />
              Active
            </label>
          )}
        </div>

        {!draft.default && (
          <div className="editor-group" role="group" aria-label="Tickets it applies to">
            <h4>Applies to</h4>
            <p className="muted small">Leave a list empty to match anything. The first matching policy wins.</p>
            <div className="match-grid">
              <div className="match-item">
                <span className="match-label">Types</span>
                {(['incident', 'request'] as const).map((t) => (
                  <label key={t} className="check">
                    <input
                      type="checkbox"
                      checked={(draft.match.types ?? []).includes(t)}
                      onChange={(e) => setMatch({ types: toggle(draft.match.types ?? [], t, e.target.checked) })}
                      data-testid={`policy-type-${t}`}
                    />
                    {humanize(t)}s
                  </label>
                ))}
                {fe('match.types') && <div className="field-error">{fe('match.types')}</div>}
              </div>
              <div className="match-item">
                <span className="match-label">Priorities</span>
                <div className="pri-toggles">
                  {PRIORITIES.map((p) => {
                    const on = (draft.match.priorities ?? []).includes(p)
                    return (
                      <button
                        key={p}
                        type="button"
                        className={`chip chip-toggle chip-p${p}${on ? ' on' : ''}`}
                        aria-pressed={on}
                        onClick={() => setMatch({ priorities: toggle(draft.match.priorities ?? [], p, !on).sort() })}
                        data-testid={`policy-priority-${p}`}
                      >
                        P{p}
                      </button>
                    )
                  })}
                </div>
              </div>
              <div className="match-item">
                <span className="match-label">Categories</span>
                <div className="check-list">
                  {reference.categories.map((c) => (
                    <label key={c.name} className="check">
                      <input
                        type="checkbox"
                        checked={(draft.match.categories ?? []).includes(c.name)}
                        onChange={(e) => setMatch({ categories: toggle(draft.match.categories ?? [], c.name, e.target.checked) })}
                      />
                      {c.name}
                    </label>
                  ))}
                </div>
              </div>
              <div className="match-item">
                <span className="match-label">Assignment groups</span>
                <div className="check-list">
                  {reference.groups.map((g) => (
                    <label key={g.id} className="check">
                      <input
                        type="checkbox"
                        checked={(draft.match.groups ?? []).includes(g.id)}
                        onChange={(e) => setMatch({ groups: toggle(draft.match.groups ?? [], g.id, e.target.checked) })}
                      />
                      {g.name}
                    </label>
                  ))}
                </div>
              </div>
              <div className="match-item span-2">
                <Field label="Services (comma separated)" error={fe('match.services')}>
                  <input value={services} onChange={(e) => setServices(e.target.value)} data-testid="policy-services" />
                </Field>
              </div>
            </div>
          </div>
        )}

        <div className="editor-group" role="group" aria-label="Targets">
          <h4>Targets by priority</h4>
          {fe('targets') && <div className="field-error">{fe('targets')}</div>}
          <table className="data-table targets-table" data-testid="policy-targets">
            <thead>
              <tr>
                <th>Priority</th>
                <th>Respond within</th>
                <th>Resolve within</th>
                <th>Business time</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.priority} data-testid={`target-row-${r.priority}`} className={r.on ? '' : 'off'}>
                  <td>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={r.on}
                        aria-label={`Set targets for P${r.priority}`}
                        onChange={(e) => setRow(r.priority, { on: e.target.checked })}
                        data-testid={`target-on-${r.priority}`}
                      />
                      P{r.priority}
                    </label>
                  </td>
                  <td>
                    <Duration
                      label={`P${r.priority} response`}
                      value={r.response}
                      unit={r.responseUnit}
                      disabled={!r.on}
                      error={!!targetErrors[r.priority]}
                      onChange={(value, unit) => setRow(r.priority, { response: value, responseUnit: unit })}
                      testId={`target-response-${r.priority}`}
                    />
                  </td>
                  <td>
                    <Duration
                      label={`P${r.priority} resolution`}
                      value={r.resolution}
                      unit={r.resolutionUnit}
                      disabled={!r.on}
                      error={!!targetErrors[r.priority]}
                      onChange={(value, unit) => setRow(r.priority, { resolution: value, resolutionUnit: unit })}
                      testId={`target-resolution-${r.priority}`}
                    />
                  </td>
                  <td>
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={r.business}
                        disabled={!r.on}
                        onChange={(e) => setRow(r.priority, { business: e.target.checked })}
                        data-testid={`target-business-${r.priority}`}
                      />
                      {r.business ? 'Calendar hours' : '24×7'}
                    </label>
                    {targetErrors[r.priority] && <div className="field-error">{targetErrors[r.priority]}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>

        <div className="editor-group" role="group" aria-label="Pause">
          <h4>Pause the clock on hold for</h4>
          <div className="check-row">
            {reference.holdReasons.map((r) => (
              <label key={r} className="check">
                <input
                  type="checkbox"
                  checked={(draft.pauseReasons ?? []).includes(r)}
                  onChange={(e) => set({ pauseReasons: toggle(draft.pauseReasons ?? [], r, e.target.checked) })}
                />
                {humanize(r)}
              </label>
            ))}
          </div>
          <p className="muted small">
            {(draft.pauseReasons ?? []).length ? 'Other hold reasons keep the clock running.' : 'None ticked: every hold reason pauses.'}
          </p>
          {fe('pauseReasons') && <div className="field-error">{fe('pauseReasons')}</div>}
        </div>

        <EscalationEditor rows={escRows} onChange={setEscRows} groups={reference.groups} errors={escalationErrors(error?.fields ?? {}, sentEsc)} />
      </fieldset>

      {canEdit &&
        (step === 'edit' ? (
          <div className="row-start editor-foot">
            <button
              type="button"
              className="btn btn-primary"
              disabled={!dirty}
              onClick={() => {
                setError(null)
                setStep('preview')
              }}
              data-testid="policy-review"
              data-submit
            >
              Preview and save…
            </button>
            {!dirty && <span className="muted small">No changes.</span>}
          </div>
        ) : (
          <WhatIfPreview request={{ days, policy: built }} onDays={setDays}>
            <div className="row-start editor-foot">
              <button type="button" className="btn btn-primary" disabled={save.isPending} onClick={() => void confirm()} data-testid="policy-save" data-submit>
                Save policy
              </button>
              <button type="button" className="btn" onClick={() => setStep('edit')} data-testid="policy-back">
                Back to editing
              </button>
            </div>
          </WhatIfPreview>
        ))}
    </div>
  )
}

function Duration(props: {
  label: string
  value: string
  unit: string
  disabled: boolean
  error: boolean
  onChange: (value: string, unit: TargetRow['responseUnit']) => void
  testId: string
}) {
  return (
    <span className="duration">
      <input
        type="number"
        min={1}
        aria-label={`${props.label} amount`}
        value={props.value}
        disabled={props.disabled}
        aria-invalid={props.error || undefined}
        onChange={(e) => props.onChange(e.target.value, props.unit as TargetRow['responseUnit'])}
        data-testid={props.testId}
      />
      <select
        aria-label={`${props.label} unit`}
        value={props.unit}
        disabled={props.disabled}
        onChange={(e) => props.onChange(props.value, e.target.value as TargetRow['responseUnit'])}
        data-testid={`${props.testId}-unit`}
      >
        {UNITS.map((u) => (
          <option key={u} value={u}>
            {u}
          </option>
        ))}
      </select>
    </span>
  )
}
