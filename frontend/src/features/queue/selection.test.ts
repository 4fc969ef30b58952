import { describe, expect, it } from 'vitest'
import { count, extend, isPicked, none, pickAll, toggle } from './selection'

const rows = ['a', 'b', 'c', 'd', 'e', 'f']
const rowAt = (i: number) => rows[i] ?? null

describe('queue selection', () => {
  it('a click ticks a row and a second unticks it', () => {
    const one = toggle(none, 'b', 1)
    expect(isPicked(one, 'b')).toBe(true)
    expect(count(one, 6)).toBe(1)
    expect(isPicked(toggle(one, 'b', 1), 'b')).toBe(false)
  })

  it('a shift-click ticks the range from the last click, either way', () => {
    const down = extend(toggle(none, 'b', 1), 4, rowAt)
    expect(rows.filter((r) => isPicked(down, r))).toEqual(['b', 'c', 'd', 'e'])
    const up = extend(toggle(none, 'e', 4), 2, rowAt)
    expect(rows.filter((r) => isPicked(up, r))).toEqual(['c', 'd', 'e'])
  })

  it('a shift-click with no click before ticks just that row', () => {
    expect(rows.filter((r) => isPicked(extend(none, 3, rowAt), r))).toEqual(['d'])
  })

  it('rows not loaded are skipped by a range', () => {
    const sparse = (i: number) => (i === 2 ? null : rowAt(i))
    const p = extend(toggle(none, 'a', 0), 3, sparse)
    expect(count(p, 6)).toBe(3)
  })

  it('all counts the whole view, less the rows unticked since', () => {
    let p = pickAll()
    expect(count(p, 40_000)).toBe(40_000)
    expect(isPicked(p, 'zzz')).toBe(true)
    p = toggle(p, 'c', 2)
    expect(isPicked(p, 'c')).toBe(false)
    expect(count(p, 40_000)).toBe(39_999)
    p = extend(p, 4, rowAt) // the anchor was unticked: so is the range
    expect(rows.filter((r) => !isPicked(p, r))).toEqual(['c', 'd', 'e'])
    expect(count(p, 40_000)).toBe(39_997)
  })
})

describe('a shift-click after unticking', () => {
  it('unticks the range', () => {
    let p = extend(toggle(none, 'a', 0), 5, rowAt) // all six
    p = toggle(p, 'b', 1) // b off, anchor b
    p = extend(p, 3, rowAt)
    expect(rows.filter((r) => isPicked(p, r))).toEqual(['a', 'e', 'f'])
  })
})
