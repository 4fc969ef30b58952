import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import type { Reference } from '../../api/session'
import type { BulkResult, Change } from '../../api/tickets'
import { BulkDialog } from './components/BulkDialog'

const reference = {
  users: [
    { id: 'u-ana', name: 'Ana Agent', email: '', role: 'agent', active: true, createdAt: 0, updatedAt: 0 },
    { id: 'u-bo', name: 'Bo Agent', email: '', role: 'agent', active: true, createdAt: 0, updatedAt: 0 },
    { id: 'u-rita', name: 'Rita Requester', email: '', role: 'requester', active: true, createdAt: 0, updatedAt: 0 },
  ],
  groups: [{ id: 'g-net', name: 'Network', description: '', createdAt: 0, members: ['u-ana'] }],
  categories: [{ name: 'Hardware', subcategories: [] }],
  matrix: [],
  sources: [],
  holdReasons: ['awaiting_vendor'],
  resolutionCodes: ['solved_remotely'],
  views: [],
  limits: {},
} as unknown as Reference

// Only the Go call is replaced (the dialog takes it as run); the form and its rules are real.
function open(kind: Parameters<typeof BulkDialog>[0]['kind'], answer: BulkResult) {
  const run = vi.fn<(c: Change) => Promise<BulkResult>>().mockResolvedValue(answer)
  const onDone = vi.fn()
  render(<BulkDialog kind={kind} count={3} reference={reference} run={run} onDone={onDone} onClose={() => {}} />)
  return { run, onDone }
}

const outcome = (n: number, fields?: Record<string, string>) => ({
  id: `t${n}`,
  number: `INC000100${n}`,
  done: false,
  code: fields ? 'validation' : 'invalid_transition',
  message: fields ? Object.values(fields)[0] : 'INC is closed and can no longer be edited',
  fields,
})

describe('BulkDialog', () => {
  it('assigns a person without touching the groups, and hands back what Go did', async () => {
    const answer = { done: 2, refused: [outcome(1)] } as unknown as BulkResult
    const { run, onDone } = open('assign', answer)
    expect(screen.queryByRole('option', { name: 'Rita Requester' })).toBeNull() // not staff
    await userEvent.selectOptions(screen.getByTestId('bulk-assignee'), 'Bo Agent')
    await userEvent.click(screen.getByTestId('bulk-submit'))
    expect(run).toHaveBeenCalledWith({ patch: { assigneeId: 'u-bo' } })
    expect(onDone).toHaveBeenCalledWith(answer)
  })

  it('offers only the members of the group chosen', async () => {
    open('assign', { done: 0, refused: [] } as unknown as BulkResult)
    await userEvent.selectOptions(screen.getByTestId('bulk-group'), 'Network')
    expect(screen.getByRole('option', { name: 'Ana Agent' })).toBeTruthy()
    expect(screen.queryByRole('option', { name: 'Bo Agent' })).toBeNull()
  })

  it('stays open with the field message when Go refuses every ticket for the same field', async () => {
    const fields = { holdReason: 'choose why the ticket is on hold' }
    const { run, onDone } = open('on_hold', { done: 0, refused: [outcome(1, fields), outcome(2, fields)] } as unknown as BulkResult)
    await userEvent.click(screen.getByTestId('bulk-submit'))
    expect(run).toHaveBeenCalledWith({ move: { to: 'on_hold', holdReason: '' } })
    expect(await screen.findAllByText('choose why the ticket is on hold')).not.toHaveLength(0)
    expect(onDone).not.toHaveBeenCalled()
  })

  it('reports refusals that differ per ticket in the result panel instead', async () => {
    const answer = { done: 0, refused: [outcome(1), outcome(2, { priorityReason: 'say why' })] } as unknown as BulkResult
    const { run, onDone } = open('priority', answer)
    await userEvent.selectOptions(screen.getByTestId('bulk-priority'), 'P1')
    await userEvent.type(screen.getByTestId('bulk-priority-reason'), 'Outage')
    await userEvent.click(screen.getByTestId('bulk-submit'))
    expect(run).toHaveBeenCalledWith({ patch: { priority: 1, priorityReason: 'Outage' } })
    expect(onDone).toHaveBeenCalledWith(answer)
  })
})
