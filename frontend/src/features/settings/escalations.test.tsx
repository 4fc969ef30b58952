import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/client'
import type { Reference } from '../../api/session'
import type { Calendar, Policy, WhatIf } from '../../api/sla'
import * as api from '../../api/sla'
import { PolicyEditor } from './components/PolicyEditor'
import {
  escalationEdits as edit,
  escalationErrors,
  escalationRows,
  fromEscalationRows,
  newPolicy,
  policyKey,
  type EscalationRow,
} from './model'

// Only the API module is replaced: the editor, the what-if panel and react-query are real.
vi.mock('../../api/sla', async (orig) => ({
  ...(await orig<typeof import('../../api/sla')>()),
  savePolicy: vi.fn(),
  deletePolicy: vi.fn(),
  whatIf: vi.fn(),
}))

describe('escalation rows', () => {
  const stored = [
    { percent: 75, kind: '', actions: [{ kind: 'notify_assignee' }] },
    { percent: 100, kind: 'resolution', actions: [{ kind: 'reassign', groupId: 'g-net' }, { kind: 'work_note', note: 'Late' }] },
  ] as Policy['escalations']

  it('round-trip what Go stored', () => {
    expect(fromEscalationRows(escalationRows(stored))).toEqual(stored)
  })

  it('add a level past the last one and remove it again', () => {
    let rows = escalationRows(stored)
    rows = edit.addLevel(rows)
    expect(rows[2]).toMatchObject({ percent: '150', kind: '', actions: [{ kind: 'notify_assignee', groupId: '', note: '' }] })
    expect(edit.addLevel([])[0].percent).toBe('100')
    rows = edit.removeLevel(rows, 0)
    expect(rows.map((r) => r.percent)).toEqual(['100', '150'])
  })

  it('edit a level and its actions; a changed kind keeps only the fields it uses', () => {
    let rows: EscalationRow[] = edit.addLevel([])
    rows = edit.setLevel(rows, 0, { percent: '120', kind: 'response' })
    rows = edit.addAction(rows, 0, 'work_note')
    rows = edit.setAction(rows, 0, 1, { note: '  Escalated to duty manager ' })
    rows = edit.setAction(rows, 0, 0, { kind: 'reassign' }, 'g-first')
    expect(fromEscalationRows(rows)).toEqual([
      {
        percent: 120,
        kind: 'response',
        actions: [
          { kind: 'reassign', groupId: 'g-first' },
          { kind: 'work_note', note: 'Escalated to duty manager' },
        ],
      },
    ])
    // Reassign → raise priority drops the group; an empty work note is left to Go's sentence.
    rows = edit.setAction(rows, 0, 0, { kind: 'raise_priority' })
    rows = edit.setAction(rows, 0, 1, { note: ' ' })
    expect(fromEscalationRows(rows)[0].actions).toEqual([{ kind: 'raise_priority' }, { kind: 'work_note' }])
    rows = edit.removeAction(rows, 0, 0)
    expect(fromEscalationRows(rows)[0].actions).toEqual([{ kind: 'work_note' }])
  })

  it('make the policy dirty', () => {
    const p = newPolicy('cal')
    const q = { ...p, escalations: fromEscalationRows(edit.addLevel([])) } as Policy
    expect(policyKey(q)).not.toBe(policyKey(p))
  })

  it("sort Go's field errors by level and action", () => {
    expect(
      escalationErrors(
        {
        name: 'x',
        escalations: 'too many',
        'escalations.1': 'reassigning needs a group',
        'escalations.0.actions.2': 'bad action',
        'escalations.3.percent': 'bad share',
        'escalations.9': 'a level no longer in the form',
        },
        ['a', 'b', 'c', 'd'],
      ),
    ).toEqual({ list: 'too many', levels: { b: 'reassigning needs a group', d: 'bad share' }, actions: { 'a.2': 'bad action' } })
  })
})

const calendars = [{ id: 'cal', name: 'Office hours', zone: 'UTC', always: false }] as Calendar[]
const reference = {
  groups: [
    { id: 'g-desk', name: 'Service Desk' },
    { id: 'g-net', name: 'Network' },
  ],
  categories: [],
  holdReasons: ['awaiting_caller'],
} as unknown as Reference
const emptyWhatIf = { days: 30, tickets: 0, byPriority: [], changed: [], changedTotal: 0 } as unknown as WhatIf

function renderEditor(policy: Policy) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  const onSaved = vi.fn()
  render(
    <QueryClientProvider client={qc}>
      <PolicyEditor policy={policy} calendars={calendars} reference={reference} canEdit onSaved={onSaved} onDeleted={() => {}} />
    </QueryClientProvider>,
  )
  return onSaved
}

describe('PolicyEditor escalations', () => {
  beforeEach(() => {
    vi.mocked(api.whatIf).mockReset().mockResolvedValue(emptyWhatIf)
    vi.mocked(api.savePolicy).mockReset()
  })

  it('adds a level with a reassign and a work note, previews, and saves what Go takes', async () => {
    const user = userEvent.setup()
    const policy = { ...newPolicy('cal'), id: 'p1', name: 'Network', escalations: [] } as unknown as Policy
    vi.mocked(api.savePolicy).mockImplementation(async (p) => p)
    const onSaved = renderEditor(policy)

    expect(screen.getByTestId('policy-review')).toBeDisabled()
    await user.click(screen.getByTestId('esc-add'))
    const level = screen.getByTestId('esc-level')
    await user.clear(within(level).getByTestId('esc-percent'))
    await user.type(within(level).getByTestId('esc-percent'), '150')
    await user.selectOptions(within(level).getByTestId('esc-kind'), 'resolution')
    await user.selectOptions(within(level).getByTestId('esc-action-kind'), 'reassign')
    await user.selectOptions(within(level).getByTestId('esc-action-group'), 'g-net')
    await user.click(within(level).getByTestId('esc-action-add'))
    await user.selectOptions(within(level).getAllByTestId('esc-action-kind')[1], 'work_note')
    await user.type(within(level).getByTestId('esc-action-note'), 'Handed to network')

    // The what-if runs on the edited policy, escalations included; inputs lock meanwhile.
    await user.click(screen.getByTestId('policy-review'))
    await screen.findByTestId('policy-save')
    expect(within(level).getByTestId('esc-percent')).toBeDisabled()
    const want = [
      { percent: 150, kind: 'resolution', actions: [{ kind: 'reassign', groupId: 'g-net' }, { kind: 'work_note', note: 'Handed to network' }] },
    ]
    expect(vi.mocked(api.whatIf).mock.calls[0][0].policy?.escalations).toEqual(want)
    await user.click(screen.getByTestId('policy-save'))
    expect(vi.mocked(api.savePolicy).mock.calls[0][0].escalations).toEqual(want)
    expect(onSaved).toHaveBeenCalled()
  })

  it("shows Go's level error beside that level and can remove the level", async () => {
    const user = userEvent.setup()
    const policy = {
      ...newPolicy('cal'),
      id: 'p1',
      name: 'Network',
      escalations: [
        { percent: 75, kind: '', actions: [{ kind: 'notify_assignee' }] },
        { percent: 100, kind: '', actions: [{ kind: 'notify_managers' }] },
      ],
    } as unknown as Policy
    vi.mocked(api.savePolicy).mockRejectedValue(new ApiError('validation', 'check the fields', { 'escalations.1': 'escalate at 1%–1000% of the target' }))
    renderEditor(policy)

    const levels = screen.getAllByTestId('esc-level')
    await user.clear(within(levels[1]).getByTestId('esc-percent'))
    await user.type(within(levels[1]).getByTestId('esc-percent'), '5000')
    await user.click(screen.getByTestId('policy-review'))
    await user.click(await screen.findByTestId('policy-save'))

    // Back in editing, the message is under the second level only, and the value stayed.
    const after = await screen.findAllByTestId('esc-level')
    expect(await within(after[1]).findByText('escalate at 1%–1000% of the target')).toBeInTheDocument()
    expect(within(after[0]).queryByText(/1000%/)).toBeNull()
    expect(within(after[1]).getByTestId('esc-percent')).toHaveValue(5000)

    // Removing the first level keeps the message with the level it was about.
    await user.click(within(after[0]).getByTestId('esc-remove'))
    const left = screen.getByTestId('esc-level')
    expect(within(left).getByTestId('esc-percent')).toHaveValue(5000)
    expect(within(left).getByText('escalate at 1%–1000% of the target')).toBeInTheDocument()
  })
})
