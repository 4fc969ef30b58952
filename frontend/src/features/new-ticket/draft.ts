// An empty New ticket form, apart from the dialog so the shell can start a draft (a type chosen
// from the palette or the requester's home) without loading the dialog's module.
import type { Draft } from '../../api/tickets'

export function emptyDraft(type: Draft['type'] = 'incident'): Draft {
  return {
    type,
    title: '',
    description: '',
    requesterId: '',
    category: '',
    subcategory: '',
    service: '',
    ci: '',
    serviceId: '',
    ciId: '',
    impact: 3,
    urgency: 3,
    priority: 0,
    priorityReason: '',
    groupId: '',
    assigneeId: '',
    source: 'phone',
    tags: [],
  }
}
