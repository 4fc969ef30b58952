import { describe, expect, it } from 'vitest'
import type { Calendar, Policy } from '../../api/sla'
import { calendarKey, fromTargetRows, indexedErrors, matchSummary, newCalendar, newPolicy, orderWeek, policyKey, targetRows } from './model'

describe('target rows', () => {
  it('lay out P1–P5 and give back only the ticked ones, with the index Go will name', () => {
    const rows = targetRows([
      { priority: 3, response: { value: 4, unit: 'hours' }, resolution: { value: 3, unit: 'days' }, business: true },
      { priority: 1, response: { value: 15, unit: 'minutes' }, resolution: { value: 4, unit: 'hours' }, business: false },
    ] as Policy['targets'])
    expect(rows.map((r) => r.on)).toEqual([true, false, true, false, false])
    rows[4] = { ...rows[4], on: true, response: '2', responseUnit: 'days', resolution: '10', resolutionUnit: 'days' }
    const { targets, priorityAt } = fromTargetRows(rows)
    expect(priorityAt).toEqual([1, 3, 5])
    expect(targets[2]).toEqual({ priority: 5, response: { value: 2, unit: 'days' }, resolution: { value: 10, unit: 'days' }, business: true })
    // Go's "targets.2" is the P5 row.
    expect(indexedErrors({ 'targets.2': 'bad', name: 'x' }, 'targets', priorityAt)).toEqual({ 5: 'bad' })
  })
})

describe('policyKey', () => {
  it('ignores list order and null lists, and sees a changed target', () => {
    const a = newPolicy('cal')
    const b = { ...a, match: { ...a.match, types: null as unknown as string[] }, pauseReasons: null as unknown as string[] } as Policy
    expect(policyKey(a)).toBe(policyKey(b))
    const c = { ...a, match: { ...a.match, priorities: [2, 1] } } as Policy
    const d = { ...a, match: { ...a.match, priorities: [1, 2] } } as Policy
    expect(policyKey(c)).toBe(policyKey(d))
    const e = { ...a, targets: [{ ...a.targets[0], response: { value: 45, unit: 'minutes' } }, a.targets[1]] } as Policy
    expect(policyKey(e)).not.toBe(policyKey(a))
  })
})

describe('calendars', () => {
  it('order the week Monday first and compare regardless of order', () => {
    const c = newCalendar('Europe/Berlin')
    c.week = [
      { day: 0, start: '10:00', end: '14:00' },
      { day: 1, start: '13:00', end: '17:00' },
      { day: 1, start: '08:00', end: '12:00' },
    ] as Calendar['week']
    expect(orderWeek(c.week).map((w) => `${w.day} ${w.start}`)).toEqual(['1 08:00', '1 13:00', '0 10:00'])
    const d = { ...c, week: [...c.week].reverse() } as Calendar
    expect(calendarKey(c)).toBe(calendarKey(d))
    expect(calendarKey({ ...c, zone: 'UTC' } as Calendar)).not.toBe(calendarKey(c))
  })
})

describe('matchSummary', () => {
  it('says which tickets a policy takes', () => {
    const p = newPolicy('cal')
    expect(matchSummary(p, (id) => id)).toBe('Every ticket')
    p.match.types = ['incident']
    p.match.priorities = [1, 2]
    p.match.groups = ['g1']
    expect(matchSummary(p, () => 'Network')).toBe('incidents · P1/P2 · assigned to Network')
    expect(matchSummary({ ...p, default: true } as Policy, () => '')).toBe('Every ticket no other policy takes')
  })
})
