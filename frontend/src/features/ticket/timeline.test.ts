import { describe, expect, it } from 'vitest'
import { auditText } from './components/Timeline'

const names = { 'u-1': 'Anna Martin', 'g-1': 'Applications' }

describe('auditText', () => {
  it('reads ids as names and codes as words', () => {
    expect(auditText('groupId', '', 'g-1', names)).toBe('set group to “Applications”')
    expect(auditText('assigneeId', 'u-1', '', names)).toBe('cleared assignee (was “Anna Martin”)')
    expect(auditText('holdReason', '', 'awaiting_caller', names)).toBe('set hold reason to “Awaiting caller”')
    expect(auditText('state', 'new', 'on_hold', names)).toBe('changed state from New to On hold')
    expect(auditText('priority', '3', '1', names)).toBe('changed priority from “3” to “1”')
  })

  it('keeps an id nobody is known by (a person removed since)', () => {
    expect(auditText('requesterId', '', 'u-gone', names)).toBe('set requester to “u-gone”')
  })
})
