import { describe, expect, it } from 'vitest'
import type { QueueFilter } from '../../api/tickets'
import { getFilter, sameQuery, setUnassignedInMyGroups, splitList, unassignedInMyGroups, withFilter } from './filters'

const base: QueueFilter = {
  view: 'all_open',
  type: '',
  states: [],
  priorities: [],
  assigneeId: '',
  groupId: '',
  requesterId: '',
  search: '',
  filters: [],
  sort: 'priority',
  desc: false,
}

describe('queue filters', () => {
  it('replaces and removes one column filter, keeping the others', () => {
    let fs = withFilter([], 'category', { values: ['Hardware'], from: '', to: '' })
    fs = withFilter(fs, 'created', { values: [], from: '-7d', to: '' })
    fs = withFilter(fs, 'category', { values: ['Network'], from: '', to: '' })
    expect(fs.map((f) => f.field)).toEqual(['created', 'category'])
    expect(getFilter({ filters: fs }, 'category')?.values).toEqual(['Network'])
    expect(withFilter(fs, 'created', null).map((f) => f.field)).toEqual(['category'])
  })

  it('splits a typed list, dropping blanks', () => {
    expect(splitList(' vip, ,onsite ,')).toEqual(['vip', 'onsite'])
    expect(splitList('')).toEqual([])
  })

  it('turns "unassigned in my groups" on and off as two filters', () => {
    const on = setUnassignedInMyGroups([{ field: 'tag', values: ['vip'], from: '', to: '' }], true)
    expect(unassignedInMyGroups({ filters: on })).toBe(true)
    expect(on.map((f) => f.field)).toEqual(['tag', 'assignee', 'group'])
    const off = setUnassignedInMyGroups(on, false)
    expect(unassignedInMyGroups({ filters: off })).toBe(false)
    expect(off.map((f) => f.field)).toEqual(['tag'])
  })

  it('compares queues whatever order their lists were built in', () => {
    const a = { ...base, priorities: [1, 2], filters: withFilter(withFilter([], 'tag', { values: ['x'], from: '', to: '' }), 'service', { values: ['ERP'], from: '', to: '' }) }
    const b = { ...base, priorities: [2, 1], filters: [...a.filters].reverse() }
    expect(sameQuery(a, b)).toBe(true)
    expect(sameQuery(a, { ...b, desc: true })).toBe(false)
  })
})
