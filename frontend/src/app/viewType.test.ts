import { describe, expect, test } from 'vitest'
import { reportType, shownType, type ViewType } from './viewType'

describe('the type the queue on screen shows', () => {
  const none: ViewType = { queue: '', type: '' }

  test('a queue that has said nothing shows its item type', () => {
    expect(shownType(none, 'requests:u1', 'request')).toBe('request')
    expect(shownType({ queue: 'all:u1', type: 'incident' }, 'requests:u1', 'request')).toBe('request')
  })

  test('a queue saying its item type keeps the same state, so nothing renders again', () => {
    expect(reportType(none, 'requests:u1', 'request', 'request')).toBe(none)
    const said: ViewType = { queue: 'all:u1', type: 'incident' }
    expect(reportType(said, 'all:u1', '', 'incident')).toBe(said)
  })

  test('a queue saying another type is kept, and shown', () => {
    const v = reportType(none, 'all:u1', '', 'incident')
    expect(v).toEqual({ queue: 'all:u1', type: 'incident' })
    expect(shownType(v, 'all:u1', '')).toBe('incident')
  })

  test('a queue going back to its item type after a filter change is shown so', () => {
    const filtered = reportType(none, 'all:u1', '', 'incident')
    const back = reportType(filtered, 'all:u1', '', '')
    expect(shownType(back, 'all:u1', '')).toBe('')
  })

  test('what one queue said does not carry to the next', () => {
    const said = reportType(none, 'incidents:u1', 'incident', 'request')
    expect(shownType(said, 'requests:u1', 'request')).toBe('request')
    expect(shownType(reportType(said, 'requests:u1', 'request', 'request'), 'requests:u1', 'request')).toBe('request')
  })
})
