import { describe, expect, it } from 'vitest'
import { filterByName, slashQuery, splice } from './slash'

describe('slashQuery', () => {
  it.each([
    ['/', 1, { start: 0, query: '' }],
    ['/thank', 6, { start: 0, query: 'thank' }],
    ['Hello /vpn down', 15, { start: 6, query: 'vpn down' }],
    ['line one\n/pri', 13, { start: 9, query: 'pri' }],
  ])('opens on %j', (text, caret, want) => {
    expect(slashQuery(text, caret)).toEqual(want)
  })

  it.each([
    ['and/or', 6],
    ['see /var/log', 12],
    ['/thanks\nnext line', 17],
    ['no slash', 8],
    [`/${'x'.repeat(61)}`, 62],
  ])('stays closed on %j', (text, caret) => {
    expect(slashQuery(text, caret)).toBeNull()
  })

  it('reads only what is before the caret', () => {
    expect(slashQuery('/thanks', 3)).toEqual({ start: 0, query: 'th' })
  })
})

describe('filterByName', () => {
  const items = [{ name: 'Escalated to network' }, { name: 'Thanks' }, { name: 'Network down' }]
  it('keeps every item for an empty filter', () => {
    expect(filterByName(items, '')).toHaveLength(3)
  })
  it('matches any case, names starting with the filter first', () => {
    expect(filterByName(items, 'NET').map((i) => i.name)).toEqual(['Network down', 'Escalated to network'])
  })
})

describe('splice', () => {
  it('replaces the slash and its filter, caret after the text', () => {
    expect(splice('Hi /tha bye', 3, 7, 'Thanks!')).toEqual({ text: 'Hi Thanks! bye', caret: 10 })
  })
})
