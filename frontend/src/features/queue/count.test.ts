import { describe, expect, it } from 'vitest'
import { countLabel } from './count'

describe('countLabel', () => {
  it('waits for a first page', () => {
    expect(countLabel(undefined, 0, false)).toBe('…')
  })
  it('counts the queue', () => {
    expect(countLabel(0, 0, false)).toBe('0 tickets')
    expect(countLabel(1, 1, false)).toBe('1 ticket')
    expect(countLabel(1234, 50, false)).toBe((1234).toLocaleString() + ' tickets')
  })
  it('waits while the count of a long queue is on its way', () => {
    expect(countLabel(-1, 50, false)).toBe('…')
  })
  it('shows the rows it has as a lower bound when the count failed, not "…" for ever', () => {
    expect(countLabel(-1, 50, true)).toBe('50+ tickets')
  })
})
