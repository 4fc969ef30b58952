// SLA: typed wrappers over the bound Go facade app.SLA, query keys and hooks.
//
// The generated bindings (wailsjs/go/app/SLA) appear once main.go binds app.NewSLA and the
// bindings are regenerated; until then this file reaches the same bound methods through the
// object Wails injects (window.go.app.SLA), which is exactly what the generated code calls.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import * as Go from '../../wailsjs/go/app/SLA'
import type { sla } from '../../wailsjs/go/models'
import { advanceGoClock } from '../lib/clock'
import { afterFirstScreen, call, onEvent } from './client'

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
  /** When elapsed reaches the warning share (0 while paused short of it). */
  warnAt: number
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
  /** The nearest warning instant of a running clock. */
  warnAt: number
  /** When the ticket breaches or breached, also while paused after its due time. */
  breachAt: number
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

// ---------------------------------------------------------------------------------------------
// Settings, what-if, reports and the bell: these use the generated bindings (now bound in
// main.go). Keys live under the ones above, so their invalidations reach these too.

export type Policy = sla.Policy
export type PriorityTarget = sla.PriorityTarget
export type Match = sla.Match
export type Escalation = sla.Escalation
export type Calendar = sla.Calendar
export type Interval = sla.Interval
export type Holiday = sla.Holiday
export type Exception = sla.Exception
export type Span = sla.Span
export type WhatIf = sla.WhatIf
export type Report = sla.Report
export type Compliance = sla.Compliance
export type Distribution = sla.Distribution
export type Unit = Target['unit']

/** What to simulate: an edited policy or calendar over the last `days` of tickets. */
export interface WhatIfRequest {
  days: number
  policy?: Policy
  calendar?: Calendar
}

export const slaAdminKeys = {
  policies: ['sla', 'policies'] as const,
  calendars: ['sla', 'calendars'] as const,
  sweepEvery: ['sla', 'sweep-every'] as const,
  report: (from: number, to: number) => ['sla', 'report', from, to] as const,
  /** Under slaKeys.notifications: whatever refreshes the list refreshes the count. */
  unread: [...slaKeys.notifications, 'unread'] as const,
}

export const getPolicies = (): Promise<Policy[]> => call(() => Go.Policies())
export const savePolicy = (p: Policy): Promise<Policy> => call(() => Go.SavePolicy(p))
export const deletePolicy = (id: string): Promise<void> => call(() => Go.DeletePolicy(id))
export const reorderPolicies = (ids: string[]): Promise<void> => call(() => Go.ReorderPolicies(ids))
export const getCalendars = (): Promise<Calendar[]> => call(() => Go.Calendars())
export const saveCalendar = (c: Calendar): Promise<Calendar> => call(() => Go.SaveCalendar(c))
export const deleteCalendar = (id: string): Promise<void> => call(() => Go.DeleteCalendar(id))
export const whatIf = (req: WhatIfRequest): Promise<WhatIf> => call(() => Go.WhatIf(req as sla.WhatIfRequest))
export const getReport = (from: number, to: number): Promise<Report> => call(() => Go.Report({ from, to }))
export const getUnreadCount = (): Promise<number> => call(() => Go.UnreadCount())
export const getSweepEvery = (): Promise<string> => call(() => Go.SweepEvery())
export const setSweepEvery = (every: string): Promise<void> => call(() => Go.SetSweepEvery(every))

export function usePolicies() {
  return useQuery({ queryKey: slaAdminKeys.policies, queryFn: getPolicies })
}

export function useCalendars() {
  return useQuery({ queryKey: slaAdminKeys.calendars, queryFn: getCalendars })
}

export function useSweepEvery() {
  return useQuery({ queryKey: slaAdminKeys.sweepEvery, queryFn: getSweepEvery })
}

export function useReport(from: number, to: number) {
  return useQuery({ queryKey: slaAdminKeys.report(from, to), queryFn: () => getReport(from, to) })
}

/** useUnreadCount is the bell's badge; notification:new refreshes it (see listenForSLAEvents). */
export function useUnreadCount() {
  return useQuery({ queryKey: slaAdminKeys.unread, queryFn: () => afterFirstScreen(getUnreadCount), staleTime: Infinity })
}

/** useSLAWrite wraps a policy/calendar/sweep write: any SLA answer and queue row may change. */
export function useSLAWrite<V, R>(fn: (vars: V) => Promise<R>) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['sla'] })
      void qc.invalidateQueries({ queryKey: ['tickets', 'queue'] })
    },
  })
}

/**
 * listenForSLAClock follows what listenForSLAEvents leaves out: a sweep that fired moves queue
 * rows (stage, due), and the test clock moving (clock:advanced) shifts every countdown and the
 * "Breaching soon" window, which counts from Go's now.
 */
export function listenForSLAClock(qc: QueryClient): () => void {
  const offSla = onEvent('sla:changed', () => void qc.invalidateQueries({ queryKey: ['tickets', 'queue'] }))
  const offClock = onEvent('clock:advanced', (minutes) => {
    advanceGoClock(Number(minutes) || 0)
    void qc.invalidateQueries({ queryKey: ['sla', 'status'] })
    void qc.invalidateQueries({ queryKey: ['tickets', 'queue'] })
  })
  return () => {
    offSla()
    offClock()
  }
}
