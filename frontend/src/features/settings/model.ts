// Editing shapes for SLA policies and calendars, and their conversion to what Go takes. The
// forms show every priority and every weekday; Go takes lists, and its field errors name list
// indexes ("targets.2", "week.5"), so each conversion also says which row an index came from.
import type { Calendar, Escalation, Exception, Policy, PriorityTarget, Unit } from '../../api/sla'

export const PRIORITIES = [1, 2, 3, 4, 5] as const
export const UNITS: Unit[] = ['minutes', 'hours', 'days']

export interface TargetRow {
  priority: number
  on: boolean
  response: string
  responseUnit: Unit
  resolution: string
  resolutionUnit: Unit
  business: boolean
}

/** targetRows lays a policy's targets out as one row per priority, P1…P5. */
export function targetRows(targets: PriorityTarget[]): TargetRow[] {
  return PRIORITIES.map((p) => {
    const t = targets.find((x) => x.priority === p)
    return {
      priority: p,
      on: !!t,
      response: t ? String(t.response.value) : '',
      responseUnit: ((t?.response.unit as Unit) ?? 'hours') || 'hours',
      resolution: t ? String(t.resolution.value) : '',
      resolutionUnit: ((t?.resolution.unit as Unit) ?? 'hours') || 'hours',
      business: t?.business ?? true,
    }
  })
}

/** fromTargetRows is the targets Go takes, and for each of its indexes the priority row. */
export function fromTargetRows(rows: TargetRow[]): { targets: PriorityTarget[]; priorityAt: number[] } {
  const on = rows.filter((r) => r.on)
  return {
    targets: on.map((r) => ({
      priority: r.priority,
      response: { value: Number(r.response) || 0, unit: r.responseUnit },
      resolution: { value: Number(r.resolution) || 0, unit: r.resolutionUnit },
      business: r.business,
    })) as PriorityTarget[],
    priorityAt: on.map((r) => r.priority),
  }
}

/** indexedErrors maps Go's "prefix.N" field errors through at (index → row key). */
export function indexedErrors(fields: Readonly<Record<string, string>>, prefix: string, at: readonly (number | string)[]) {
  const out: Record<string, string> = {}
  for (const [k, msg] of Object.entries(fields)) {
    const m = k.match(new RegExp(`^${prefix}\\.(\\d+)$`))
    if (m && at[Number(m[1])] !== undefined) out[String(at[Number(m[1])])] = msg
  }
  return out
}

/** newPolicy is a blank policy placed before the default, on the first calendar. */
export function newPolicy(calendarId: string): Policy {
  return {
    id: '',
    name: '',
    position: 0,
    default: false,
    active: true,
    match: { types: [], priorities: [], categories: [], services: [], groups: [] },
    calendarId,
    warnPercent: 75,
    pauseReasons: [],
    targets: [
      { priority: 1, response: { value: 15, unit: 'minutes' }, resolution: { value: 4, unit: 'hours' }, business: false },
      { priority: 2, response: { value: 30, unit: 'minutes' }, resolution: { value: 8, unit: 'hours' }, business: true },
    ],
    escalations: [],
    updatedAt: 0,
  } as unknown as Policy
}

/** clonePolicy deep-copies a policy so a form never edits the cached one. */
export function clonePolicy(p: Policy): Policy {
  return JSON.parse(JSON.stringify(p)) as Policy
}

export function cloneCalendar(c: Calendar): Calendar {
  const out = JSON.parse(JSON.stringify(c)) as Calendar
  out.week = out.week ?? []
  out.holidays = out.holidays ?? []
  out.exceptions = out.exceptions ?? []
  return out
}

export function newCalendar(zone: string): Calendar {
  return {
    id: '',
    name: '',
    zone,
    always: false,
    week: [1, 2, 3, 4, 5].map((day) => ({ day, start: '09:00', end: '17:00' })),
    holidays: [],
    exceptions: [],
    updatedAt: 0,
  } as unknown as Calendar
}

/** Weekdays Monday first, as people read a week; Go counts 0 = Sunday. */
export const WEEKDAYS = [
  { day: 1, name: 'Monday' },
  { day: 2, name: 'Tuesday' },
  { day: 3, name: 'Wednesday' },
  { day: 4, name: 'Thursday' },
  { day: 5, name: 'Friday' },
  { day: 6, name: 'Saturday' },
  { day: 0, name: 'Sunday' },
] as const

/** orderWeek sorts intervals Monday first, then by start, the order the form shows them. */
export function orderWeek<T extends { day: number; start: string }>(week: T[]): T[] {
  const rank = (d: number) => (d === 0 ? 7 : d)
  return [...week].sort((a, b) => rank(a.day) - rank(b.day) || a.start.localeCompare(b.start))
}

/** matchSummary says which tickets a policy takes, in a line. */
export function matchSummary(p: Policy, groupName: (id: string) => string): string {
  if (p.default) return 'Every ticket no other policy takes'
  const m = p.match
  const parts: string[] = []
  if (m.types?.length) parts.push(m.types.map((t) => (t === 'incident' ? 'incidents' : 'requests')).join(' and '))
  if (m.priorities?.length) parts.push(m.priorities.map((x) => `P${x}`).join('/'))
  if (m.categories?.length) parts.push(`in ${m.categories.join(', ')}`)
  if (m.services?.length) parts.push(`for ${m.services.join(', ')}`)
  if (m.groups?.length) parts.push(`assigned to ${m.groups.map(groupName).join(', ')}`)
  return parts.length ? parts.join(' · ') : 'Every ticket'
}

const sorted = <T,>(xs: readonly T[] | null | undefined): T[] => [...(xs ?? [])].sort()

/**
 * policyKey is the part of a policy a person edits, in one canonical shape: two policies with
 * the same key would behave the same (lists compare as sets, null lists as empty).
 */
export function policyKey(p: Policy): string {
  const m = p.match ?? ({} as Policy['match'])
  return JSON.stringify({
    name: p.name.trim(),
    active: p.active,
    calendarId: p.calendarId,
    warnPercent: p.warnPercent,
    pauseReasons: sorted(p.pauseReasons),
    match: {
      types: sorted(m.types),
      priorities: sorted(m.priorities),
      categories: sorted(m.categories),
      services: sorted(m.services),
      groups: sorted(m.groups),
    },
    targets: fromTargetRows(targetRows(p.targets ?? [])).targets,
    escalations: fromEscalationRows(escalationRows(p.escalations ?? [])),
  })
}

/** calendarKey is policyKey for calendars. */
export function calendarKey(c: Calendar): string {
  return JSON.stringify({
    name: c.name.trim(),
    zone: c.zone,
    always: c.always,
    week: orderWeek(c.week ?? []).map(({ day, start, end }) => ({ day, start, end })),
    holidays: (c.holidays ?? []).map(({ date, name, yearly }) => ({ date, name, yearly })),
    exceptions: (c.exceptions ?? []).map(({ date, name, hours }) => ({
      date,
      name,
      hours: (hours ?? []).map(({ start, end }) => ({ start, end })),
    })),
  })
}

// ---------------------------------------------------------------------------------------------
// Date exceptions: one date's own working hours, or none ("closed"). Go names a bad one
// "exceptions.N" by its place in the list sent, so each row carries a form-only key that keeps
// the message with its date when an earlier row is removed.

export interface SpanRow {
  key: string
  start: string
  end: string
}

export interface ExceptionRow {
  key: string
  date: string
  name: string
  /** Empty: the date has no working hours at all. */
  hours: SpanRow[]
}

let rowSeq = 0
const rowKey = (prefix: string) => `${prefix}-${++rowSeq}`

/** exceptionRows lays a calendar's exceptions out for the form, in the order Go has them. */
export function exceptionRows(exs: readonly Exception[]): ExceptionRow[] {
  return exs.map((e) => ({
    key: rowKey('exc'),
    date: e.date ?? '',
    name: e.name ?? '',
    hours: (e.hours ?? []).map((h) => ({ key: rowKey('span'), start: h.start, end: h.end })),
  }))
}

/** fromExceptionRows is the list Go takes; a date typed with spaces around it still parses. */
export function fromExceptionRows(rows: readonly ExceptionRow[]): Exception[] {
  return rows.map((r) => ({
    date: r.date.trim(),
    name: r.name,
    hours: r.hours.map(({ start, end }) => ({ start, end })),
  })) as Exception[]
}

/** newSpanRow is the hours "+ Hours" adds: the working day the week rows start with. */
export function newSpanRow(): SpanRow {
  return { key: rowKey('span'), start: '09:00', end: '17:00' }
}

/** newExceptionRow is the row "Add exception" appends: a date still to type, 09:00–17:00. */
export function newExceptionRow(): ExceptionRow {
  return { key: rowKey('exc'), date: '', name: '', hours: [newSpanRow()] }
}

/** exceptionEdits are the pure steps the form takes on its exception rows. */
export const exceptionEdits = {
  add: (rows: readonly ExceptionRow[]): ExceptionRow[] => [...rows, newExceptionRow()],
  remove: (rows: readonly ExceptionRow[], key: string): ExceptionRow[] => rows.filter((r) => r.key !== key),
  set: (rows: readonly ExceptionRow[], key: string, patch: Partial<Omit<ExceptionRow, 'key' | 'hours'>>): ExceptionRow[] =>
    rows.map((r) => (r.key === key ? { ...r, ...patch } : r)),
  addHours: (rows: readonly ExceptionRow[], key: string): ExceptionRow[] =>
    rows.map((r) => (r.key === key ? { ...r, hours: [...r.hours, newSpanRow()] } : r)),
  removeHours: (rows: readonly ExceptionRow[], key: string, span: string): ExceptionRow[] =>
    rows.map((r) => (r.key === key ? { ...r, hours: r.hours.filter((h) => h.key !== span) } : r)),
  setHours: (rows: readonly ExceptionRow[], key: string, span: string, patch: Partial<Omit<SpanRow, 'key'>>): ExceptionRow[] =>
    rows.map((r) => (r.key === key ? { ...r, hours: r.hours.map((h) => (h.key === span ? { ...h, ...patch } : h)) } : r)),
}

// ---------------------------------------------------------------------------------------------
// Escalation levels. Go takes policy.escalations as a list of {percent, kind, actions}; its
// field errors name the level ("escalations.2") and, where it says so, the action
// ("escalations.2.actions.1"). The form keeps one row per level in the order Go has it, so a
// level's index is the one Go names.

/** The action kinds Go accepts (domain/sla/policy.go), with what each does, as the form says it. */
export const ACTION_KINDS = [
  { kind: 'notify_assignee', label: 'Notify the assignee (or the group if unassigned)' },
  { kind: 'notify_group', label: 'Notify the assignment group' },
  { kind: 'notify_managers', label: 'Notify the managers' },
  { kind: 'reassign', label: 'Reassign to a group' },
  { kind: 'raise_priority', label: 'Raise the priority one step' },
  { kind: 'work_note', label: 'Add a work note' },
] as const

export type ActionKind = (typeof ACTION_KINDS)[number]['kind']
export type EscalationKind = '' | 'response' | 'resolution'

export interface ActionRow {
  kind: ActionKind
  groupId: string // reassign only
  note: string // work_note only; empty: Go writes a sentence saying what happened
}

export interface EscalationRow {
  /** A form-only key, so a message stays with its level when an earlier level is removed. */
  key: string
  percent: string
  kind: EscalationKind
  actions: ActionRow[]
}

let keySeq = 0
const nextKey = () => `esc-${++keySeq}`

/** escalationRows lays a policy's escalations out for the form. */
export function escalationRows(escs: readonly Escalation[]): EscalationRow[] {
  return escs.map((e) => ({
    key: nextKey(),
    percent: String(e.percent ?? ''),
    kind: (e.kind ?? '') as EscalationKind,
    actions: (e.actions ?? []).map((a) => ({ kind: a.kind as ActionKind, groupId: a.groupId ?? '', note: a.note ?? '' })),
  }))
}

/** fromEscalationRows is the list Go takes: each action carries only the field its kind uses. */
export function fromEscalationRows(rows: readonly EscalationRow[]): Escalation[] {
  return rows.map((r) => ({
    percent: Number(r.percent) || 0,
    kind: r.kind,
    actions: r.actions.map((a) => {
      if (a.kind === 'reassign') return { kind: a.kind, groupId: a.groupId }
      if (a.kind === 'work_note' && a.note.trim()) return { kind: a.kind, note: a.note.trim() }
      return { kind: a.kind }
    }),
  })) as Escalation[]
}

/**
 * newEscalationRow is the level "Add level" appends: past the last level's share (at breach,
 * 100%, if that is free; else 50 points later), on either target, notifying the assignee.
 */
export function newEscalationRow(rows: readonly EscalationRow[]): EscalationRow {
  const used = rows.map((r) => Number(r.percent) || 0)
  const last = Math.max(0, ...used)
  const percent = !used.includes(100) && last < 100 ? 100 : Math.min(1000, last + 50)
  return { key: nextKey(), percent: String(percent), kind: '', actions: [newActionRow('notify_assignee')] }
}

export function newActionRow(kind: ActionKind, groupId = ''): ActionRow {
  return { kind, groupId: kind === 'reassign' ? groupId : '', note: '' }
}

/** escalationEdits are the pure steps the form takes on its rows. */
export const escalationEdits = {
  addLevel: (rows: readonly EscalationRow[]): EscalationRow[] => [...rows, newEscalationRow(rows)],
  removeLevel: (rows: readonly EscalationRow[], i: number): EscalationRow[] => rows.filter((_, j) => j !== i),
  setLevel: (rows: readonly EscalationRow[], i: number, patch: Partial<Omit<EscalationRow, 'actions'>>): EscalationRow[] =>
    rows.map((r, j) => (j === i ? { ...r, ...patch } : r)),
  addAction: (rows: readonly EscalationRow[], i: number, kind: ActionKind = 'notify_assignee', groupId = ''): EscalationRow[] =>
    rows.map((r, j) => (j === i ? { ...r, actions: [...r.actions, newActionRow(kind, groupId)] } : r)),
  removeAction: (rows: readonly EscalationRow[], i: number, k: number): EscalationRow[] =>
    rows.map((r, j) => (j === i ? { ...r, actions: r.actions.filter((_, m) => m !== k) } : r)),
  /** setAction changes one action; a new kind keeps only the fields that kind uses. */
  setAction: (rows: readonly EscalationRow[], i: number, k: number, patch: Partial<ActionRow>, defaultGroup = ''): EscalationRow[] =>
    rows.map((r, j) =>
      j !== i
        ? r
        : {
            ...r,
            actions: r.actions.map((a, m) => {
              if (m !== k) return a
              const next = { ...a, ...patch }
              if (patch.kind && patch.kind !== a.kind) {
                next.groupId = next.kind === 'reassign' ? a.groupId || defaultGroup : ''
                next.note = next.kind === 'work_note' ? a.note : ''
              }
              return next
            }),
          },
    ),
}

export interface EscalationErrors {
  /** Per level key: Go's message for the level ("escalations.N"). */
  levels: Record<string, string>
  /** Per "key.M": Go's message for one action ("escalations.N.actions.M"), if it names one. */
  actions: Record<string, string>
  /** Go's message for the list as a whole ("escalations"). */
  list?: string
}

/**
 * escalationErrors sorts Go's escalation field errors by the level (and action) they name;
 * at is the row keys in the order they were sent, so Go's index N is at[N].
 */
export function escalationErrors(fields: Readonly<Record<string, string>>, at: readonly string[]): EscalationErrors {
  const out: EscalationErrors = { levels: {}, actions: {} }
  for (const [k, msg] of Object.entries(fields)) {
    if (k === 'escalations') {
      out.list = msg
      continue
    }
    const m = k.match(/^escalations\.(\d+)(?:\.actions\.(\d+))?(?:\..*)?$/)
    const key = m ? at[Number(m[1])] : undefined
    if (!m || key === undefined) continue
    if (m[2] !== undefined) out.actions[`${key}.${m[2]}`] = msg
    else out.levels[key] = msg
  }
  return out
}
