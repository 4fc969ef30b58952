// Editing shapes for SLA policies and calendars, and their conversion to what Go takes. The
// forms show every priority and every weekday; Go takes lists, and its field errors name list
// indexes ("targets.2", "week.5"), so each conversion also says which row an index came from.
import type { Calendar, Policy, PriorityTarget, Unit } from '../../api/sla'

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
  })
}
