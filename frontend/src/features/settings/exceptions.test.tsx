import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/client'
import type { Calendar, WhatIf } from '../../api/sla'
import * as api from '../../api/sla'
import { CalendarEditor } from './components/CalendarSettings'
import { calendarKey, cloneCalendar, exceptionEdits as edit, exceptionRows, fromExceptionRows, newCalendar } from './model'

// Only the API module is replaced: the editor, the what-if panel and react-query are real.
vi.mock('../../api/sla', async (orig) => ({
  ...(await orig<typeof import('../../api/sla')>()),
  saveCalendar: vi.fn(),
  deleteCalendar: vi.fn(),
  whatIf: vi.fn(),
}))

const stored = [
  { date: '2026-12-24', name: 'Christmas Eve', hours: [{ start: '08:00', end: '12:00' }] },
  { date: '2026-12-31', name: 'Inventory', hours: [] },
] as Calendar['exceptions']

describe('exception rows', () => {
  it('round-trip what Go stored, closed dates included', () => {
    expect(fromExceptionRows(exceptionRows(stored))).toEqual(stored)
    expect(fromExceptionRows(exceptionRows([{ date: '2026-01-02', name: '', hours: null }] as unknown as Calendar['exceptions']))).toEqual([
      { date: '2026-01-02', name: '', hours: [] },
    ])
  })

  it('add, change and remove dates and their hours', () => {
    let rows = edit.add(exceptionRows(stored))
    const added = rows[2].key
    rows = edit.set(rows, added, { date: ' 2027-01-09 ', name: 'Stocktake' })
    rows = edit.setHours(rows, added, rows[2].hours[0].key, { start: '10:00', end: '14:00' })
    rows = edit.addHours(rows, added)
    rows = edit.removeHours(rows, rows[0].key, rows[0].hours[0].key)
    rows = edit.remove(rows, rows[1].key)
    expect(fromExceptionRows(rows)).toEqual([
      { date: '2026-12-24', name: 'Christmas Eve', hours: [] },
      {
        date: '2027-01-09',
        name: 'Stocktake',
        hours: [
          { start: '10:00', end: '14:00' },
          { start: '09:00', end: '17:00' },
        ],
      },
    ])
  })

  it('make the calendar dirty', () => {
    const c = { ...newCalendar('UTC'), exceptions: stored } as Calendar
    const changed = { ...c, exceptions: fromExceptionRows(edit.setHours(exceptionRows(stored), 'none', 'none', {})) } as Calendar
    expect(calendarKey(changed)).toBe(calendarKey(c))
    const rows = exceptionRows(stored)
    const moved = { ...c, exceptions: fromExceptionRows(edit.setHours(rows, rows[0].key, rows[0].hours[0].key, { end: '13:00' })) } as Calendar
    expect(calendarKey(moved)).not.toBe(calendarKey(c))
  })
})

const office = {
  id: 'cal',
  name: 'Office hours',
  zone: 'UTC',
  always: false,
  week: [{ day: 1, start: '09:00', end: '17:00' }],
  holidays: [],
  exceptions: stored,
  updatedAt: 1,
} as unknown as Calendar
const emptyWhatIf = { days: 30, tickets: 0, byPriority: [], changed: [], changedTotal: 0 } as unknown as WhatIf

function renderEditor(calendar: Calendar, inUse = false) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  const onSaved = vi.fn()
  render(
    <QueryClientProvider client={qc}>
      <CalendarEditor calendar={cloneCalendar(calendar)} canEdit inUse={inUse} onSaved={onSaved} onDeleted={() => {}} />
    </QueryClientProvider>,
  )
  return onSaved
}

describe('CalendarEditor date exceptions', () => {
  beforeEach(() => {
    vi.mocked(api.whatIf).mockReset().mockResolvedValue(emptyWhatIf)
    vi.mocked(api.saveCalendar).mockReset()
  })

  it('lists the stored exceptions with their hours, or closed', () => {
    renderEditor(office)
    const rows = screen.getAllByTestId('exception-row')
    expect(rows).toHaveLength(2)
    expect(within(rows[0]).getByTestId('exception-date')).toHaveValue('2026-12-24')
    expect(within(rows[0]).getByTestId('exception-name')).toHaveValue('Christmas Eve')
    expect(within(rows[0]).getByTestId('exception-start')).toHaveValue('08:00')
    expect(within(rows[0]).getByTestId('exception-end')).toHaveValue('12:00')
    expect(within(rows[0]).queryByTestId('exception-closed')).toBeNull()
    expect(within(rows[1]).getByTestId('exception-closed')).toHaveTextContent('Closed all day')
    expect(screen.queryByText(/are kept as they are/)).toBeNull()
    expect(screen.getByTestId('calendar-review')).toBeDisabled()
  })

  it('adds, changes and removes exceptions and saves them with the calendar', async () => {
    const user = userEvent.setup()
    vi.mocked(api.saveCalendar).mockImplementation(async (c) => c)
    const onSaved = renderEditor(office)

    // A new Saturday with two stretches of work.
    await user.click(screen.getByTestId('exception-add'))
    let rows = screen.getAllByTestId('exception-row')
    await user.type(within(rows[2]).getByTestId('exception-date'), '2027-01-09')
    await user.type(within(rows[2]).getByTestId('exception-name'), 'Stocktake')
    await user.click(within(rows[2]).getByTestId('exception-hours-add'))
    const ends = within(rows[2]).getAllByTestId('exception-end')
    await user.clear(ends[0])
    await user.type(ends[0], '12:00')
    const starts = within(rows[2]).getAllByTestId('exception-start')
    await user.clear(starts[1])
    await user.type(starts[1], '13:00')
    // Christmas Eve becomes closed; the inventory day goes.
    await user.click(within(rows[0]).getByTestId('exception-span-remove'))
    expect(within(rows[0]).getByTestId('exception-closed')).toBeInTheDocument()
    await user.click(within(rows[1]).getByTestId('exception-remove'))
    rows = screen.getAllByTestId('exception-row')
    expect(rows).toHaveLength(2)

    await user.click(screen.getByTestId('calendar-review'))
    expect(vi.mocked(api.saveCalendar).mock.calls[0][0].exceptions).toEqual([
      { date: '2026-12-24', name: 'Christmas Eve', hours: [] },
      {
        date: '2027-01-09',
        name: 'Stocktake',
        hours: [
          { start: '09:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
      },
    ])
    expect(onSaved).toHaveBeenCalled()
  })

  it('previews a used calendar with its exceptions before saving', async () => {
    const user = userEvent.setup()
    vi.mocked(api.saveCalendar).mockImplementation(async (c) => c)
    renderEditor(office, true)
    await user.click(screen.getByTestId('exception-add'))
    await user.type(screen.getAllByTestId('exception-date')[2], '2027-01-09')
    await user.click(screen.getByTestId('calendar-review'))
    await user.click(await screen.findByTestId('calendar-save'))
    expect(vi.mocked(api.whatIf).mock.calls[0][0].calendar?.exceptions).toHaveLength(3)
    expect(vi.mocked(api.saveCalendar).mock.calls[0][0].exceptions[2]).toEqual({ date: '2027-01-09', name: '', hours: [{ start: '09:00', end: '17:00' }] })
  })

  it("shows Go's error beside the exception it names and keeps what was typed", async () => {
    const user = userEvent.setup()
    vi.mocked(api.saveCalendar).mockRejectedValue(
      new ApiError('validation', 'check the fields', { 'exceptions.2': 'an exception is a date YYYY-MM-DD' }),
    )
    renderEditor(office)
    await user.click(screen.getByTestId('exception-add'))
    await user.type(screen.getAllByTestId('exception-date')[2], '9 Jan')
    await user.type(screen.getAllByTestId('exception-name')[2], 'Stocktake')
    await user.click(screen.getByTestId('calendar-review'))

    let rows = await screen.findAllByTestId('exception-row')
    expect(await within(rows[2]).findByText('an exception is a date YYYY-MM-DD')).toBeInTheDocument()
    expect(within(rows[0]).queryByText(/YYYY-MM-DD/)).toBeNull()
    expect(within(rows[2]).getByTestId('exception-date')).toHaveValue('9 Jan')
    expect(within(rows[2]).getByTestId('exception-date')).toHaveAttribute('aria-invalid', 'true')
    expect(within(rows[2]).getByTestId('exception-name')).toHaveValue('Stocktake')
    expect(within(rows[2]).getByTestId('exception-start')).toHaveValue('09:00')

    // Removing an earlier exception keeps the message with the date it was about.
    await user.click(within(rows[0]).getByTestId('exception-remove'))
    rows = screen.getAllByTestId('exception-row')
    expect(rows).toHaveLength(2)
    expect(within(rows[1]).getByText('an exception is a date YYYY-MM-DD')).toBeInTheDocument()
    expect(within(rows[0]).queryByText(/YYYY-MM-DD/)).toBeNull()
  })
})
