import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/client'
import type { Conflict, Rejection, SettleChoice, SyncProgress, SyncStatus } from '../../api/sync'
import { SyncInbox } from './components/SyncInbox'
import { SyncIndicator } from './components/SyncIndicator'

// Only the src/api boundary is replaced; queries, the indicator and the inbox are real.
const status = vi.fn<() => Promise<SyncStatus>>()
const syncNow = vi.fn<() => Promise<{ status: SyncStatus }>>()
const conflicts = vi.fn<() => Promise<Conflict[]>>()
const rejections = vi.fn<() => Promise<Rejection[]>>()
const settle = vi.fn<(v: { id: string; choice: SettleChoice; value?: string }) => Promise<void>>()
type Form = { serverUrl: string; email: string; password: string }
const connect = vi.fn<(f: Form) => Promise<SyncStatus>>()
const disconnect = vi.fn<() => Promise<SyncStatus>>()
let progress: SyncProgress | null = null
vi.mock('../../api/sync', () => ({
  useSyncStatus: () => useQuery({ queryKey: ['sync', 'status'], queryFn: () => status() }),
  useSyncProgress: () => progress,
  useSyncNow: () => {
    const qc = useQueryClient()
    return useMutation({
      mutationFn: () => syncNow(),
      onSuccess: (r) => qc.setQueryData(['sync', 'status'], r.status),
      onError: () => qc.invalidateQueries({ queryKey: ['sync', 'status'] }),
    })
  },
  useConflicts: () => useQuery({ queryKey: ['sync', 'conflicts'], queryFn: () => conflicts() }),
  useRejections: () => useQuery({ queryKey: ['sync', 'rejections'], queryFn: () => rejections() }),
  useConnect: () => {
    const qc = useQueryClient()
    return useMutation({ mutationFn: (f: Form) => connect(f), onSuccess: (st) => qc.setQueryData(['sync', 'status'], st) })
  },
  useDisconnect: () => {
    const qc = useQueryClient()
    return useMutation({ mutationFn: () => disconnect(), onSuccess: (st) => qc.setQueryData(['sync', 'status'], st) })
  },
  useSettle: () => {
    const qc = useQueryClient()
    return useMutation({
      mutationFn: (v: { id: string; choice: SettleChoice; value?: string }) => settle(v),
      onSuccess: () => qc.invalidateQueries({ queryKey: ['sync'] }),
    })
  },
}))

const now = Date.now()
const base: SyncStatus = {
  state: 'synced',
  joined: true,
  server: 'http://127.0.0.1:8443',
  userId: 'u1',
  userName: 'Ann Agent',
  email: 'ann@example.test',
  pending: 0,
  lastSync: now - 2 * 60_000,
  now,
  openConflicts: 0,
  rejected: 0,
  progress: { done: 0, total: 0 },
  lastError: null,
}

function wrap(ui: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  return render(<QueryClientProvider client={qc}>{ui}</QueryClientProvider>)
}

beforeEach(() => {
  progress = null
  status.mockReset()
  syncNow.mockReset()
  conflicts.mockReset()
  rejections.mockReset()
  settle.mockReset()
  connect.mockReset()
  disconnect.mockReset()
  rejections.mockResolvedValue([])
})

describe('SyncIndicator', () => {
  it.each([
    [{ state: 'synced' }, 'Synced 2 min ago'],
    [{ state: 'offline', lastError: { code: 'offline', message: 'Cannot reach the server', at: now } }, 'Offline'],
    [{ state: 'error' }, 'Sync failed'],
    [{ state: 'syncing' }, 'Syncing…'],
  ] as const)('shows %o as %s', async (over, text) => {
    status.mockResolvedValue({ ...base, ...over } as SyncStatus)
    wrap(<SyncIndicator onOpenInbox={() => {}} />)
    const ind = await screen.findByTestId('sync-indicator')
    expect(ind).toHaveAttribute('data-state', over.state)
    expect(screen.getByTestId('sync-label')).toHaveTextContent(text)
  })

  it('shows no pending count on a desk that works alone', async () => {
    status.mockResolvedValue({ ...base, state: 'local', joined: false, userId: '', pending: 1384 })
    wrap(<SyncIndicator onOpenInbox={() => {}} />)
    expect(await screen.findByTestId('sync-label')).toHaveTextContent('Not connected')
    expect(screen.queryByTestId('sync-pending')).not.toBeInTheDocument()
  })

  it('shows the progress of a first sync', async () => {
    progress = { done: 250, total: 1000 }
    status.mockResolvedValue({ ...base, state: 'syncing' })
    wrap(<SyncIndicator onOpenInbox={() => {}} />)
    expect(await screen.findByTestId('sync-label')).toHaveTextContent('Syncing 25%')
  })

  it('counts pending changes and syncs from its panel', async () => {
    status.mockResolvedValue({ ...base, pending: 3 })
    syncNow.mockResolvedValue({ status: { ...base, pending: 0, lastSync: now } })
    wrap(<SyncIndicator onOpenInbox={() => {}} />)
    expect(await screen.findByTestId('sync-pending')).toHaveTextContent('3 pending')
    await userEvent.click(screen.getByTestId('sync-indicator'))
    expect(syncNow).not.toHaveBeenCalled() // a click opens the panel; syncing is a choice there
    // The panel loads when it first opens.
    expect(await screen.findByTestId('sync-panel-pending')).toHaveTextContent('3 changes')
    await userEvent.click(screen.getByTestId('sync-panel-sync-now'))
    expect(syncNow).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(screen.queryByTestId('sync-pending')).not.toBeInTheDocument())
    expect(screen.getByTestId('sync-label')).toHaveTextContent('Synced just now')
  })

  it('turns offline when a sync cannot reach the server', async () => {
    status.mockResolvedValueOnce(base).mockResolvedValue({ ...base, state: 'offline' })
    syncNow.mockRejectedValue(new ApiError('offline', 'Cannot reach the server'))
    wrap(<SyncIndicator onOpenInbox={() => {}} />)
    await userEvent.click(await screen.findByTestId('sync-indicator'))
    await userEvent.click(await screen.findByTestId('sync-panel-sync-now'))
    await waitFor(() => expect(screen.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'offline'))
    expect(screen.getByTestId('sync-panel')).toHaveTextContent('Cannot reach the server')
  })

  it('opens the inbox from its badge when something needs a look', async () => {
    status.mockResolvedValue({ ...base, openConflicts: 1, rejected: 2 })
    const onOpenInbox = vi.fn()
    wrap(<SyncIndicator onOpenInbox={onOpenInbox} />)
    const badge = await screen.findByTestId('sync-inbox-badge')
    expect(badge).toHaveTextContent('3')
    await userEvent.click(badge)
    expect(onOpenInbox).toHaveBeenCalled()
    expect(syncNow).not.toHaveBeenCalled()
  })

  it('points a desk that works alone to the server settings', async () => {
    status.mockResolvedValue({ ...base, joined: false, state: 'local', userId: '', server: '' })
    const onConnect = vi.fn()
    wrap(<SyncIndicator onOpenInbox={() => {}} onConnect={onConnect} />)
    await userEvent.click(await screen.findByTestId('sync-indicator'))
    expect(screen.getByTestId('sync-panel-alone')).toHaveTextContent('This desk works alone')
    await userEvent.click(screen.getByTestId('sync-panel-connect'))
    expect(onConnect).toHaveBeenCalled()
    expect(screen.queryByTestId('sync-panel')).not.toBeInTheDocument()
    expect(syncNow).not.toHaveBeenCalled()
  })

  it('offers no connect button to those who may not connect a desk', async () => {
    status.mockResolvedValue({ ...base, joined: false, state: 'local', userId: '', server: '' })
    wrap(<SyncIndicator onOpenInbox={() => {}} />)
    await userEvent.click(await screen.findByTestId('sync-indicator'))
    expect(screen.getByTestId('sync-panel-alone')).toHaveTextContent("The profile's admin can connect it")
    expect(screen.queryByTestId('sync-panel-connect')).not.toBeInTheDocument()
  })
})

const conflict = (over: Partial<Conflict> = {}): Conflict => ({
  id: 'c1',
  entity: 'ticket',
  recordId: 't1',
  field: 'title',
  kind: 'lww',
  winner: 'theirs',
  createdAt: now,
  recordNumber: 'INC0001001',
  recordTitle: 'Printer jams on A3',
  mineText: 'Printer jams on tray 2',
  theirsText: 'Printer jams on A3',
  editable: true,
  ...over,
})

describe('SyncInbox', () => {
  it('shows both values side by side and settles with a choice', async () => {
    let open = [conflict()]
    conflicts.mockImplementation(async () => open)
    rejections.mockResolvedValue([])
    settle.mockImplementation(async () => {
      open = []
    })
    const onOpen = vi.fn()
    wrap(<SyncInbox onOpen={onOpen} />)
    const card = await screen.findByTestId('conflict')
    expect(card).toHaveAttribute('data-field', 'title')
    expect(within(card).getByTestId('conflict-mine-value')).toHaveTextContent('Printer jams on tray 2')
    expect(within(card).getByTestId('conflict-theirs-value')).toHaveTextContent('Printer jams on A3')
    expect(within(card).getByTestId('conflict-theirs')).toHaveTextContent('in place now')
    expect(card).toHaveTextContent('INC0001001')
    expect(card).toHaveTextContent('Title')
    await userEvent.click(within(card).getByTestId('sync-record'))
    expect(onOpen).toHaveBeenCalledWith('t1')

    await userEvent.click(within(card).getByTestId('conflict-keep-mine'))
    expect(settle).toHaveBeenCalledWith({ id: 'c1', choice: 'keep-mine', value: undefined })
    expect(await screen.findByTestId('conflicts-empty')).toBeInTheDocument()
  })

  it('settles with an edited value and keeps it when Go refuses it', async () => {
    conflicts.mockResolvedValue([conflict()])
    rejections.mockResolvedValue([])
    settle.mockRejectedValueOnce(new ApiError('validation', 'invalid input', { value: 'A title is required' })).mockResolvedValue()
    wrap(<SyncInbox onOpen={() => {}} />)
    await userEvent.click(await screen.findByTestId('conflict-edit'))
    const input = screen.getByTestId('conflict-edit-value')
    expect(input).toHaveValue('Printer jams on A3') // starts from the value in place
    await userEvent.clear(input)
    await userEvent.click(screen.getByTestId('conflict-edit-save'))
    expect(await screen.findByText('A title is required')).toBeInTheDocument()
    expect(input).toHaveAttribute('aria-invalid', 'true')
    await userEvent.type(input, 'Printer jams on A3 paper')
    await userEvent.click(screen.getByTestId('conflict-edit-save'))
    expect(settle).toHaveBeenLastCalledWith({ id: 'c1', choice: 'edit', value: 'Printer jams on A3 paper' })
  })

  it('names a conflict on configuration by its kind and name, without a ticket link', async () => {
    conflicts.mockResolvedValue([
      conflict({ entity: 'sla_policy', recordId: 'p1', field: 'warnPercent', recordNumber: 'SLA policy', recordTitle: 'Default', editable: false, mineText: '60', theirsText: '70' }),
    ])
    rejections.mockResolvedValue([])
    wrap(<SyncInbox onOpen={() => {}} />)
    const card = await screen.findByTestId('conflict')
    expect(within(card).getByTestId('sync-config-record')).toHaveTextContent('SLA policy Default')
    expect(within(card).queryByTestId('sync-record')).not.toBeInTheDocument()
    expect(within(card).getByTestId('conflict-keep-theirs')).toBeEnabled()
  })

  it('offers no edit for a reference field', async () => {
    conflicts.mockResolvedValue([conflict({ field: 'assigneeId', editable: false, mineText: 'Ann Agent', theirsText: 'Bob Agent' })])
    rejections.mockResolvedValue([])
    wrap(<SyncInbox onOpen={() => {}} />)
    const card = await screen.findByTestId('conflict')
    expect(card).toHaveTextContent('Assignee')
    expect(within(card).queryByTestId('conflict-edit')).not.toBeInTheDocument()
    expect(within(card).getByTestId('conflict-keep-theirs')).toBeEnabled()
  })

  it('lists my refused changes with the reasons', async () => {
    conflicts.mockResolvedValue([])
    rejections.mockResolvedValue([
      {
        opId: 7,
        entity: 'ticket',
        recordId: 't1',
        ticketId: 't1',
        op: 'transition',
        field: 'state',
        code: 'invalid_transition',
        reason: 'cannot move canceled to on_hold',
        at: now,
        recordNumber: 'INC0001001',
        recordTitle: 'Laptop broken',
        valueText: '',
        auto: false,
      },
      {
        opId: 6,
        entity: 'ticket',
        recordId: 't2',
        ticketId: 't2',
        op: 'set',
        field: 'assigneeId',
        code: 'forbidden',
        reason: 'requesters cannot assign',
        at: now,
        recordNumber: 'INC0001002',
        recordTitle: 'VPN',
        valueText: 'Bob Agent',
        auto: false,
      },
    ])
    wrap(<SyncInbox onOpen={() => {}} />)
    const rows = await screen.findAllByTestId('rejection')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toHaveTextContent('Change the state')
    expect(rows[0]).toHaveTextContent('Invalid transition: cannot move canceled to on_hold')
    expect(rows[1]).toHaveTextContent('Set assignee to “Bob Agent”')
    expect(rows[1]).toHaveTextContent('Forbidden: requesters cannot assign')
    expect(screen.getByTestId('conflicts-empty')).toBeInTheDocument()
  })
})
