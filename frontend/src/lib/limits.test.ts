import { describe, expect, it } from 'vitest'
import { charCount, countText } from './limits'

describe('limits', () => {
  it('counts code points as Go does', () => {
    expect(charCount('abc')).toBe(3)
    expect(charCount('é😀')).toBe(2)
    expect('é😀'.length).toBe(3)
  })

  it('shows the count near the limit and what is too much past it', () => {
    expect(countText('x'.repeat(159), 200)).toBe('')
    expect(countText('x'.repeat(160), 200)).toBe('160 / 200 characters')
    expect(countText('x'.repeat(10_000), 200)).toBe('10000 / 200 characters: 9800 too many')
    expect(countText('x'.repeat(10_000), undefined)).toBe('')
  })
})
