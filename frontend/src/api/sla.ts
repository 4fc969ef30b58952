// SLA: typed wrappers over the bound Go facade app.SLA, query keys and hooks.
//
// The generated bindings (wailsjs/go/app/SLA) appear once main.go binds app.NewSLA and the
// bindings are regenerated; until then this file reaches the same bound methods through the
// object Wails injects (window.go.app.SLA), which is exactly what the generated code calls.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { call, onEvent } from './client'

export type ClockState = 'running' | 'paused' | 'met' | 'breached' | 'canceled'
export type Stage = 'ok' | 'warning' | 'breached' | ''

export interface Target {
  value: number
  unit: 'minutes' | 'hours' | 'days'
}

export interface Clock {
  kind: 'response' | 'resolution'
  target: Target
  business: boolean
  targetMs: number
  elapsedMs: number
  dueAt: number
  state: ClockState
  stage: Stage
  startedAt: number
  stoppedAt: number
}

export interface TicketStatus {
  ticketId: string
  policyId: string
  policyName: string
  now: number
  priority: number
  response: Clock
  resolution: Clock
  paused: boolean
  stage: Stage
  dueAt: number
}

export interface Notification {
  id: string
  userId: string
  ticketId: string
  ticketNumber: string
  kind: 'sla_warning' | 'sla_breach' | 'sla_escalation' | string
  message: string
  createdAt: number
  readAt: number
}

export interface NotificationPage {
  items: Notification[]
  unread: number
}

interface SLAFacade {
  Status(ticketId: string): Promise<TicketStatus>
  Notifications(unreadOnly: boolean, limit: number): Promise<NotificationPage>
  UnreadCount(): Promise<number>
  MarkRead(ids: string[]): Promise<void>
  SweepNow(): Promise<unknown>
}

function facade(): SLAFacade {
  const w = window as unknown as { go?: { app?: { SLA?: SLAFacade } } }
  const f = w.go?.app?.SLA
  if (!f) throw new Error('the SLA facade is not bound')
  return f
}

export const slaApi = {
  status: (ticketId: string) => call(() => facade().Status(ticketId)),
  notifications: (unreadOnly = false, limit = 50) => call(() => facade().Notifications(unreadOnly, limit)),
  markRead: (ids: string[]) => call(() => facade().MarkRead(ids)),
  sweepNow: () => call(() => facade().SweepNow()),
}

export const slaKeys = {
  status: (id: string) => ['sla', 'status', id] as const,
  notifications: ['sla', 'notifications'] as const,
}

/** listenForSLAEvents refetches SLA data when Go says it changed; returns the unsubscribe. */
export function listenForSLAEvents(qc: QueryClient): () => void {
  const offSla = onEvent('sla:changed', () => void qc.invalidateQueries({ queryKey: ['sla'] }))
  const offNote = onEvent('notification:new', () => void qc.invalidateQueries({ queryKey: slaKeys.notifications }))
  const offTicket = onEvent('ticket:changed', () => void qc.invalidateQueries({ queryKey: ['sla', 'status'] }))
  return () => {
    offSla()
    offNote()
    offTicket()
  }
}

/** useSlaEvents is listenForSLAEvents for a component outside the app provider. */
export function useSlaEvents(): void {
  const qc = useQueryClient()
  useEffect(() => listenForSLAEvents(qc), [qc])
}

export function useSlaStatus(ticketId: string) {
  return useQuery({ queryKey: slaKeys.status(ticketId), queryFn: () => slaApi.status(ticketId), enabled: ticketId !== '' })
}

export function useNotifications() {
  return useQuery({ queryKey: slaKeys.notifications, queryFn: () => slaApi.notifications(false, 50) })
}

export function useMarkRead() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (ids: string[]) => slaApi.markRead(ids),
    onSuccess: () => qc.invalidateQueries({ queryKey: slaKeys.notifications }),
  })
}

/** useSLAStatus is useSlaStatus under the name the ticket pane uses. */
export const useSLAStatus = useSlaStatus
