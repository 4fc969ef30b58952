import { describe, expect, it } from 'vitest'
import { computePriority } from './priority'

// ServiceNow's default lookup, the one Go seeds: rows are impact, columns urgency.
const matrix = [
  [1, 2, 3],
  [2, 3, 4],
  [3, 4, 5],
]

describe('computePriority', () => {
  it.each([
    [1, 1, 1],
    [1, 3, 3],
    [2, 1, 2],
    [2, 2, 3],
    [3, 2, 4],
    [3, 3, 5],
  ])('impact %i × urgency %i is P%i', (impact, urgency, want) => {
    expect(computePriority(matrix, impact, urgency)).toBe(want)
  })

  it('reads the matrix row by impact and column by urgency', () => {
    const skewed = [
      [1, 1, 2],
      [3, 4, 4],
      [5, 5, 5],
    ]
    expect(computePriority(skewed, 2, 1)).toBe(3)
    expect(computePriority(skewed, 1, 3)).toBe(2)
  })

  it.each([
    [0, 1],
    [4, 1],
    [1, 0],
    [1.5, 1],
    [Number.NaN, 2],
  ])('impact %s × urgency %s is out of range: 0', (impact, urgency) => {
    expect(computePriority(matrix, impact, urgency)).toBe(0)
  })

  it('gives 0 without a matrix or with a broken cell', () => {
    expect(computePriority(undefined, 1, 1)).toBe(0)
    expect(computePriority([[9, 1, 1]], 1, 1)).toBe(0)
  })
})
