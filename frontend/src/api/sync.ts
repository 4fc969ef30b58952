// Sync: typed wrappers over the bound Go facade app.Sync, query keys, hooks and events.
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import * as Go from '../../wailsjs/go/app/Sync'
import type { app } from '../../wailsjs/go/models'
import { afterFirstScreen, call, onEvent } from './client'

/** local: not connected; offline: the last try could not reach the server. */
export type SyncState = 'local' | 'syncing' | 'offline' | 'error' | 'synced'

export interface SyncProgress {
  done: number
  total: number
}

export interface SyncFault {
  code: string
  message: string
  at: number
}

export interface SyncStatus {
  state: SyncState
  joined: boolean
  server: string
  userId: string
  userName: string
  email: string
  pending: number
  lastSync: number
  /** Go's clock when the status was taken. */
  now: number
  openConflicts: number
  rejected: number
  progress: SyncProgress
  lastError: SyncFault | null
}

export interface SyncReport {
  pushed: number
  accepted: number
  rejected: number
  pulled: number
  conflicts: number
  status: SyncStatus
}

export interface ServerInfo {
  url: string
  status: string
  version: string
}

/** A concurrent edit of one field: this desk's value and the other one, readable. */
export interface Conflict {
  id: string
  entity: string
  recordId: string
  field: string
  kind: string
  /** Which value is in place now. */
  winner: 'mine' | 'theirs'
  createdAt: number
  recordNumber: string
  recordTitle: string
  mineText: string
  theirsText: string
  /** The field can be settled with a typed value. */
  editable: boolean
}

/** An op of mine the server refused, with its reason. */
export interface Rejection {
  opId: number
  entity: string
  recordId: string
  /** The ticket the op was about (a comment's or file's ticket); '' when not known here. */
  ticketId: string
  op: string
  field: string
  code: string
  reason: string
  at: number
  recordNumber: string
  recordTitle: string
  valueText: string
  /**
   * The desk's own work (auto-close, an SLA escalation), pushed under the signed-in user's
   * name: they did not make this change themselves.
   */
  auto: boolean
}

export type SettleChoice = 'keep-mine' | 'keep-theirs' | 'edit'

export const syncKeys = {
  all: ['sync'] as const,
  status: ['sync', 'status'] as const,
  conflicts: ['sync', 'conflicts'] as const,
  rejections: ['sync', 'rejections'] as const,
}

// The generated types carry json.RawMessage as number[]; these DTOs are what Go sends.
const asStatus = (s: app.SyncStatus) => s as unknown as SyncStatus

export const getSyncStatus = (): Promise<SyncStatus> => call(() => Go.Status()).then(asStatus)
export const testConnection = (url: string): Promise<ServerInfo> => call(() => Go.TestConnection(url))
export const connect = (v: { serverUrl: string; email: string; password: string }): Promise<SyncStatus> =>
  call(() => Go.Connect(v.serverUrl, v.email, v.password)).then(asStatus)
export const disconnect = (): Promise<SyncStatus> => call(() => Go.Disconnect()).then(asStatus)
export const syncNow = (): Promise<SyncReport> => call(() => Go.SyncNow()).then((r) => r as unknown as SyncReport)
export const getConflicts = (): Promise<Conflict[]> =>
  call(() => Go.Conflicts()).then((l) => (l ?? []) as unknown as Conflict[])
export const getRejections = (): Promise<Rejection[]> =>
  call(() => Go.Rejections()).then((l) => (l ?? []) as unknown as Rejection[])
export const settle = (v: { id: string; choice: SettleChoice; value?: string }): Promise<void> =>
  call(() => Go.Settle(v.id, v.choice, v.value ?? ''))

export function useSyncStatus() {
  return useQuery({ queryKey: syncKeys.status, queryFn: () => afterFirstScreen(getSyncStatus), staleTime: 30_000, refetchInterval: 60_000 })
}

export function useConflicts() {
  return useQuery({ queryKey: syncKeys.conflicts, queryFn: getConflicts })
}

export function useRejections() {
  return useQuery({ queryKey: syncKeys.rejections, queryFn: getRejections })
}

export function useTestConnection() {
  return useMutation({ mutationFn: testConnection })
}

/** useConnect signs in; the app then acts as another user, so every cached answer is stale. */
export function useConnect() {
  const qc = useQueryClient()
  return useMutation({
    mutationKey: ['sync', 'connect'],
    mutationFn: connect,
    onSuccess: (st) => {
      qc.setQueryData(syncKeys.status, st)
      void qc.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'sync' || q.queryKey[1] !== 'status' })
    },
  })
}

export function useDisconnect() {
  const qc = useQueryClient()
  return useMutation({
    mutationKey: ['sync', 'disconnect'],
    mutationFn: disconnect,
    onSuccess: (st) => qc.setQueryData(syncKeys.status, st),
  })
}

export function useSyncNow() {
  const qc = useQueryClient()
  return useMutation({
    mutationKey: ['sync', 'now'],
    mutationFn: syncNow,
    onSuccess: (r) => {
      qc.setQueryData(syncKeys.status, r.status)
      void qc.invalidateQueries({ queryKey: syncKeys.conflicts })
      void qc.invalidateQueries({ queryKey: syncKeys.rejections })
    },
    // A failed sync (offline) changed the status too.
    onError: () => void qc.invalidateQueries({ queryKey: syncKeys.status }),
  })
}

export function useSettle() {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: settle,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: syncKeys.all })
      void qc.invalidateQueries({ queryKey: ['tickets'] })
    },
  })
}

/** useSyncProgress follows the sync:progress events of a running pull. */
export function useSyncProgress(): SyncProgress | null {
  const [p, setP] = useState<SyncProgress | null>(null)
  useEffect(() => onEvent('sync:progress', (v) => setP(v)), [])
  useEffect(
    () =>
      onEvent('sync:status', (st) => {
        if (st.state !== 'syncing') setP(null)
      }),
    [],
  )
  return p
}

/**
 * listenForSyncEvents keeps the indicator and the inbox current: sync:status carries the new
 * status; when a sync ends, conflicts, rejections and the directory (users, groups) may have
 * changed. session:changed means the app now acts as another user.
 */
export function listenForSyncEvents(qc: QueryClient): () => void {
  const offStatus = onEvent('sync:status', (st) => {
    qc.setQueryData(syncKeys.status, st)
    if (st.state !== 'syncing') {
      void qc.invalidateQueries({ queryKey: syncKeys.conflicts })
      void qc.invalidateQueries({ queryKey: syncKeys.rejections })
      void qc.invalidateQueries({ queryKey: ['session', 'reference'] })
    }
  })
  const offSession = onEvent('session:changed', () => void qc.invalidateQueries({ queryKey: ['session'] }))
  // Go's own writes (an SLA escalation, auto-close) add changes waiting to upload too.
  const offTickets = onEvent('ticket:changed', () => void qc.invalidateQueries({ queryKey: syncKeys.status }))
  // Any write that succeeds (a ticket edit, a comment) may add changes waiting to upload.
  const offWrites = qc.getMutationCache().subscribe((e) => {
    if (e.type !== 'updated' || e.action.type !== 'success') return
    const key = e.mutation.options.mutationKey
    if (key?.[0] === 'sync') return
    void qc.invalidateQueries({ queryKey: syncKeys.status })
  })
  return () => {
    offStatus()
    offSession()
    offTickets()
    offWrites()
  }
}
