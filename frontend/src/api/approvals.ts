// Approvals: typed wrappers over the bound Go facade, query keys and the hooks that cache them.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import * as Go from '../../wailsjs/go/app/Approvals'
import type { app, approval } from '../../wailsjs/go/models'
import { afterFirstScreen, call, onEvent } from './client'

export type ApprovalView = approval.View
export type TrailEntry = approval.TrailEntry
export type ApprovalState = 'pending' | 'approved' | 'rejected' | 'cancelled'
export type Verdict = 'approve' | 'reject'
export type By = 'manager' | 'group' | 'people'
export type Policy = 'all' | 'any' | 'majority'

/** An agent's "Ask for approval…" (app.Ask in Go). */
export interface Ask {
  by: By
  policy: Policy
  groupId: string
  approvers: string[]
}

export const approvalKeys = {
  all: ['approvals'] as const,
  inbox: ['approvals', 'inbox'] as const,
  count: ['approvals', 'count'] as const,
  subject: (kind: string, id: string) => ['approvals', 'subject', kind, id] as const,
}

export const approvalsApi = {
  inbox: () => call(() => Go.Inbox()),
  count: () => call(() => Go.Count()),
  forSubject: (kind: string, id: string) => call(() => Go.ForSubject(kind, id)),
  decide: (id: string, verdict: Verdict, comment: string) => call(() => Go.Decide(id, verdict, comment)),
  cancel: (id: string) => call(() => Go.Cancel(id)),
  askForTicket: (ticketId: string, ask: Ask) => call(() => Go.AskForTicket(ticketId, ask as unknown as app.Ask)),
}

export function useApprovalInbox() {
  return useQuery({ queryKey: approvalKeys.inbox, queryFn: () => approvalsApi.inbox() })
}

export function useApprovalCount(enabled: boolean) {
  return useQuery({ queryKey: approvalKeys.count, queryFn: () => afterFirstScreen(() => approvalsApi.count()), enabled })
}

export function useSubjectApprovals(kind: string, id: string) {
  return useQuery({ queryKey: approvalKeys.subject(kind, id), queryFn: () => approvalsApi.forSubject(kind, id) })
}

export function useDecide() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { id: string; verdict: Verdict; comment: string }) => approvalsApi.decide(v.id, v.verdict, v.comment),
    onSuccess: () => qc.invalidateQueries({ queryKey: approvalKeys.all }),
  })
}

/** listenForApprovalChanges refetches approvals when Go says one changed, or a pull (a
 * ticket change of "") may have brought decisions from other desks. */
export function listenForApprovalChanges(qc: QueryClient): () => void {
  const offApproval = onEvent('approval:changed', () => void qc.invalidateQueries({ queryKey: approvalKeys.all }))
  const offTicket = onEvent('ticket:changed', () => void qc.invalidateQueries({ queryKey: approvalKeys.all }))
  // Another person signed in: what they may decide differs.
  const offSession = onEvent('session:changed', () => void qc.invalidateQueries({ queryKey: approvalKeys.all }))
  return () => {
    offApproval()
    offTicket()
    offSession()
  }
}
