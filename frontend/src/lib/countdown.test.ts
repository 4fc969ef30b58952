import { describe, expect, it } from 'vitest'
import { formatElapsedOf, formatRemaining, formatSpan, rowCountdown, toneOf } from './countdown'
import { formatTarget } from './target'

const min = 60_000
const hour = 60 * min
const day = 24 * hour

describe('formatSpan', () => {
  it.each([
    [0, 'down', '0m'],
    [59 * 1000, 'down', '0m'],
    [30 * 1000, 'up', '1m'],
    [23 * min, 'down', '23m'],
    [59 * min + 1, 'up', '1h'],
    [2 * hour + 5 * min, 'down', '2h 5m'],
    [3 * hour, 'down', '3h'],
    [day, 'down', '1d'],
    [3 * day + 4 * hour + 59 * min, 'down', '3d 4h'],
  ] as const)('%i ms rounded %s is %s', (ms, round, want) => {
    expect(formatSpan(ms, round)).toBe(want)
  })
})

describe('formatRemaining', () => {
  const now = 1_000_000_000_000
  it.each([
    [now + 23 * min, '23m left'],
    [now + 22 * min + 1, '23m left'], // time left rounds up: never "0m left" before the due time
    [now + 90 * min, '1h 30m left'],
    [now + 2 * day + 3 * hour, '2d 3h left'],
    [now, 'breached just now'],
    [now - 30 * 1000, 'breached just now'],
    [now - 2 * hour, 'breached 2h ago'],
    [now - 2 * hour - 59 * 1000, 'breached 2h ago'],
    [now - 3 * day, 'breached 3d ago'],
  ])('due %i reads %s', (due, want) => {
    expect(formatRemaining(due, now)).toBe(want)
  })
})

describe('toneOf', () => {
  it.each([
    ['no due time', 0, 'ok', 10, 'none'],
    ['ok before the warning share', 100, 'ok', 10, 'ok'],
    ['warning once Go says so', 100, 'warning', 10, 'warning'],
    ['breached when the due time has passed, whatever Go stored', 100, 'ok', 100, 'breached'],
    ['breached when Go says so', 100, 'breached', 10, 'breached'],
  ] as const)('%s', (_, due, stage, now, want) => {
    expect(toneOf(due, stage, now)).toBe(want)
  })
})

describe('rowCountdown', () => {
  const now = 10 * hour
  it('counts down a running clock', () => {
    expect(rowCountdown({ slaDueAt: now + 15 * min, slaStage: 'ok', state: 'new' }, now)).toMatchObject({ text: '15m left', tone: 'ok' })
  })
  it('shows a breach with how long ago', () => {
    expect(rowCountdown({ slaDueAt: now - 2 * hour, slaStage: 'warning', state: 'in_progress' }, now)).toMatchObject({
      text: 'breached 2h ago',
      tone: 'breached',
    })
  })
  it('shows an on-hold ticket without a running clock as paused', () => {
    expect(rowCountdown({ slaDueAt: null, slaStage: '', state: 'on_hold' }, now)).toMatchObject({ text: 'Paused', tone: 'paused' })
  })
  it('shows an on-hold ticket breached before the pause as both breached and paused', () => {
    expect(rowCountdown({ slaDueAt: null, slaBreachAt: now - 2 * hour, slaStage: 'breached', state: 'on_hold' }, now)).toMatchObject({
      text: 'Paused · breached 2h ago',
      tone: 'breached',
      paused: true,
    })
  })
  it('shows nothing for a ticket whose clocks have stopped', () => {
    expect(rowCountdown({ slaDueAt: undefined, slaStage: '', state: 'resolved' }, now)).toMatchObject({ text: '—', tone: 'none' })
  })
})

describe('formatElapsedOf', () => {
  it.each([
    ['minutes of a response target', 5 * min, 15 * min, false, '5m of 15m'],
    ['past a short target, in hours not days', 26 * hour, 8 * hour, false, '26h of 8h'],
    ['business days count in hours: a business day is not 24 h', 5 * hour + 10 * min, 30 * hour, true, '5h 10m of 30h'],
    ['calendar days in days', 2 * day + 5 * hour, 3 * day, false, '2d 5h of 3d'],
    ['a day short of a calendar-day target', 20 * hour, 3 * day, false, '20h of 3d'],
  ] as const)('%s', (_, elapsed, target, business, want) => {
    expect(formatElapsedOf(elapsed, target, business)).toBe(want)
  })
})

describe('formatTarget', () => {
  it.each([
    [{ value: 15, unit: 'minutes' }, false, '15 min'],
    [{ value: 1, unit: 'hours' }, false, '1 hour'],
    [{ value: 8, unit: 'hours' }, true, '8 business hours'],
    [{ value: 3, unit: 'days' }, true, '3 business days'],
    [{ value: 0, unit: 'days' }, true, '—'],
  ])('%o business=%s reads %s', (t, business, want) => {
    expect(formatTarget(t, business)).toBe(want)
  })
})
