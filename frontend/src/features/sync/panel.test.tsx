import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/client'
import { installHotkeys } from '../../lib/hotkeys'
import type { Conflict, Rejection, SyncStatus } from '../../api/sync'
import { SyncIndicator } from './components/SyncIndicator'
import { SyncInbox } from './components/SyncInbox'
import { summary, what } from './rejection'

// Only the src/api boundary is replaced; the indicator, its panel and the queries are real.
type Form = { serverUrl: string; email: string; password: string }
const status = vi.fn<() => Promise<SyncStatus>>()
const syncNow = vi.fn<() => Promise<{ status: SyncStatus }>>()
const rejections = vi.fn<() => Promise<Rejection[]>>()
const conflicts = vi.fn<() => Promise<Conflict[]>>()
const connect = vi.fn<(f: Form) => Promise<SyncStatus>>()
const disconnect = vi.fn<() => Promise<SyncStatus>>()
vi.mock('../../api/sync', () => ({
  useSyncStatus: () => useQuery({ queryKey: ['sync', 'status'], queryFn: () => status() }),
  useSyncProgress: () => null,
  useSyncNow: () => {
    const qc = useQueryClient()
    return useMutation({ mutationFn: () => syncNow(), onSuccess: (r) => qc.setQueryData(['sync', 'status'], r.status) })
  },
  useRejections: () => useQuery({ queryKey: ['sync', 'rejections'], queryFn: () => rejections() }),
  useConflicts: () => useQuery({ queryKey: ['sync', 'conflicts'], queryFn: () => conflicts() }),
  useSettle: () => useMutation({ mutationFn: async () => {} }),
  useConnect: () => {
    const qc = useQueryClient()
    return useMutation({ mutationFn: (f: Form) => connect(f), onSuccess: (st) => qc.setQueryData(['sync', 'status'], st) })
  },
  useDisconnect: () => {
    const qc = useQueryClient()
    return useMutation({ mutationFn: () => disconnect(), onSuccess: (st) => qc.setQueryData(['sync', 'status'], st) })
  },
}))

const now = Date.now()
const bob: SyncStatus = {
  state: 'synced',
  joined: true,
  server: 'http://127.0.0.1:8443',
  userId: 'u2',
  userName: 'Bob Agent',
  email: 'bob@example.test',
  pending: 0,
  lastSync: now - 5 * 60_000,
  now,
  openConflicts: 0,
  rejected: 0,
  progress: { done: 0, total: 0 },
  lastError: null,
}

const rejection = (over: Partial<Rejection> = {}): Rejection => ({
  opId: 9,
  entity: 'comment',
  recordId: 'c1',
  ticketId: 't4',
  op: 'append',
  field: '',
  code: 'invalid_transition',
  reason: 'INC0001004 is canceled: invalid transition',
  at: now,
  recordNumber: 'INC0001004',
  recordTitle: 'Payroll export fails',
  valueText: '',
  auto: true,
  ...over,
})

function wrap(ui: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  return render(<QueryClientProvider client={qc}>{ui}</QueryClientProvider>)
}

async function openPanel() {
  await userEvent.click(await screen.findByTestId('sync-indicator'))
  // The panel loads when it first opens (SyncIndicator).
  return screen.findByTestId('sync-panel')
}

let uninstall: () => void
afterEach(() => uninstall())
beforeEach(() => {
  uninstall = installHotkeys()
  status.mockReset()
  syncNow.mockReset()
  rejections.mockReset().mockResolvedValue([])
  conflicts.mockReset().mockResolvedValue([])
  connect.mockReset()
  disconnect.mockReset()
})

describe('what a refused change says', () => {
  it.each([
    [rejection(), "Automatic: Outpost's SLA escalation was refused — Invalid transition: INC0001004 is canceled"],
    [
      rejection({ entity: 'ticket', op: 'transition', field: 'state', valueText: '{"from":"resolved","to":"closed"}', reason: 'INC0001004 is in progress' }),
      "Automatic: Outpost's auto-close was refused — Invalid transition: INC0001004 is in progress",
    ],
    [
      rejection({ entity: 'ticket', op: 'set', field: 'priority', valueText: '1', auto: false, code: 'forbidden', reason: '' }),
      'Set priority to “1” was refused — Forbidden',
    ],
  ])('%#: %s', (r, want) => {
    expect(summary(r)).toBe(want)
  })

  it('names the state a refused move went to', () => {
    expect(what(rejection({ op: 'transition', field: 'state', valueText: '{"from":"new","to":"on_hold"}', auto: false }))).toBe(
      'Change the state to On hold',
    )
    expect(what(rejection({ op: 'transition', field: 'state', valueText: '', auto: false }))).toBe('Change the state')
  })
})

describe('SyncPanel', () => {
  it('shows status, account and pending changes to any signed-in user', async () => {
    status.mockResolvedValue({ ...bob, pending: 2 })
    wrap(<SyncIndicator onOpenInbox={() => {}} />)
    const panel = await openPanel()
    expect(screen.getByTestId('sync-indicator')).toHaveAttribute('aria-expanded', 'true')
    expect(within(panel).getByTestId('sync-panel-state')).toHaveTextContent('Connected')
    expect(within(panel).getByTestId('sync-panel-url')).toHaveTextContent('http://127.0.0.1:8443')
    expect(within(panel).getByTestId('sync-panel-user')).toHaveTextContent('Bob Agent bob@example.test')
    expect(within(panel).getByTestId('sync-panel-last-sync')).toHaveTextContent('5 min ago')
    expect(within(panel).getByTestId('sync-panel-pending')).toHaveTextContent('2 changes')
    expect(await within(panel).findByTestId('sync-panel-clear')).toBeInTheDocument()
    // Escape closes it, and so does a click elsewhere.
    await userEvent.keyboard('{Escape}')
    expect(screen.queryByTestId('sync-panel')).not.toBeInTheDocument()
    await openPanel()
    await userEvent.click(document.body)
    expect(screen.queryByTestId('sync-panel')).not.toBeInTheDocument()
  })

  it('marks the desk’s automatic work apart from the user’s own refused changes', async () => {
    status.mockResolvedValue({ ...bob, rejected: 2, openConflicts: 1 })
    rejections.mockResolvedValue([
      rejection(),
      rejection({ opId: 8, entity: 'ticket', op: 'set', field: 'priority', valueText: '1', auto: false, code: 'forbidden', reason: 'agents may not' }),
    ])
    const onOpenInbox = vi.fn()
    wrap(<SyncIndicator onOpenInbox={onOpenInbox} />)
    const panel = await openPanel()
    const rows = await within(panel).findAllByTestId('sync-panel-rejection')
    expect(rows).toHaveLength(2)
    expect(rows[0]).toHaveAttribute('data-auto', 'true')
    expect(rows[0]).toHaveTextContent("AutomaticOutpost's SLA escalation was refused")
    expect(rows[0]).toHaveTextContent('INC0001004 Invalid transition: INC0001004 is canceled')
    expect(rows[1]).toHaveAttribute('data-auto', 'false')
    expect(rows[1]).not.toHaveTextContent('Automatic')
    expect(rows[1]).toHaveTextContent('Set priority to “1” was refused')
    expect(within(panel).getByTestId('sync-panel-conflicts')).toHaveTextContent('1 conflict to settle')
    await userEvent.click(within(panel).getByTestId('sync-panel-open-inbox'))
    expect(onOpenInbox).toHaveBeenCalled()
    expect(screen.queryByTestId('sync-panel')).not.toBeInTheDocument()
  })

  it('disconnects, then signs in again to the same server', async () => {
    status.mockResolvedValue(bob)
    const signedOut: SyncStatus = { ...bob, joined: false, state: 'local', pending: 1 }
    disconnect.mockResolvedValue(signedOut)
    connect.mockResolvedValue({ ...bob, lastSync: now })
    wrap(<SyncIndicator onOpenInbox={() => {}} />)
    const panel = await openPanel()
    await userEvent.click(within(panel).getByTestId('sync-panel-disconnect'))
    expect(disconnect).toHaveBeenCalledTimes(1)
    expect(await screen.findByTestId('sync-panel-signed-out')).toHaveTextContent('1 change waits to upload until you sign in again')
    expect(screen.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'local')
    expect(screen.getByTestId('sync-label')).toHaveTextContent('Disconnected')
    expect(screen.getByTestId('sync-sign-in-email')).toHaveValue('bob@example.test')
    await userEvent.type(screen.getByTestId('sync-sign-in-password'), 'new password')
    await userEvent.click(screen.getByTestId('sync-sign-in-submit'))
    expect(connect).toHaveBeenCalledWith({ serverUrl: 'http://127.0.0.1:8443', email: 'bob@example.test', password: 'new password' })
    await waitFor(() => expect(screen.getByTestId('sync-indicator')).toHaveAttribute('data-state', 'synced'))
    expect(screen.getByTestId('sync-panel-joined')).toBeInTheDocument()
  })

  it('asks to sign in again when the server no longer accepts the device, keeping a refused password beside its input', async () => {
    status.mockResolvedValue({
      ...bob,
      state: 'error',
      lastError: { code: 'unauthorized', message: 'The server no longer accepts this device: connect again.', at: now },
    })
    connect.mockRejectedValue(new ApiError('unauthorized', 'bad', { password: 'The server did not accept this email and password.' }))
    wrap(<SyncIndicator onOpenInbox={() => {}} />)
    expect(await screen.findByTestId('sync-label')).toHaveTextContent('Sign in again')
    const panel = await openPanel()
    expect(within(panel).getByTestId('error-banner')).toHaveTextContent('no longer accepts this device')
    // The form is open at once; no extra "Sign in again" button to find.
    expect(within(panel).queryByTestId('sync-panel-sign-in-again')).not.toBeInTheDocument()
    await userEvent.type(within(panel).getByTestId('sync-sign-in-password'), 'old')
    await userEvent.click(within(panel).getByTestId('sync-sign-in-submit'))
    expect(await within(panel).findByText('The server did not accept this email and password.')).toBeInTheDocument()
    expect(within(panel).getByTestId('sync-sign-in-password')).toHaveAttribute('aria-invalid', 'true')
    expect(within(panel).getByTestId('sync-sign-in-password')).toHaveValue('old')
  })

  it('opens the sign-in form on demand and closes it on Cancel', async () => {
    status.mockResolvedValue(bob)
    wrap(<SyncIndicator onOpenInbox={() => {}} />)
    const panel = await openPanel()
    expect(within(panel).queryByTestId('sync-sign-in')).not.toBeInTheDocument()
    await userEvent.click(within(panel).getByTestId('sync-panel-sign-in-again'))
    expect(within(panel).getByTestId('sync-sign-in')).toBeInTheDocument()
    await userEvent.click(within(panel).getByRole('button', { name: 'Cancel' }))
    expect(within(panel).queryByTestId('sync-sign-in')).not.toBeInTheDocument()
  })
})

describe('SyncInbox', () => {
  it('marks automatic refusals as Outpost’s own work', async () => {
    rejections.mockResolvedValue([rejection(), rejection({ opId: 3, entity: 'ticket', op: 'archive', auto: false, code: 'forbidden' })])
    const onOpen = vi.fn()
    wrap(<SyncInbox onOpen={onOpen} />)
    const rows = await screen.findAllByTestId('rejection')
    expect(rows[0]).toHaveAttribute('data-auto', 'true')
    expect(within(rows[0]).getByTestId('rejection-auto')).toHaveTextContent('Automatic')
    expect(rows[0]).toHaveTextContent("Outpost's SLA escalation: add a work note")
    expect(rows[1]).toHaveAttribute('data-auto', 'false')
    expect(within(rows[1]).queryByTestId('rejection-auto')).not.toBeInTheDocument()
    expect(rows[1]).toHaveTextContent('Archive')
    // The reason reads once, without Go's trailing code; the link opens the note's ticket.
    expect(rows[0]).toHaveTextContent('Invalid transition: INC0001004 is canceled')
    expect(rows[0]).not.toHaveTextContent('canceled: invalid transition')
    await userEvent.click(within(rows[0]).getByTestId('sync-record'))
    expect(onOpen).toHaveBeenCalledWith('t4')
  })
})
