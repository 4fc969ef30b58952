// Templates: canned replies and ticket templates, typed wrappers over the bound Go facade and
// the hooks that cache them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import * as Go from '../../wailsjs/go/app/Templates'
// Types only: the bound methods send their arguments as JSON, so a plain object goes as the
// generated class's createFrom copy would, and a value import of the generated models put all
// of them (130k characters of source) in the bundle parsed at start-up.
import type { canned } from '../../wailsjs/go/models'
import { call } from './client'
import type { TicketType } from './tickets'

/** A canned reply: personal (ownerId) or a group's (groupId). */
export type Reply = canned.Reply
/** A ticket template: what the New ticket form is filled with. */
export type TicketTemplate = Omit<canned.Ticket, 'type'> & { type: TicketType }
/** A variable a canned reply may use, with what it stands for. */
export type Variable = canned.Variable

export const templateKeys = {
  all: ['templates'] as const,
  replies: (all: boolean) => ['templates', 'replies', all] as const,
  tickets: (all: boolean) => ['templates', 'tickets', all] as const,
  variables: ['templates', 'variables'] as const,
}

export const listReplies = (all: boolean): Promise<Reply[]> => call(() => Go.Replies(all)).then((l) => l ?? [])
export const saveReply = (r: Reply): Promise<Reply> => call(() => Go.SaveReply(r))
export const deleteReply = (id: string): Promise<void> => call(() => Go.DeleteReply(id))
/** expandReply is the reply's text for the ticket, its variables filled by Go for the person
 * inserting it; an unknown variable, or one with no value here, fails with a body error. */
export const expandReply = (id: string, ticketId: string): Promise<string> => call(() => Go.ExpandReply(id, ticketId))
export const listTicketTemplates = (all: boolean): Promise<TicketTemplate[]> =>
  call(() => Go.TicketTemplates(all)).then((l) => (l ?? []) as TicketTemplate[])
export const saveTicketTemplate = (t: TicketTemplate): Promise<TicketTemplate> =>
  call(() => Go.SaveTicketTemplate(t)) as Promise<TicketTemplate>
export const deleteTicketTemplate = (id: string): Promise<void> => call(() => Go.DeleteTicketTemplate(id))
export const listVariables = (): Promise<Variable[]> => call(() => Go.Variables())

/** useReplies: the replies the person inserts (all: every group's too, for Settings). */
export function useReplies(all = false, enabled = true) {
  return useQuery({ queryKey: templateKeys.replies(all), queryFn: () => listReplies(all), staleTime: 30_000, enabled })
}

export function useTicketTemplates(all = false, enabled = true) {
  return useQuery({ queryKey: templateKeys.tickets(all), queryFn: () => listTicketTemplates(all), staleTime: 30_000, enabled })
}

export function useVariables() {
  return useQuery({ queryKey: templateKeys.variables, queryFn: listVariables, staleTime: Infinity })
}

/** useTemplateWrite runs a template change and refreshes every template list. */
export function useTemplateWrite<V, R>(fn: (vars: V) => Promise<R>) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: () => void qc.invalidateQueries({ queryKey: templateKeys.all }),
  })
}
