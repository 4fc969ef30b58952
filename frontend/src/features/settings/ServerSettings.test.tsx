import { render, screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/client'
import type { ServerInfo, SyncProgress, SyncStatus } from '../../api/sync'
import { ServerSettings } from './components/ServerSettings'

// Only the src/api boundary is replaced; the form, queries and mutations are real.
type Form = { serverUrl: string; email: string; password: string }
const status = vi.fn<() => Promise<SyncStatus>>()
const test = vi.fn<(url: string) => Promise<ServerInfo>>()
const connect = vi.fn<(f: Form) => Promise<SyncStatus>>()
const disconnect = vi.fn<() => Promise<SyncStatus>>()
let progress: SyncProgress | null = null
vi.mock('../../api/sync', () => ({
  useSyncStatus: () => useQuery({ queryKey: ['sync', 'status'], queryFn: () => status() }),
  useSyncProgress: () => progress,
  useTestConnection: () => useMutation({ mutationFn: (url: string) => test(url) }),
  useConnect: () => {
    const qc = useQueryClient()
    return useMutation({ mutationFn: (f: Form) => connect(f), onSuccess: (st) => qc.setQueryData(['sync', 'status'], st) })
  },
  useDisconnect: () => {
    const qc = useQueryClient()
    return useMutation({ mutationFn: () => disconnect(), onSuccess: (st) => qc.setQueryData(['sync', 'status'], st) })
  },
  useSyncNow: () => useMutation({ mutationFn: async () => ({}) }),
}))

const now = Date.now()
const local: SyncStatus = {
  state: 'local',
  joined: false,
  server: '',
  userId: '',
  userName: '',
  email: '',
  pending: 4,
  lastSync: 0,
  now,
  openConflicts: 0,
  rejected: 0,
  progress: { done: 0, total: 0 },
  lastError: null,
}
const joined: SyncStatus = {
  ...local,
  state: 'synced',
  joined: true,
  server: 'http://127.0.0.1:8443',
  userId: 'u1',
  userName: 'Ann Agent',
  email: 'ann@example.test',
  pending: 0,
  lastSync: now,
}

function renderIt() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  render(
    <QueryClientProvider client={qc}>
      <ServerSettings />
    </QueryClientProvider>,
  )
}

beforeEach(() => {
  progress = null
  status.mockReset().mockResolvedValue(local)
  test.mockReset()
  connect.mockReset()
  disconnect.mockReset()
})

async function fill(url: string, email: string, password: string) {
  await userEvent.type(await screen.findByTestId('server-url-input'), url)
  if (email) await userEvent.type(screen.getByTestId('server-email'), email)
  if (password) await userEvent.type(screen.getByTestId('server-password'), password)
}

describe('ServerSettings', () => {
  it('tests the address and says an Outpost server answers', async () => {
    test.mockResolvedValue({ url: 'http://127.0.0.1:8443', status: 'ok', version: 'v1' })
    renderIt()
    await fill('http://127.0.0.1:8443', '', '')
    await userEvent.click(screen.getByTestId('server-test'))
    expect(test).toHaveBeenCalledWith('http://127.0.0.1:8443')
    expect(await screen.findByTestId('server-test-ok')).toHaveTextContent('An Outpost server answers at http://127.0.0.1:8443')
  })

  it('shows an offline address error beside the address', async () => {
    test.mockRejectedValue(new ApiError('offline', 'Cannot reach the server', { serverUrl: 'Cannot reach the server: the connection was refused.' }))
    renderIt()
    await fill('http://10.0.0.1:1', '', '')
    await userEvent.click(screen.getByTestId('server-test'))
    expect(await screen.findByText('Cannot reach the server: the connection was refused.')).toBeInTheDocument()
    expect(screen.getByTestId('server-url-input')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.queryByTestId('server-test-ok')).not.toBeInTheDocument()
  })

  it('keeps what was typed and puts a refused password beside its input', async () => {
    connect.mockRejectedValue(new ApiError('unauthorized', 'bad', { password: 'The server did not accept this email and password.' }))
    renderIt()
    await fill('http://127.0.0.1:8443', 'ann@example.test', 'nope')
    await userEvent.click(screen.getByTestId('server-connect'))
    expect(connect).toHaveBeenCalledWith({ serverUrl: 'http://127.0.0.1:8443', email: 'ann@example.test', password: 'nope' })
    expect(await screen.findByText('The server did not accept this email and password.')).toBeInTheDocument()
    expect(screen.getByTestId('server-password')).toHaveAttribute('aria-invalid', 'true')
    expect(screen.getByTestId('server-url-input')).toHaveValue('http://127.0.0.1:8443')
    expect(screen.getByTestId('server-email')).toHaveValue('ann@example.test')
    expect(screen.getByTestId('server-password')).toHaveValue('nope')
  })

  it('shows a non-field error in a banner', async () => {
    connect.mockRejectedValue(new ApiError('forbidden', 'Only the profile admin can connect it'))
    renderIt()
    await fill('http://127.0.0.1:8443', 'ann@example.test', 'pw')
    await userEvent.click(screen.getByTestId('server-connect'))
    expect(await screen.findByTestId('error-banner')).toHaveTextContent('Only the profile admin can connect it')
  })

  it('connects, showing the first sync progress, then shows the account and disconnects', async () => {
    let finish: (st: SyncStatus) => void = () => {}
    connect.mockImplementation(() => new Promise((r) => (finish = r)))
    progress = { done: 300, total: 1200 }
    renderIt()
    await fill('http://127.0.0.1:8443', 'ann@example.test', 'pw')
    await userEvent.click(screen.getByTestId('server-connect'))
    expect(await screen.findByTestId('sync-progress')).toHaveTextContent('300 of 1,200 changes')
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '25')
    progress = null
    finish(joined)
    expect(await screen.findByTestId('server-connected')).toBeInTheDocument()
    expect(screen.getByTestId('server-user')).toHaveTextContent('Ann Agent ann@example.test')
    expect(screen.getByTestId('server-url')).toHaveTextContent('http://127.0.0.1:8443')

    disconnect.mockResolvedValue({ ...local, server: joined.server, email: joined.email })
    await userEvent.click(screen.getByTestId('server-disconnect'))
    // The form comes back with the last server and account filled in.
    await waitFor(() => expect(screen.getByTestId('server-url-input')).toHaveValue('http://127.0.0.1:8443'))
    expect(screen.getByTestId('server-email')).toHaveValue('ann@example.test')
    expect(screen.getByTestId('server-password')).toHaveValue('')
  })
})
