// Assets and configuration items: the list, an asset's page (fields, moves, relationships,
// history), impact analysis and this machine's inventory. Go checks every write's role again;
// the screens only hide what would be refused.
import { useEffect } from 'react'
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import * as Go from '../../wailsjs/go/app/Assets'
import type { app, asset } from '../../wailsjs/go/models'
import { call, onEvent } from './client'

export type AssetMeta = app.AssetMetaDTO
export type AssetRow = asset.Row
export type AssetQuery = asset.Query
export type AssetPage = asset.Page
export type AssetLink = asset.Link
export type AssetHistoryEntry = asset.HistoryEntry
export type Impact = asset.Impact
export type ImpactNode = asset.Node

/** AssetFields are an asset's editable fields, as the form sends them whole. */
export interface AssetFields {
  type: string
  name: string
  serial: string
  model: string
  manufacturer: string
  ownerId: string | null
  location: string
  purchaseDate: string
  /** In cents; null when unknown. */
  cost: number | null
  warrantyEnd: string
  attributes: string
  lastSeenAt: number | null
}

export const emptyFields: AssetFields = {
  type: '',
  name: '',
  serial: '',
  model: '',
  manufacturer: '',
  ownerId: null,
  location: '',
  purchaseDate: '',
  cost: null,
  warrantyEnd: '',
  attributes: '',
  lastSeenAt: null,
}

/** fieldsOf reads an asset's editable fields. */
export function fieldsOf(a: AssetRow): AssetFields {
  return {
    type: a.type,
    name: a.name,
    serial: a.serial,
    model: a.model,
    manufacturer: a.manufacturer,
    ownerId: a.ownerId ?? null,
    location: a.location,
    purchaseDate: a.purchaseDate,
    cost: a.cost ?? null,
    warrantyEnd: a.warrantyEnd,
    attributes: a.attributes,
    lastSeenAt: a.lastSeenAt ?? null,
  }
}

/** searchCIs is a CI picker's search: the first 20 assets whose tag, name, serial, model or
 * location holds text, that the signed-in person may see. */
export async function searchCIs(text: string): Promise<{ id: string; label: string }[]> {
  const page = await call(() =>
    Go.List({ text, class: '', type: '', status: '', ownerId: '', sort: 'tag', desc: false, offset: 0, limit: 20 } as asset.Query),
  )
  return page.rows.map((r) => ({ id: r.id, label: `${r.tag} · ${r.name}` }))
}

export const assetKeys = {
  all: ['assets'] as const,
  meta: ['assets', 'meta'] as const,
  list: (q: AssetQuery) => ['assets', 'list', q] as const,
  detail: (id: string) => ['assets', 'detail', id] as const,
  links: (id: string) => ['assets', 'links', id] as const,
  history: (id: string) => ['assets', 'history', id] as const,
  impact: (id: string) => ['assets', 'impact', id] as const,
}

export const classLabels: Record<string, string> = {
  hardware: 'Hardware',
  software: 'Software',
  license: 'License',
  service: 'Business service',
}

export const statusLabels: Record<string, string> = {
  ordered: 'Ordered',
  in_stock: 'In stock',
  in_use: 'In use',
  in_repair: 'In repair',
  retired: 'Retired',
  disposed: 'Disposed',
}

export const relLabels: Record<string, string> = {
  depends_on: 'depends on',
  runs_on: 'runs on',
  installed_on: 'installed on',
  connected_to: 'connected to',
  used_by: 'used by',
}

/** label turns a code such as network_device into words. */
export const label = (s: string): string => s.replace(/_/g, ' ')

export function useAssetMeta() {
  return useQuery({ queryKey: assetKeys.meta, queryFn: () => call(() => Go.Meta()), staleTime: Infinity })
}

export function useAssetList(q: AssetQuery) {
  return useQuery({ queryKey: assetKeys.list(q), queryFn: () => call(() => Go.List(q)), placeholderData: keepPreviousData })
}

export function useAsset(id: string) {
  return useQuery({ queryKey: assetKeys.detail(id), queryFn: () => call(() => Go.Get(id)) })
}

export function useAssetLinks(id: string) {
  return useQuery({ queryKey: assetKeys.links(id), queryFn: () => call(() => Go.Links(id)) })
}

export function useAssetHistory(id: string) {
  return useQuery({ queryKey: assetKeys.history(id), queryFn: () => call(() => Go.History(id)) })
}

export function useImpact(id: string, enabled: boolean) {
  return useQuery({ queryKey: assetKeys.impact(id), queryFn: () => call(() => Go.Impact(id)), enabled })
}

/** useAssetEvents refreshes every asset query when Go says assets or tickets changed (a
 * write here, or a sync that pulled some). */
export function useAssetEvents() {
  const qc = useQueryClient()
  useEffect(() => {
    const refresh = () => void qc.invalidateQueries({ queryKey: assetKeys.all })
    const offs = [onEvent('asset:changed', refresh), onEvent('ticket:changed', refresh), onEvent('sync:status', refresh)]
    return () => offs.forEach((off) => off())
  }, [qc])
}

function useAssetWrite<A, R>(fn: (a: A) => Promise<R>) {
  const qc = useQueryClient()
  return useMutation({ mutationFn: fn, onSuccess: () => void qc.invalidateQueries({ queryKey: assetKeys.all }) })
}

export const useCreateAsset = () =>
  useAssetWrite((v: { class: string; status: string; fields: AssetFields }) =>
    call(() => Go.Create(v as unknown as app.NewAssetDTO)),
  )
export const useUpdateAsset = () =>
  useAssetWrite((v: { id: string; fields: AssetFields }) => call(() => Go.Update(v.id, v.fields as unknown as asset.Edit)))
export const useMoveAsset = () => useAssetWrite((v: { id: string; to: string }) => call(() => Go.Move(v.id, v.to)))
export const useRelate = () =>
  useAssetWrite((v: { from: string; target: string; type: string }) => call(() => Go.Relate(v.from, v.target, v.type)))
export const useUnrelate = () => useAssetWrite((id: string) => call(() => Go.Unrelate(id)))

export type InventoryResult = asset.InventoryResult
export type ReportQuery = asset.ReportQuery
export type LicenceQuery = asset.LicenceQuery
export type LicenceRow = asset.LicenceRow
export type LicencePage = asset.LicencePage
export type LicenceUse = asset.LicenceUse

export const reportKeys = {
  licences: (q: LicenceQuery) => ['assets', 'report', 'licences', q] as const,
  licence: (id: string) => ['assets', 'licence', id] as const,
  warranties: (q: ReportQuery) => ['assets', 'report', 'warranties', q] as const,
  notSeen: (q: ReportQuery) => ['assets', 'report', 'not-seen', q] as const,
}

/** useInventoryThisMachine reads this machine (gopsutil in Go) and creates or updates its asset. */
export const useInventoryThisMachine = () => useAssetWrite((_: void) => call(() => Go.InventoryThisMachine()))
/** useImportInventory records another machine's inventory file, given as its text. */
export const useImportInventory = () => useAssetWrite((text: string) => call(() => Go.ImportInventory(text)))

export function useLicences(q: LicenceQuery) {
  return useQuery({ queryKey: reportKeys.licences(q), queryFn: () => call(() => Go.Licences(q)), placeholderData: keepPreviousData })
}

export function useLicenceUse(id: string, enabled: boolean) {
  return useQuery({ queryKey: reportKeys.licence(id), queryFn: () => call(() => Go.Licence(id)), enabled })
}

export function useWarrantyReport(q: ReportQuery) {
  return useQuery({ queryKey: reportKeys.warranties(q), queryFn: () => call(() => Go.WarrantiesExpiring(q)), placeholderData: keepPreviousData })
}

export function useNotSeenReport(q: ReportQuery) {
  return useQuery({ queryKey: reportKeys.notSeen(q), queryFn: () => call(() => Go.NotSeen(q)), placeholderData: keepPreviousData })
}

/** InventoryFacts are the hardware attributes an inventory writes. */
export interface InventoryFacts {
  hostname?: string
  os?: string
  osVersion?: string
  cpu?: string
  cpuCount?: number
  memoryMB?: number
  disks?: string[]
  interfaces?: string[]
  macs?: string[]
  ip?: string
  software?: string[]
}

/** inventoryFacts reads an asset's attributes as inventory facts ({} when it has none). */
export function inventoryFacts(attributes: string): InventoryFacts {
  if (!attributes) return {}
  try {
    const v: unknown = JSON.parse(attributes)
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as InventoryFacts) : {}
  } catch {
    return {}
  }
}
