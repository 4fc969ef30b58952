import { describe, expect, it } from 'vitest'
import { insertMention, matchCandidates, mentionAt } from './mention'

describe('mentionAt', () => {
  it.each([
    ['@bo', 3, { start: 0, query: 'bo' }],
    ['hi @Bo', 6, { start: 3, query: 'bo' }],
    ['(@', 2, { start: 1, query: '' }],
    ['mail bob@exa', 12, null],
    ['no at here', 10, null],
    ['@@bo', 4, null],
    ['`@bo', 4, null],
    ['@bob and more', 4, { start: 0, query: 'bob' }],
    ['@bob and more', 8, null],
  ])('%s at %d', (text, caret, want) => {
    expect(mentionAt(text, caret)).toEqual(want)
  })
})

describe('completion', () => {
  const people = [
    { id: '1', name: 'Bob Builder', handle: 'bob' },
    { id: '2', name: 'Ann Agent', handle: 'ann@example.com' },
    { id: '3', name: 'Rob Bobson', handle: 'rob' },
  ]
  it('matches handles and words of names', () => {
    expect(matchCandidates(people, 'bo').map((p) => p.id)).toEqual(['1', '3'])
    expect(matchCandidates(people, 'ag').map((p) => p.id)).toEqual(['2'])
    expect(matchCandidates(people, '', 2)).toHaveLength(2)
  })
  it('replaces the partial with the handle', () => {
    expect(insertMention('hi @bo please', 3, 6, 'bob')).toEqual({ text: 'hi @bob please', caret: 8 })
    expect(insertMention('@a', 0, 2, 'ann@example.com')).toEqual({ text: '@ann@example.com ', caret: 17 })
  })
})
