import { afterEach, describe, expect, it, vi } from 'vitest'
import { formatMinutes, formatShort } from './format'

describe('date formats', () => {
  afterEach(() => {
    vi.restoreAllMocks()
    vi.resetModules()
  })

  it('are made on first use, once each, not at load', async () => {
    // Each costs ~1.5 ms in WebKit; the first screen needs at most two of the four.
    vi.resetModules()
    const made = vi.spyOn(Intl, 'DateTimeFormat')
    const f = await import('./format')
    expect(made).not.toHaveBeenCalled()
    const now = new Date(2026, 10, 28, 15, 0).getTime()
    f.formatShort(new Date(2026, 10, 28, 9, 5).getTime(), now)
    f.formatShort(new Date(2026, 10, 28, 10, 5).getTime(), now)
    expect(made).toHaveBeenCalledTimes(1)
    f.formatShort(new Date(2026, 2, 4).getTime(), now)
    expect(made).toHaveBeenCalledTimes(2)
  })
})

describe('formatShort', () => {
  const now = new Date(2026, 10, 28, 15, 0).getTime()
  it('shows the time for today', () => {
    expect(formatShort(new Date(2026, 10, 28, 9, 5).getTime(), now)).toMatch(/9|09/)
    expect(formatShort(new Date(2026, 10, 28, 9, 5).getTime(), now)).not.toMatch(/2026/)
  })
  it('shows the day without the year within this year', () => {
    const s = formatShort(new Date(2026, 2, 4).getTime(), now)
    expect(s).toMatch(/4/)
    expect(s).not.toMatch(/2026/)
  })
  it('adds the year for an older date, so last November does not read as this one', () => {
    expect(formatShort(new Date(2025, 10, 29).getTime(), now)).toMatch(/2025/)
  })
  it('is empty for no time', () => {
    expect(formatShort(0, now)).toBe('')
  })
})

describe('formatMinutes', () => {
  it.each([
    [0, '0 min'],
    [45, '45 min'],
    [60, '1 h'],
    [75, '1 h 15 min'],
    [1500, '25 h'],
  ])('%d minutes read %s', (n, want) => {
    expect(formatMinutes(n)).toBe(want)
  })
})
