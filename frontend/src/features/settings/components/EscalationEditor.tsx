import { useLimit, type Reference } from '../../../api/session'
import { CharCount } from '../../../components/ui/CharCount'
import { Field } from '../../../components/ui/Field'
import { ACTION_KINDS, escalationEdits as edit, type ActionKind, type EscalationErrors, type EscalationKind, type EscalationRow } from '../model'

interface Props {
  rows: EscalationRow[]
  onChange: (rows: EscalationRow[]) => void
  groups: Reference['groups']
  errors: EscalationErrors
}

const TARGET_KINDS: { kind: EscalationKind; label: string }[] = [
  { kind: '', label: 'either target' },
  { kind: 'response', label: 'the response target' },
  { kind: 'resolution', label: 'the resolution target' },
]

/**
 * EscalationEditor edits a policy's escalation levels: at what share of which target each
 * fires, and what it does. Go's messages for a level ("escalations.N") sit under that level,
 * and ones naming an action beside the action. The parent fieldset disables it all while the
 * what-if preview is open.
 */
export function EscalationEditor({ rows, onChange, groups, errors }: Props) {
  const firstGroup = groups[0]?.id ?? ''
  const noteLimit = useLimit('escalation.note')
  return (
    <div className="editor-group" role="group" aria-label="Escalations" data-testid="esc-editor">
      <h4>Escalations</h4>
      <p className="muted small">Each level fires once per clock when it reaches its share of the target (100% is the breach).</p>
      {errors.list && <div className="field-error">{errors.list}</div>}
      {rows.length === 0 && <p className="muted small">No escalations: a breach is only shown, nobody is told.</p>}
      <ol className="esc-levels">
        {rows.map((r, i) => (
          <li key={r.key} className={`esc-level${errors.levels[r.key] ? ' has-error' : ''}`} data-testid="esc-level" data-index={i}>
            <div className="esc-level-head">
              <Field label="At (% of the target)" className="narrow" error={errors.levels[r.key]}>
                <input
                  type="number"
                  min={1}
                  max={1000}
                  value={r.percent}
                  onChange={(e) => onChange(edit.setLevel(rows, i, { percent: e.target.value }))}
                  data-testid="esc-percent"
                />
              </Field>
              <Field label="Of">
                <select
                  value={r.kind}
                  onChange={(e) => onChange(edit.setLevel(rows, i, { kind: e.target.value as EscalationKind }))}
                  data-testid="esc-kind"
                >
                  {TARGET_KINDS.map((k) => (
                    <option key={k.kind} value={k.kind}>
                      {k.label}
                    </option>
                  ))}
                </select>
              </Field>
              <span className="spacer" />
              <button
                type="button"
                className="btn btn-small btn-ghost danger"
                aria-label={`Remove the level at ${r.percent}%`}
                onClick={() => onChange(edit.removeLevel(rows, i))}
                data-testid="esc-remove"
              >
                Remove level
              </button>
            </div>
            <ul className="esc-actions">
              {r.actions.map((a, k) => {
                const err = errors.actions[`${r.key}.${k}`]
                return (
                  <li key={k} className="esc-action" data-testid="esc-action" data-kind={a.kind}>
                    <select
                      aria-label={`Level ${i + 1} action ${k + 1}`}
                      value={a.kind}
                      aria-invalid={err ? true : undefined}
                      onChange={(e) => onChange(edit.setAction(rows, i, k, { kind: e.target.value as ActionKind }, firstGroup))}
                      data-testid="esc-action-kind"
                    >
                      {ACTION_KINDS.map((x) => (
                        <option key={x.kind} value={x.kind}>
                          {x.label}
                        </option>
                      ))}
                    </select>
                    {a.kind === 'reassign' && (
                      <select
                        aria-label={`Level ${i + 1} action ${k + 1} group`}
                        value={a.groupId}
                        aria-invalid={(err || errors.levels[r.key]) && !a.groupId ? true : undefined}
                        onChange={(e) => onChange(edit.setAction(rows, i, k, { groupId: e.target.value }))}
                        data-testid="esc-action-group"
                      >
                        {!a.groupId && <option value="">Choose a group…</option>}
                        {groups.map((g) => (
                          <option key={g.id} value={g.id}>
                            {g.name}
                          </option>
                        ))}
                      </select>
                    )}
                    {a.kind === 'work_note' && (
                      <input
                        aria-label={`Level ${i + 1} action ${k + 1} note`}
                        placeholder="Note text (empty: say what happened)"
                        value={a.note}
                        onChange={(e) => onChange(edit.setAction(rows, i, k, { note: e.target.value }))}
                        data-testid="esc-action-note"
                      />
                    )}
                    {a.kind === 'work_note' && <CharCount value={a.note} limit={noteLimit} />}
                    <button
                      type="button"
                      className="icon-btn"
                      aria-label={`Remove action ${k + 1} of level ${i + 1}`}
                      onClick={() => onChange(edit.removeAction(rows, i, k))}
                      data-testid="esc-action-remove"
                    >
                      ×
                    </button>
                    {err && <div className="field-error">{err}</div>}
                  </li>
                )
              })}
            </ul>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => onChange(edit.addAction(rows, i))}
              data-testid="esc-action-add"
            >
              Add action
            </button>
          </li>
        ))}
      </ol>
      <button type="button" className="btn btn-small" onClick={() => onChange(edit.addLevel(rows))} data-testid="esc-add">
        Add level
      </button>
    </div>
  )
}
