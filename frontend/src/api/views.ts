// Saved views, of the queue and of the asset list: typed wrappers over the bound Go facade and
// the hooks that cache them. Both lists' views are one record kind in Go (its subject says
// which list); each list lists, orders and names its own.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import * as Go from '../../wailsjs/go/app/Views'
import type { asset, ticket, view } from '../../wailsjs/go/models'
import type { AssetQuery } from './assets'
import { afterFirstScreen, call } from './client'
import type { QueueFilter, SortKey, TicketType, State } from './tickets'

/** A saved view as Go returns it; its query is the queue's filter and sort. */
export interface SavedView {
  id: string
  ownerId: string
  ownerName: string
  name: string
  position: number
  /** The group it is shared with; '' for a personal view. */
  groupId: string
  query: QueueFilter
  columns: string[]
}

/** What a person saves: a name, the queue's filters and sort, the visible columns. */
export interface ViewSpec {
  name: string
  query: QueueFilter
  columns: string[]
}

/** A sidebar count: up to 1000, more when there are more. -1: the view no longer holds. */
export type ViewCount = view.Count

export const viewKeys = {
  /** The queue's views; a prefix of the asset list's, so a refresh of one refreshes both. */
  list: ['views'] as const,
  assets: ['views', 'assets'] as const,
  /** Under the queue's key: whatever refreshes the queues refreshes their counts. */
  counts: ['tickets', 'queue', 'counts'] as const,
}

/** fromGo fills what Go leaves null (empty lists) so a view's query is a whole QueueFilter. */
function fromGo(v: view.View): SavedView {
  const q = v.query
  return {
    id: v.id,
    ownerId: v.ownerId,
    ownerName: v.ownerName,
    name: v.name,
    position: v.position,
    groupId: v.groupId,
    columns: v.columns ?? [],
    query: {
      view: q.view || 'all',
      type: (q.type || '') as '' | TicketType,
      states: (q.states ?? []) as State[],
      priorities: q.priorities ?? [],
      assigneeId: q.assigneeId ?? '',
      groupId: q.groupId ?? '',
      requesterId: q.requesterId ?? '',
      search: q.search ?? '',
      filters: (q.filters ?? []).map((f) => ({ field: f.field, values: f.values ?? [], from: f.from ?? '', to: f.to ?? '' })),
      sort: (q.sort || 'priority') as SortKey,
      desc: !!q.desc,
    },
  }
}

function toGo(s: ViewSpec): view.Spec {
  return { name: s.name, columns: s.columns, query: { ...s.query, offset: 0, limit: 0 } as ticket.Query } as view.Spec
}

/** A saved view of the asset list: its query is the list's filters and sort (no paging). */
export interface AssetView {
  id: string
  ownerId: string
  name: string
  position: number
  query: AssetQuery
  columns: string[]
}

/** What a person saves of the asset list. */
export interface AssetViewSpec {
  name: string
  query: AssetQuery
  columns: string[]
}

function assetFromGo(v: view.View): AssetView {
  const q = v.assetQuery
  return {
    id: v.id,
    ownerId: v.ownerId,
    name: v.name,
    position: v.position,
    columns: v.columns ?? [],
    query: {
      text: q?.text ?? '',
      class: q?.class ?? '',
      type: q?.type ?? '',
      status: q?.status ?? '',
      ownerId: q?.ownerId ?? '',
      sort: q?.sort || 'tag',
      desc: !!q?.desc,
      offset: 0,
      limit: 0,
    },
  }
}

function assetToGo(s: AssetViewSpec): view.Spec {
  return {
    name: s.name,
    subject: 'assets',
    columns: s.columns,
    assetQuery: { ...s.query, offset: 0, limit: 0 } as asset.Query,
  } as view.Spec
}

export const listAssetViews = async (): Promise<AssetView[]> => (await call(() => Go.ListOf('assets'))).map(assetFromGo)
export const createAssetView = async (s: AssetViewSpec): Promise<AssetView> => assetFromGo(await call(() => Go.Create(assetToGo(s))))
export const updateAssetView = async (id: string, s: AssetViewSpec): Promise<AssetView> =>
  assetFromGo(await call(() => Go.Update(id, assetToGo(s))))
export const renameAssetView = async (id: string, name: string): Promise<AssetView> => assetFromGo(await call(() => Go.Rename(id, name)))

/** useAssetViews keeps the person's views of the asset list, in their order. */
export function useAssetViews() {
  return useQuery({ queryKey: viewKeys.assets, queryFn: listAssetViews, staleTime: 60_000 })
}

/** savedViews reads Go's list of views (Views.List's, or the boot data's). */
export const savedViews = (vs: view.View[]): SavedView[] => vs.map(fromGo)
export const listViews = async (): Promise<SavedView[]> => savedViews(await call(() => Go.List()))
export const getViewCounts = (): Promise<ViewCount[]> => call(() => Go.Counts())
export const createView = async (s: ViewSpec): Promise<SavedView> => fromGo(await call(() => Go.Create(toGo(s))))
export const updateView = async (id: string, s: ViewSpec): Promise<SavedView> => fromGo(await call(() => Go.Update(id, toGo(s))))
export const renameView = async (id: string, name: string): Promise<SavedView> => fromGo(await call(() => Go.Rename(id, name)))
export const shareView = async (id: string, groupId: string): Promise<SavedView> => fromGo(await call(() => Go.Share(id, groupId)))
export const reorderViews = (ids: string[]): Promise<void> => call(() => Go.Reorder(ids))
export const deleteView = (id: string): Promise<void> => call(() => Go.Delete(id))

export function useSavedViews() {
  return useQuery({ queryKey: viewKeys.list, queryFn: listViews, staleTime: 60_000 })
}

/** useViewCounts keeps the sidebar's counts: refreshed with the queues (a ticket written here
 * or pulled), and every half minute for the clock's views (breaching soon). */
export function useViewCounts() {
  return useQuery({ queryKey: viewKeys.counts, queryFn: () => afterFirstScreen(getViewCounts), staleTime: 5_000, refetchInterval: 30_000 })
}

/** useViewWrite runs a view change and refreshes the list and the counts. */
export function useViewWrite<V, R>(fn: (vars: V) => Promise<R>) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: fn,
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: viewKeys.list })
      void qc.invalidateQueries({ queryKey: viewKeys.counts })
    },
  })
}
