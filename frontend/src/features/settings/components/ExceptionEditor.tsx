import { useLimit } from '../../../api/session'
import { CharCount } from '../../../components/ui/CharCount'
import { exceptionEdits as edit, type ExceptionRow } from '../model'

interface Props {
  rows: ExceptionRow[]
  onChange: (rows: ExceptionRow[]) => void
  /** Go's message per row key ("exceptions.N" mapped through the keys last sent). */
  errors: Record<string, string>
  /** Go's message for the list as a whole ("exceptions"), if any. */
  listError?: string
}

/**
 * ExceptionEditor edits a calendar's date exceptions: one date's own working hours, which win
 * over the weekly hours and holidays, or none at all. It looks like the holiday list above it;
 * each date's hours sit under its name. The parent fieldset disables it during the preview.
 */
export function ExceptionEditor({ rows, onChange, errors, listError }: Props) {
  const nameLimit = useLimit('calendar.exception')
  return (
    <div className="editor-group" role="group" aria-label="Date exceptions" data-testid="calendar-exceptions">
      <h4>Date exceptions</h4>
      <p className="muted small">
        Special hours for one date YYYY-MM-DD, e.g. a short day or a working Saturday. They replace that day's hours and its holiday; no
        hours means closed.
      </p>
      {listError && <div className="field-error">{listError}</div>}
      <ul className="holiday-list exception-list">
        {rows.map((r) => {
          const err = errors[r.key]
          const label = r.name || r.date || 'new exception'
          return (
            <li key={r.key} className="holiday exception" data-testid="exception-row">
              <input
                aria-label="Exception date"
                placeholder="YYYY-MM-DD"
                value={r.date}
                aria-invalid={err ? true : undefined}
                onChange={(e) => onChange(edit.set(rows, r.key, { date: e.target.value }))}
                data-testid="exception-date"
              />
              <input
                aria-label="Exception name"
                placeholder="Name"
                value={r.name}
                onChange={(e) => onChange(edit.set(rows, r.key, { name: e.target.value }))}
                data-testid="exception-name"
              />
              <CharCount value={r.name} limit={nameLimit} />
              <button type="button" className="icon-btn" aria-label={`Remove exception ${label}`} onClick={() => onChange(edit.remove(rows, r.key))} data-testid="exception-remove">
                ×
              </button>
              <div className="intervals exception-hours">
                {r.hours.length === 0 && (
                  <span className="muted small" data-testid="exception-closed">
                    Closed all day
                  </span>
                )}
                {r.hours.map((h) => (
                  <span key={h.key} className="interval" data-testid="exception-span">
                    <input
                      type="time"
                      aria-label={`${label} start`}
                      value={h.start}
                      aria-invalid={err ? true : undefined}
                      onChange={(e) => onChange(edit.setHours(rows, r.key, h.key, { start: e.target.value }))}
                      data-testid="exception-start"
                    />
                    –
                    <input
                      type="time"
                      aria-label={`${label} end`}
                      value={h.end}
                      aria-invalid={err ? true : undefined}
                      onChange={(e) => onChange(edit.setHours(rows, r.key, h.key, { end: e.target.value }))}
                      data-testid="exception-end"
                    />
                    <button
                      type="button"
                      className="icon-btn"
                      aria-label={`Remove ${label} ${h.start}–${h.end}`}
                      onClick={() => onChange(edit.removeHours(rows, r.key, h.key))}
                      data-testid="exception-span-remove"
                    >
                      ×
                    </button>
                  </span>
                ))}
                <button type="button" className="btn btn-small btn-ghost" onClick={() => onChange(edit.addHours(rows, r.key))} data-testid="exception-hours-add">
                  + Hours
                </button>
              </div>
              {err && <span className="field-error">{err}</span>}
            </li>
          )
        })}
      </ul>
      <button type="button" className="btn btn-small" onClick={() => onChange(edit.add(rows))} data-testid="exception-add">
        Add exception
      </button>
    </div>
  )
}
