import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AuditFormat, AuditResult, AuditSaved } from '../../api/audit'
import { ApiError } from '../../api/client'
import { AuditSettings } from './components/AuditSettings'

// Only the src/api boundary is replaced.
const verify = vi.fn<() => Promise<AuditResult>>()
const exportAudit = vi.fn<(f: AuditFormat) => Promise<AuditSaved>>()
vi.mock('../../api/audit', () => ({
  verifyAudit: () => verify(),
  exportAudit: (f: AuditFormat) => exportAudit(f),
}))

describe('AuditSettings', () => {
  beforeEach(() => {
    verify.mockReset()
    exportAudit.mockReset()
  })

  it('shows an intact trail with its size', async () => {
    verify.mockResolvedValue({ entries: 1234, intact: true } as AuditResult)
    render(<AuditSettings />)
    await userEvent.click(screen.getByRole('button', { name: 'Verify audit trail' }))
    expect(await screen.findByTestId('audit-result')).toHaveTextContent('Intact: 1234 entries')
  })

  it('names the first broken link', async () => {
    verify.mockResolvedValue({
      entries: 10,
      intact: false,
      broken: { seq: 7, id: 'e7', problem: 'changed', detail: 'its content does not match its hash' },
    } as AuditResult)
    render(<AuditSettings />)
    await userEvent.click(screen.getByRole('button', { name: 'Verify audit trail' }))
    expect(await screen.findByTestId('audit-result')).toHaveTextContent(
      'Broken at entry 7 (e7): changed, its content does not match its hash',
    )
  })

  it('exports in the chosen format and says where, or that the file exists', async () => {
    exportAudit.mockResolvedValueOnce({ path: '/home/a/trail.csv', canceled: false, exists: false } as AuditSaved)
    render(<AuditSettings />)
    await userEvent.click(screen.getByRole('button', { name: 'Export CSV' }))
    expect(exportAudit).toHaveBeenCalledWith('csv')
    expect(await screen.findByTestId('audit-export-note')).toHaveTextContent('Exported to /home/a/trail.csv')

    exportAudit.mockResolvedValueOnce({ path: '/home/a/trail.json', canceled: false, exists: true } as AuditSaved)
    await userEvent.click(screen.getByRole('button', { name: 'Export JSON' }))
    expect(exportAudit).toHaveBeenLastCalledWith('json')
    expect(await screen.findByTestId('audit-export-note')).toHaveTextContent('/home/a/trail.json already exists')
  })

  it('shows a refusal from Go', async () => {
    verify.mockRejectedValue(new ApiError('forbidden', 'verify the audit trail needs the manager role'))
    render(<AuditSettings />)
    await userEvent.click(screen.getByRole('button', { name: 'Verify audit trail' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('needs the manager role')
  })
})
