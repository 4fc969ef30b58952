// Exports: a queue, a saved view, the asset list or a ticket written to a file the person picks in the native
// save dialog. Go reads every page itself; the page sends only the filter and sort.
import * as Go from '../../wailsjs/go/app/Exports'
import type { app, asset, sla, ticket } from '../../wailsjs/go/models'
import { call } from './client'
import type { QueueFilter } from './tickets'

export type ExportFormat = 'csv' | 'json'
/** Where the file went; exists: the chosen file is there already and nothing was written. */
export type ExportSaved = app.Saved

/** exportQueue writes every row of the queue (all pages) with its current filters and sort. */
export const exportQueue = (f: QueueFilter, name: string, format: ExportFormat): Promise<ExportSaved> =>
  call(() => Go.Queue({ ...f, offset: 0, limit: 0 } as ticket.Query, name, format))

/** exportView writes every row of a saved view as it is saved. */
export const exportView = (id: string, format: ExportFormat): Promise<ExportSaved> => call(() => Go.View(id, format))

/** exportAssets writes every asset of the list (all pages) with its current filters and sort. */
export const exportAssets = (q: asset.Query, name: string, format: ExportFormat): Promise<ExportSaved> =>
  call(() => Go.Assets({ ...q, offset: 0, limit: 0 } as asset.Query, name, format))

/** exportSLAReport writes the SLA report of the period (from, to: unix ms; to 0 = now). */
export const exportSLAReport = (from: number, to: number, format: ExportFormat): Promise<ExportSaved> =>
  call(() => Go.SLAReport({ from, to } as sla.ReportRequest, format))

/** The asset reports an export writes. */
export type AssetReportName = 'licences' | 'warranties' | 'not_seen'

/** exportAssetReport writes every row of an asset report with its window (days) and filter. */
export const exportAssetReport = (report: AssetReportName, days: number, overOnly: boolean, format: ExportFormat): Promise<ExportSaved> =>
  call(() => Go.AssetReport(report, { days, offset: 0, limit: 0, overOnly } as asset.LicenceQuery, format))

/** exportTicket writes one ticket with its conversation, files and audit trail as JSON. */
export const exportTicket = (id: string): Promise<ExportSaved> => call(() => Go.Ticket(id))

/** savedNote is what the person reads after an export: where the file went. */
export function savedNote(r: ExportSaved): string {
  if (r.canceled) return ''
  return r.exists ? `${r.path} already exists: choose another name.` : `Exported to ${r.path}`
}
