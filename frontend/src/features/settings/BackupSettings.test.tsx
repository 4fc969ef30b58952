import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { BackupEntry, BackupStatus } from '../../api/backups'
import { ApiError } from '../../api/client'
import { BackupSettings } from './components/BackupSettings'

// Only the src/api boundary is replaced; the queries and mutations are real.
const status = vi.fn<() => Promise<BackupStatus>>()
const now = vi.fn<() => Promise<BackupEntry>>()
const restore = vi.fn<(name: string) => Promise<BackupEntry>>()
const configure = vi.fn<(folder: string, scheduled: boolean) => Promise<BackupStatus>>()
vi.mock('../../api/backups', () => ({
  useBackups: () => useQuery({ queryKey: ['backups'], queryFn: () => status() }),
  useBackupWrite: <A, R>(fn: (a: A) => Promise<R>) => {
    const qc = useQueryClient()
    return useMutation({ mutationFn: fn, onSettled: () => qc.invalidateQueries({ queryKey: ['backups'] }) })
  },
  getBackups: () => status(),
  backUpNow: () => now(),
  restoreBackup: (name: string) => restore(name),
  configureBackups: (folder: string, scheduled: boolean) => configure(folder, scheduled),
}))

const empty: BackupStatus = {
  folder: '/home/a/.local/share/Outpost/backups',
  defaultFolder: '/home/a/.local/share/Outpost/backups',
  scheduled: true,
  keep: 'the newest of each of the last 7 days and 4 weeks',
  backups: [],
} as unknown as BackupStatus
const one = { name: 'desk-20261205-093000.000.outpost-backup', size: 2_400_000, takenAt: Date.UTC(2026, 11, 5, 9, 30) } as BackupEntry

function renderIt() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(
    <QueryClientProvider client={qc}>
      <BackupSettings />
    </QueryClientProvider>,
  )
}

describe('BackupSettings', () => {
  beforeEach(() => {
    for (const f of [status, now, restore, configure]) f.mockReset()
  })

  it('backs up now and lists the backup with its size', async () => {
    status.mockResolvedValueOnce(empty).mockResolvedValue({ ...empty, backups: [one] } as unknown as BackupStatus)
    now.mockResolvedValue(one)
    renderIt()
    expect(await screen.findByTestId('backup-empty')).toBeInTheDocument()
    await userEvent.click(screen.getByRole('button', { name: 'Back up now' }))
    expect(await screen.findByTestId('backup-note')).toHaveTextContent(`Backed up to ${one.name}`)
    const row = await screen.findByTestId('backup-row')
    expect(row).toHaveTextContent(one.name)
    expect(row).toHaveTextContent('2.3 MB')
  })

  it('shows the folder Go refuses beside the field', async () => {
    status.mockResolvedValue(empty)
    configure.mockRejectedValue(new ApiError('validation', 'invalid input', { folder: 'give the folder\'s full path' }))
    renderIt()
    await userEvent.type(await screen.findByTestId('backup-folder'), 'backups')
    await userEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(configure).toHaveBeenCalledWith('backups', true)
    expect(await screen.findByText("give the folder's full path")).toBeInTheDocument()
  })

  it('asks before a restore and shows a refused file', async () => {
    status.mockResolvedValue({ ...empty, backups: [one] } as unknown as BackupStatus)
    restore.mockRejectedValue(new ApiError('unknown', 'the file is damaged (integrity check: page 4 is never used)'))
    renderIt()
    await userEvent.click(await screen.findByTestId('backup-restore'))
    await userEvent.click(screen.getByTestId('backup-restore-confirm'))
    expect(restore).toHaveBeenCalledWith(one.name)
    expect(await screen.findByTestId('backup-error')).toHaveTextContent('the file is damaged')
  })
})
