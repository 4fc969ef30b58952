import { describe, expect, it } from 'vitest'
import { ago } from './ago'

const now = Date.UTC(2026, 2, 2, 12, 0, 0)
const min = 60_000

describe('ago', () => {
  it.each([
    [0, 'never'],
    [now, 'just now'],
    [now - 44_000, 'just now'],
    [now + 5_000, 'just now'], // Go's clock a little ahead
    [now - 2 * min, '2 min ago'],
    [now - 59 * min, '59 min ago'],
    [now - 61 * min, '1 h ago'],
    [now - 23 * 60 * min, '23 h ago'],
    [now - 25 * 60 * min, 'yesterday'],
    [now - 3 * 24 * 60 * min, '3 days ago'],
  ])('ago(%i) is %s', (ms, want) => {
    expect(ago(ms, now)).toBe(want)
  })
})
