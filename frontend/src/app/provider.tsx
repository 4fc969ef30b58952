import { useEffect, useState, type ReactNode } from 'react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { listenForApprovalChanges } from '../api/approvals'
import { listenForCatalogChanges } from '../api/catalog'
import { listenForArticleChanges } from '../api/knowledge'
import { listenForSLAClock, listenForSLAEvents } from '../api/sla'
import { listenForSyncEvents } from '../api/sync'
import { listenForTicketChanges } from '../api/tickets'

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // Go is local: a failed call is a real answer (validation, not found), not a flaky network.
      queries: { retry: false, refetchOnWindowFocus: false, staleTime: 10_000 },
      mutations: { retry: false },
    },
  })
}

/** AppProvider holds the query cache and keeps it in step with Go's change events. */
export function AppProvider({ children, client }: { children: ReactNode; client?: QueryClient }) {
  const [qc] = useState(() => client ?? makeQueryClient())
  useEffect(() => listenForTicketChanges(qc), [qc])
  useEffect(() => listenForSLAEvents(qc), [qc])
  useEffect(() => listenForSLAClock(qc), [qc])
  useEffect(() => listenForSyncEvents(qc), [qc])
  useEffect(() => listenForArticleChanges(qc), [qc])
  useEffect(() => listenForApprovalChanges(qc), [qc])
  useEffect(() => listenForCatalogChanges(qc), [qc])
  return <QueryClientProvider client={qc}>{children}</QueryClientProvider>
}
