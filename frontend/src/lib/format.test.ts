import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { formatMinutes, formatShort } from './format'

describe('date formats', () => {
  const now = new Date(2026, 10, 28, 15, 0).getTime()
  const samples = [new Date(2026, 10, 28, 9, 5), new Date(2026, 10, 28, 21, 40), new Date(2026, 2, 4, 8, 0), new Date(2025, 10, 29, 0, 1)].map((d) => d.getTime())

  beforeEach(() => {
    localStorage.clear()
    vi.resetModules()
  })
  afterEach(() => {
    vi.restoreAllMocks()
    localStorage.clear()
  })

  it('are made on first use, once each, not at load', async () => {
    // Each costs ~1.5 ms in WebKit; the first screen needs at most two of the four.
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

  it('learnt once the desk is up, the next start reads the same without making any', async () => {
    const first = await import('./format')
    const want = samples.map((ms) => first.formatShort(ms, now))
    const wantFull = first.formatDateTime(samples[0])
    first.learnDateFormats()
    expect(localStorage.getItem('outpost.dateFormats')).toContain(navigator.language)

    vi.resetModules()
    const made = vi.spyOn(Intl, 'DateTimeFormat')
    const next = await import('./format')
    expect(samples.map((ms) => next.formatShort(ms, now))).toEqual(want)
    expect(next.formatDateTime(samples[0])).toBe(wantFull)
    expect(made).not.toHaveBeenCalled()
  })

  it('learnt in another language, or unreadable, is not used', async () => {
    const first = await import('./format')
    const want = first.formatShort(samples[0], now)
    first.learnDateFormats()
    const kept = JSON.parse(localStorage.getItem('outpost.dateFormats')!)
    for (const stored of [JSON.stringify({ ...kept, lang: 'xx-YY' }), '{not json', JSON.stringify({ lang: navigator.language, formats: { shortTime: { parts: [['weekday']] } } })]) {
      localStorage.setItem('outpost.dateFormats', stored)
      vi.resetModules()
      vi.restoreAllMocks()
      const made = vi.spyOn(Intl, 'DateTimeFormat')
      const next = await import('./format')
      expect(next.formatShort(samples[0], now)).toBe(want)
      expect(made).toHaveBeenCalledTimes(1)
    }
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
