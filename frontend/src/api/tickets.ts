// Tickets: typed wrappers over the bound Go facade, query keys and the hooks that cache them.
import { useMutation, useQuery, useQueryClient, keepPreviousData, type QueryClient } from '@tanstack/react-query'
import * as Go from '../../wailsjs/go/app/Tickets'
import type { app, ticket } from '../../wailsjs/go/models'
import { call, onEvent } from './client'

export type Detail = app.Detail
export type Page = app.Page
export type Row = ticket.Row
export type Ticket = ticket.Ticket
export type TimelineEvent = ticket.Event
export type LinkedTicket = ticket.LinkedTicket
export type Hit = ticket.Hit
export type Saved = app.Saved

export type TicketType = 'incident' | 'request'
export type State = 'new' | 'in_progress' | 'on_hold' | 'resolved' | 'closed' | 'canceled'
export const STATES: readonly State[] = ['new', 'in_progress', 'on_hold', 'resolved', 'closed', 'canceled']
export type SortKey = 'priority' | 'number' | 'created' | 'updated' | 'title' | 'state' | 'sla'
export type CommentKind = 'reply' | 'note' | 'worklog'

/** What a person fills in to log a ticket (ticket.Draft in Go). */
export interface Draft {
  type: TicketType
  title: string
  description: string
  requesterId: string
  category: string
  subcategory: string
  /** Unlinked text: a service or CI named before they were references (or typed in an
   * import or template); Go links it on create when it names exactly one record. */
  service: string
  ci: string
  /** The service and the CI (an asset) the ticket is about; '' for none. */
  serviceId: string
  ciId: string
  impact: number
  urgency: number
  /** 0: computed from impact × urgency. */
  priority: number
  priorityReason: string
  groupId: string
  assigneeId: string
  source: string
  tags: string[]
}

/** An in-place edit: absent fields stay as they are (ticket.Patch in Go). */
export type Patch = Partial<Omit<Draft, 'type' | 'tags'>> & { tags?: string[] }

/** A requested transition (ticket.Move in Go). */
export interface Move {
  to: State
  holdReason?: string
  resolutionCode?: string
  resolutionNotes?: string
  reason?: string
  includeChildren?: boolean
}

/** Filters and order of a queue; paging is added per page. */
export interface QueueFilter {
  view: string
  type: '' | TicketType
  states: State[]
  priorities: number[]
  assigneeId: string
  groupId: string
  requesterId: string
  /** One department's desk ('' or absent: every department's). */
  departmentId?: string
  /** A search (words, "phrases", -exclusions, field:value filters); '' for none. */
  search: string
  /** Filters on any column (ticket.Filter in Go); all of them hold. */
  filters: Filter[]
  sort: SortKey
  desc: boolean
}

/** One column's filter: its values, or for created/updated/resolved a range of days
 * (YYYY-MM-DD, or -7d for seven days ago). */
export interface Filter {
  field: string
  values: string[]
  from: string
  to: string
}

/** Filter values Go resolves for whoever opens the queue. */
export const ME = '@me'
export const NOBODY = '@none'
export const MY_GROUPS = '@mine'

export const PAGE_SIZE = 50

/** defaultFilter is where a queue without a saved view starts (Go's boot data reads the desk's
 * first queue with the same filter: app/boot.go). */
export function defaultFilter(view: string, type: '' | TicketType, search: string): QueueFilter {
  return {
    view,
    type,
    states: [],
    priorities: [],
    assigneeId: '',
    groupId: '',
    requesterId: '',
    search,
    filters: [],
    // Breaching soon reads best nearest-due first, Breached longest-breached first.
    sort: view === 'recently_resolved' ? 'updated' : view === 'breaching_soon' || view === 'breached' ? 'sla' : 'priority',
    desc: view === 'recently_resolved',
  }
}

export const ticketKeys = {
  all: ['tickets'] as const,
  queue: (f: QueueFilter) => ['tickets', 'queue', f] as const,
  page: (f: QueueFilter, page: number) => ['tickets', 'queue', f, page] as const,
  detail: (id: string) => ['tickets', 'detail', id] as const,
  search: (text: string) => ['tickets', 'search', text] as const,
  /** Not under 'tickets': a ticket's change must not reload what the person is typing. */
  drafts: (id: string) => ['drafts', id] as const,
}

export const getQueuePage = (f: QueueFilter, page: number): Promise<Page> =>
  // Page 0 also counts the queue; later pages skip the COUNT.
  call(() => Go.Queue({ ...f, offset: page * PAGE_SIZE, limit: PAGE_SIZE } as ticket.Query, page === 0))

export const getTicket = (idOrNumber: string): Promise<Detail> => call(() => Go.Get(idOrNumber))

export const createTicket = (d: Draft): Promise<Ticket> =>
  call(() => Go.Create({ ...d, tags: d.tags } as ticket.Draft))

export const updateTicket = (id: string, p: Patch): Promise<Detail> => call(() => Go.Update(id, p as ticket.Patch))

export const transitionTicket = (id: string, m: Move): Promise<Detail> =>
  call(() =>
    Go.Transition(id, {
      to: m.to,
      holdReason: m.holdReason ?? '',
      resolutionCode: m.resolutionCode ?? '',
      resolutionNotes: m.resolutionNotes ?? '',
      reason: m.reason ?? '',
      includeChildren: m.includeChildren ?? false,
    }),
  )

export const addComment = (id: string, kind: CommentKind, body: string, minutes = 0): Promise<Detail> =>
  call(() => Go.Comment(id, kind, body, minutes))

export const setMajor = (id: string, major: boolean, reason: string): Promise<Detail> =>
  call(() => Go.SetMajor(id, major, reason))

export const setParent = (id: string, parentNumber: string): Promise<Detail> =>
  call(() => Go.SetParent(id, parentNumber))

export const relateTicket = (id: string, otherNumber: string): Promise<Detail> => call(() => Go.Relate(id, otherNumber))

export const markDuplicate = (id: string, originalNumber: string): Promise<Detail> =>
  call(() => Go.MarkDuplicate(id, originalNumber))

/** attachFile adds a file; an internal one is staff only (Go refuses it from a requester). */
export const attachFile = (id: string, name: string, base64: string, internal: boolean): Promise<Detail> =>
  call(() => Go.Attach(id, name, base64, internal))

/** saveAttachment asks where to save a file (the native dialog) and writes it there. */
export const saveAttachment = (attachmentId: string): Promise<Saved> => call(() => Go.SaveAttachment(attachmentId))

/** replaceWithAttachment writes over the existing file the person chose, once they said yes. */
export const replaceWithAttachment = (attachmentId: string): Promise<Saved> => call(() => Go.ReplaceWithAttachment(attachmentId))

/** What a person typed but has not sent on a ticket, by kind. */
export type Drafts = Partial<Record<CommentKind, string>>

export const getDrafts = (id: string): Promise<Drafts> => call(() => Go.Drafts(id))

/** saveDraft keeps text exactly as typed ("" clears the draft). */
export const saveDraft = (id: string, kind: CommentKind, body: string): Promise<void> => call(() => Go.SaveDraft(id, kind, body))

/** assignToMe assigns a ticket to the signed-in person (Go refuses it outside the ticket's group). */
export const assignToMe = (id: string): Promise<Detail> => call(() => Go.AssignToMe(id))

/** The tickets a bulk action applies to: picked ids, or every ticket of a view less some. */
export type Selection = { ids: string[]; all: false } | { all: true; query: QueueFilter; except: string[] }

/** One change a bulk action makes to each ticket (ticket.Change in Go): exactly one part. */
export type Change =
  | { patch: Patch }
  | { assignToMe: true }
  | { addTags: string[] }
  | { note: string }
  | { move: Move }

export type Outcome = ticket.Outcome
export type BulkResult = app.BulkResult

/** bulkChange makes one change to many tickets in one Go call; refused tickets come back listed. */
export const bulkChange = (sel: Selection, change: Change): Promise<BulkResult> =>
  call(() =>
    Go.Bulk(
      sel.all
        ? ({ ids: [], all: true, query: { ...sel.query, offset: 0, limit: 0 }, except: sel.except } as unknown as app.Selection)
        : ({ ids: sel.ids, all: false, except: [] } as unknown as app.Selection),
      change as ticket.Change,
    ),
  )

export const searchTickets = (text: string, limit = 20): Promise<Hit[]> => call(() => Go.Search(text, limit))

/** useTicket loads one ticket's detail (by id or number). */
export function useTicket(id: string | null) {
  return useQuery({
    queryKey: ticketKeys.detail(id ?? ''),
    queryFn: () => getTicket(id as string),
    enabled: !!id,
  })
}

/** useDrafts loads a ticket's drafts once; the composer then keeps the cache current as the
 * person types, so coming back to the ticket shows what was typed even before Go has it. */
export function useDrafts(id: string) {
  return useQuery({ queryKey: ticketKeys.drafts(id), queryFn: () => getDrafts(id), staleTime: Infinity, gcTime: Infinity })
}

/** useSearch runs the full-text search while the person types. */
export function useSearch(text: string) {
  const q = text.trim()
  return useQuery({
    queryKey: ticketKeys.search(q),
    queryFn: () => searchTickets(q),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  })
}

/** useTicketWrite wraps a write that returns the fresh detail: the cache gets it at once. */
export function useTicketWrite<V>(id: string, fn: (vars: V) => Promise<Detail>) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: (detail) => {
      qc.setQueryData(ticketKeys.detail(id), detail)
      void qc.invalidateQueries({ queryKey: ['tickets', 'queue'] })
    },
  })
}

/** useCreateTicket logs a ticket and refreshes the queues. */
export function useCreateTicket() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: createTicket,
    onSuccess: () => void qc.invalidateQueries({ queryKey: ticketKeys.all }),
  })
}

/** listenForTicketChanges keeps cached tickets fresh when Go writes them. */
export function listenForTicketChanges(qc: QueryClient): () => void {
  return onEvent('ticket:changed', (id) => {
    if (id) {
      void qc.invalidateQueries({ queryKey: ticketKeys.detail(id) })
      void qc.invalidateQueries({ queryKey: ['tickets', 'queue'] })
      void qc.invalidateQueries({ queryKey: ['tickets', 'search'] })
    } else {
      void qc.invalidateQueries({ queryKey: ticketKeys.all })
    }
  })
}
