import { useMemo, useRef, useState } from 'react'
import { ApiError } from '../../../api/client'
import { deleteCalendar, saveCalendar, useCalendars, usePolicies, useSLAWrite, type Calendar, type Holiday, type Interval } from '../../../api/sla'
import { useLimit } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { CharCount } from '../../../components/ui/CharCount'
import { Field } from '../../../components/ui/Field'
import { calendarKey, cloneCalendar, exceptionRows, fromExceptionRows, indexedErrors, newCalendar, orderWeek, WEEKDAYS, type ExceptionRow } from '../model'
import { ExceptionEditor } from './ExceptionEditor'
import { EditorErrorBanner, SplitListHead, useSplitSelection } from './SplitParts'
import { WhatIfPreview } from './WhatIfPreview'

function zones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] }
  try {
    return intl.supportedValuesOf?.('timeZone') ?? []
  } catch {
    return []
  }
}

/** CalendarSettings: the business calendars and an editor for one. */
export function CalendarSettings({ canEdit }: { canEdit: boolean }) {
  const calendars = useCalendars()
  const policies = usePolicies()
  const { creating, current: currentOf, startNew, pick, cancelNew, unpick } = useSplitSelection()

  if (calendars.error) return <ErrorBanner message={calendars.error.message} />
  if (!calendars.data) return <p className="muted">Loading…</p>
  const list = calendars.data
  const current = currentOf(list)
  const usedBy = (id: string) => (policies.data ?? []).filter((p) => p.calendarId === id).map((p) => p.name)
  const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'

  return (
    <section className="card split" aria-label="Business calendars" data-testid="calendar-settings">
      <div className="split-list">
        <SplitListHead
          title="Calendars"
          newLabel="New calendar"
          testId="calendar-new"
          canEdit={canEdit}
          onNew={startNew}
        />
        <ul className="policy-list" data-testid="calendar-list">
          {list.map((c) => {
            const on = !creating && current?.id === c.id
            const users = usedBy(c.id)
            return (
              <li key={c.id} className={on ? 'on' : ''} data-testid="calendar-item" data-name={c.name}>
                <button
                  type="button"
                  className="policy-pick"
                  aria-current={on || undefined}
                  onClick={() => pick(c.id)}
                >
                  <span className="policy-name">{c.name}</span>
                  <span className="muted small">{c.always ? 'Around the clock' : `${c.zone} · ${weekSummary(c.week ?? [])}`}</span>
                  <span className="muted small">{users.length ? `Used by ${users.join(', ')}` : 'Not used by a policy'}</span>
                </button>
              </li>
            )
          })}
        </ul>
      </div>
      <div className="split-detail">
        {creating ? (
          <CalendarEditor
            key="new"
            calendar={newCalendar(localZone)}
            canEdit={canEdit}
            inUse={false}
            onSaved={(c) => pick(c.id)}
            onDeleted={cancelNew}
          />
        ) : current ? (
          <CalendarEditor
            key={`${current.id}:${current.updatedAt}`}
            calendar={cloneCalendar(current)}
            canEdit={canEdit}
            inUse={usedBy(current.id).length > 0}
            onSaved={(c) => pick(c.id)}
            onDeleted={unpick}
          />
        ) : null}
      </div>
    </section>
  )
}

function weekSummary(week: Interval[]): string {
  const days = new Set(week.map((i) => i.day))
  const names = WEEKDAYS.filter((d) => days.has(d.day)).map((d) => d.name.slice(0, 3))
  return names.length ? names.join(' ') : 'no working hours'
}

interface EditorProps {
  calendar: Calendar
  canEdit: boolean
  inUse: boolean
  onSaved: (c: Calendar) => void
  onDeleted: () => void
}

/** A row of the week editor; `key` keeps React's identity while rows are added and removed. */
interface Row extends Interval {
  key: number
}

/** CalendarEditor edits one calendar: name, zone, weekly hours, holidays and date exceptions. */
export function CalendarEditor({ calendar, canEdit, inUse, onSaved, onDeleted }: EditorProps) {
  const [name, setName] = useState(calendar.name)
  const nameLimit = useLimit('calendar.name')
  const holidayLimit = useLimit('calendar.holiday')
  const [zone, setZone] = useState(calendar.zone)
  const [always, setAlways] = useState(calendar.always)
  const [week, setWeek] = useState<Row[]>(() => orderWeek(calendar.week ?? []).map((w, i) => ({ ...w, key: i })))
  const nextKey = useRef((calendar.week ?? []).length)
  const [holidays, setHolidays] = useState<Holiday[]>(() => calendar.holidays ?? [])
  const [exceptions, setExceptions] = useState<ExceptionRow[]>(() => exceptionRows(calendar.exceptions ?? []))
  // The exception keys as last sent to Go: its "exceptions.N" names sentExc[N].
  const [sentExc, setSentExc] = useState<string[]>([])
  const [step, setStep] = useState<'edit' | 'preview'>('edit')
  const [days, setDays] = useState(30)
  const [error, setError] = useState<ApiError | null>(null)
  const save = useSLAWrite(saveCalendar)
  const remove = useSLAWrite(deleteCalendar)
  const zoneList = useMemo(zones, [])
  const isNew = !calendar.id

  const orderedWeek = orderWeek(week)
  const built = {
    ...calendar,
    name,
    zone,
    always,
    week: orderedWeek.map(({ day, start, end }) => ({ day, start, end })),
    holidays,
    exceptions: fromExceptionRows(exceptions),
  } as Calendar
  const dirty = isNew || calendarKey(built) !== calendarKey(calendar)
  const weekErrors = indexedErrors(error?.fields ?? {}, 'week', orderedWeek.map((w) => w.key))
  const holidayErrors = indexedErrors(error?.fields ?? {}, 'holidays', holidays.map((_, i) => i))
  const exceptionErrors = indexedErrors(error?.fields ?? {}, 'exceptions', sentExc)
  const send = async () => {
    setSentExc(exceptions.map((r) => r.key))
    onSaved(await save.mutateAsync(built))
  }

  const fail = (err: unknown) => {
    setError(err instanceof ApiError ? err : new ApiError('unknown', String(err)))
    setStep('edit')
  }

  return (
    <div className="policy-editor" data-submit-scope data-testid="calendar-editor" data-calendar={calendar.name}>
      <header className="editor-head">
        <h3>{isNew ? 'New calendar' : calendar.name}</h3>
        <span className="spacer" />
        {!isNew && canEdit && (
          <button
            type="button"
            className="btn btn-small btn-ghost danger"
            disabled={remove.isPending || inUse}
            title={inUse ? 'A policy uses this calendar' : undefined}
            onClick={async () => {
              setError(null)
              try {
                await remove.mutateAsync(calendar.id)
                onDeleted()
              } catch (err) {
                fail(err)
              }
            }}
            data-testid="calendar-delete"
          >
            Delete calendar
          </button>
        )}
      </header>
      <EditorErrorBanner error={error} onDismiss={() => setError(null)} />
      <fieldset className="editor-body" disabled={!canEdit || step === 'preview'}>
        <div className="form-grid">
          <Field label="Name" error={error?.field('name')} limit={nameLimit} value={name}>
            <input value={name} onChange={(e) => setName(e.target.value)} data-testid="calendar-name" />
          </Field>
          <Field label="Time zone" error={error?.field('zone')} hint="An IANA zone, e.g. Europe/Berlin.">
            <input value={zone} list="outpost-zones" onChange={(e) => setZone(e.target.value)} data-testid="calendar-zone" />
          </Field>
          <datalist id="outpost-zones">
            {zoneList.map((z) => (
              <option key={z} value={z} />
            ))}
          </datalist>
          <label className="check span-2">
            <input type="checkbox" checked={always} onChange={(e) => setAlways(e.target.checked)} data-testid="calendar-always" />
            Around the clock (24×7): no working hours or holidays apply
          </label>
        </div>

        {!always && (
          <>
            <div className="editor-group" role="group" aria-label="Working hours">
              <h4>Working hours</h4>
              <p className="muted small">Several intervals a day are fine; an end before its start runs past midnight.</p>
              {error?.field('week') && <div className="field-error">{error.field('week')}</div>}
              <table className="data-table week-table" data-testid="calendar-week">
                <tbody>
                  {WEEKDAYS.map((d) => {
                    const rows = orderedWeek.filter((w) => w.day === d.day)
                    return (
                      <tr key={d.day} data-testid={`week-day-${d.day}`}>
                        <th scope="row">{d.name}</th>
                        <td>
                          <div className="intervals">
                            {rows.length === 0 && <span className="muted small">Closed</span>}
                            {rows.map((w) => (
                              <span key={w.key} className="interval">
                                <input
                                  type="time"
                                  aria-label={`${d.name} start`}
                                  value={w.start}
                                  aria-invalid={weekErrors[w.key] ? true : undefined}
                                  onChange={(e) => setWeek((ws) => ws.map((x) => (x.key === w.key ? { ...x, start: e.target.value } : x)))}
                                  data-testid="interval-start"
                                />
                                –
                                <input
                                  type="time"
                                  aria-label={`${d.name} end`}
                                  value={w.end}
                                  aria-invalid={weekErrors[w.key] ? true : undefined}
                                  onChange={(e) => setWeek((ws) => ws.map((x) => (x.key === w.key ? { ...x, end: e.target.value } : x)))}
                                  data-testid="interval-end"
                                />
                                <button
                                  type="button"
                                  className="icon-btn"
                                  aria-label={`Remove ${d.name} ${w.start}–${w.end}`}
                                  onClick={() => setWeek((ws) => ws.filter((x) => x.key !== w.key))}
                                >
                                  ×
                                </button>
                                {weekErrors[w.key] && <span className="field-error">{weekErrors[w.key]}</span>}
                              </span>
                            ))}
                            <button
                              type="button"
                              className="btn btn-small btn-ghost"
                              onClick={() => {
                                const key = nextKey.current++
                                setWeek((ws) => [...ws, { day: d.day, start: '09:00', end: '17:00', key }])
                              }}
                              data-testid={`interval-add-${d.day}`}
                            >
                              + Hours
                            </button>
                          </div>
                        </td>
                      </tr>
                    )
                  })}
                </tbody>
              </table>
            </div>

            <div className="editor-group" role="group" aria-label="Holidays">
              <h4>Holidays</h4>
              <p className="muted small">A date YYYY-MM-DD once, or MM-DD every year.</p>
              <ul className="holiday-list" data-testid="calendar-holidays">
                {holidays.map((h, i) => (
                  <li key={i} className="holiday" data-testid="holiday-row">
                    <input
                      aria-label="Holiday date"
                      placeholder={h.yearly ? 'MM-DD' : 'YYYY-MM-DD'}
                      value={h.date}
                      aria-invalid={holidayErrors[i] ? true : undefined}
                      onChange={(e) => setHolidays((hs) => hs.map((x, j) => (j === i ? { ...x, date: e.target.value } : x)))}
                      data-testid="holiday-date"
                    />
                    <input
                      aria-label="Holiday name"
                      placeholder="Name"
                      value={h.name}
                      onChange={(e) => setHolidays((hs) => hs.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))}
                      data-testid="holiday-name"
                    />
                    <CharCount value={h.name} limit={holidayLimit} />
                    <label className="check">
                      <input
                        type="checkbox"
                        checked={h.yearly}
                        onChange={(e) => setHolidays((hs) => hs.map((x, j) => (j === i ? { ...x, yearly: e.target.checked } : x)))}
                      />
                      Every year
                    </label>
                    <button
                      type="button"
                      className="icon-btn"
                      aria-label={`Remove holiday ${h.name || h.date}`}
                      onClick={() => setHolidays((hs) => hs.filter((_, j) => j !== i))}
                    >
                      ×
                    </button>
                    {holidayErrors[i] && <span className="field-error">{holidayErrors[i]}</span>}
                  </li>
                ))}
              </ul>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => setHolidays((hs) => [...hs, { date: '', name: '', yearly: false }])}
                data-testid="holiday-add"
              >
                Add holiday
              </button>
            </div>

            <ExceptionEditor rows={exceptions} onChange={setExceptions} errors={exceptionErrors} listError={error?.field('exceptions')} />
          </>
        )}
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
                // A calendar no policy uses changes no outcome: save it straight away.
                if (isNew || !inUse) {
                  void (async () => {
                    try {
                      await send()
                    } catch (err) {
                      fail(err)
                    }
                  })()
                  return
                }
                setStep('preview')
              }}
              data-testid="calendar-review"
              data-submit
            >
              {isNew || !inUse ? 'Save calendar' : 'Preview and save…'}
            </button>
            {!dirty && <span className="muted small">No changes.</span>}
          </div>
        ) : (
          <WhatIfPreview request={{ days, calendar: built }} onDays={setDays}>
            <div className="row-start editor-foot">
              <button
                type="button"
                className="btn btn-primary"
                disabled={save.isPending}
                onClick={async () => {
                  setError(null)
                  try {
                    await send()
                  } catch (err) {
                    fail(err)
                  }
                }}
                data-testid="calendar-save"
                data-submit
              >
                Save calendar
              </button>
              <button type="button" className="btn" onClick={() => setStep('edit')} data-testid="calendar-back">
                Back to editing
              </button>
            </div>
          </WhatIfPreview>
        ))}
    </div>
  )
}
