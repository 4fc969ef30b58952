import { describe, expect, it } from 'vitest'
import type { TicketTemplate } from '../../api/templates'
import { emptyDraft } from './components/NewTicketDialog'
import { fillDraft, overwritten, templateFields } from './template'

const vpn: TicketTemplate = {
  id: 't1', ownerId: '', groupId: 'g1', name: 'VPN down', type: 'incident', title: 'VPN is down', description: 'Since when:',
  category: 'Network', subcategory: '', service: 'VPN', impact: 2, urgency: 1, assignmentGroupId: 'g2', createdAt: 0, updatedAt: 0,
}

describe('ticket templates in the New ticket form', () => {
  const blank = emptyDraft()

  it('fills a blank form without asking', () => {
    const f = templateFields(vpn)
    expect(overwritten(blank, f, blank)).toEqual([])
    const d = fillDraft(blank, f, blank, false)
    expect(d).toMatchObject({ title: 'VPN is down', description: 'Since when:', category: 'Network', service: 'VPN', impact: 2, urgency: 1, groupId: 'g2' })
    expect(d.source).toBe(blank.source)
  })

  it('asks about what was typed, and keeps it when told to', () => {
    const typed = { ...blank, title: 'My own title', urgency: 2 }
    const f = templateFields(vpn)
    expect(overwritten(typed, f, blank)).toEqual(['title', 'urgency'])
    const kept = fillDraft(typed, f, blank, true)
    expect(kept.title).toBe('My own title')
    expect(kept.urgency).toBe(2)
    expect(kept.description).toBe('Since when:')
    expect(fillDraft(typed, f, blank, false).title).toBe('VPN is down')
  })

  it('never clears a field the template leaves empty', () => {
    const typed = { ...blank, ci: 'LAPTOP-7', title: 'Mine' }
    const f = templateFields({ ...vpn, title: '' })
    expect(overwritten(typed, f, blank)).toEqual([])
    expect(fillDraft(typed, f, blank, false)).toMatchObject({ title: 'Mine', ci: 'LAPTOP-7' })
  })

  it('does not ask about a value the template would set anyway', () => {
    const typed = { ...blank, title: 'VPN is down' }
    expect(overwritten(typed, templateFields(vpn), blank)).toEqual([])
  })
})
