// Satisfaction: typed wrappers over the bound Go facade (ratings of resolved tickets and the
// managers' report), query keys and hooks.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import * as Go from '../../wailsjs/go/app/Satisfaction'
import type { satisfaction } from '../../wailsjs/go/models'
import { call } from './client'
import type { ExportFormat, ExportSaved } from './exports'
import { ticketKeys } from './tickets'

export type Given = satisfaction.Given
export type Rating = satisfaction.Rating
export type SatisfactionReport = satisfaction.Report
export type ReportLine = satisfaction.Line

/** A half-open span of time, unix ms. */
export interface Period {
  from: number
  to: number
}

export const satisfactionKeys = {
  ticket: (id: string) => ['satisfaction', 'ticket', id] as const,
  report: (p: Period) => ['satisfaction', 'report', p] as const,
}

export const satisfactionApi = {
  get: (ticketId: string) => call(() => Go.Get(ticketId)),
  rate: (ticketId: string, score: number, comment: string) => call(() => Go.Rate(ticketId, { score, comment })),
  report: (p: Period) => call(() => Go.Report(p)),
  export: (p: Period, format: ExportFormat): Promise<ExportSaved> => call(() => Go.Export(p, format)),
}

/** useRating is the ticket's rating and whether the signed-in person may give it now. */
export function useRating(ticketId: string, updatedAt: number) {
  return useQuery({ queryKey: [...satisfactionKeys.ticket(ticketId), updatedAt], queryFn: () => satisfactionApi.get(ticketId) })
}

export function useRate(ticketId: string) {
  const qc = useQueryClient()
  return useMutation({
    mutationFn: (v: { score: number; comment: string }) => satisfactionApi.rate(ticketId, v.score, v.comment),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: satisfactionKeys.ticket(ticketId) })
      void qc.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) })
      void qc.invalidateQueries({ queryKey: ['satisfaction', 'report'] })
    },
  })
}

export function useSatisfactionReport(p: Period) {
  return useQuery({ queryKey: satisfactionKeys.report(p), queryFn: () => satisfactionApi.report(p) })
}
