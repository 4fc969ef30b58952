import { describe as suite, expect, it, vi } from 'vitest'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, formatDuration } from './remaining'
import { SlaBadgeView } from './components/SlaBadge'
import { NotificationList } from './components/NotificationCentre'
import type { Clock, TicketStatus } from '../../api/sla'

const min = 60_000

function clock(over: Partial<Clock>): Clock {
  return {
    kind: 'response', target: { value: 15, unit: 'minutes' }, business: false, targetMs: 15 * min, elapsedMs: 0,
    dueAt: 15 * min, state: 'running', stage: 'ok', startedAt: 0, stoppedAt: 0, ...over,
  }
}

suite('remaining time', () => {
  it('formats durations compactly', () => {
    expect(formatDuration(45 * min)).toBe('45m')
    expect(formatDuration(200 * min)).toBe('3h 20m')
    expect(formatDuration(52 * 60 * min)).toBe('2d 4h')
  })
  it('colours by share used and overdue', () => {
    expect(describe(clock({}), 0)).toEqual({ text: '15m left', tone: 'ok' })
    expect(describe(clock({}), 12 * min).tone).toBe('warning')
    expect(describe(clock({}), 20 * min)).toEqual({ text: '5m overdue', tone: 'breached' })
    expect(describe(clock({ state: 'paused', elapsedMs: 5 * min, dueAt: 0 }), 0)).toEqual({ text: 'paused, 10m left', tone: 'paused' })
    expect(describe(clock({ state: 'met' }), 0).tone).toBe('done')
  })
})

suite('SlaBadgeView', () => {
  it('counts down the response, then the resolution', () => {
    const status: TicketStatus = {
      ticketId: 't', policyId: 'p', policyName: 'Default', now: 0, priority: 1, paused: false, stage: 'ok', dueAt: 15 * min,
      response: clock({}), resolution: clock({ kind: 'resolution', target: { value: 4, unit: 'hours' }, targetMs: 240 * min, dueAt: 240 * min }),
    }
    const { rerender } = render(<SlaBadgeView status={status} now={5 * min} />)
    expect(screen.getByText(/Respond: 10m left/)).toBeInTheDocument()
    rerender(<SlaBadgeView status={{ ...status, response: clock({ state: 'met' }) }} now={5 * min} />)
    expect(screen.getByText(/Resolve: 3h 55m left/)).toHaveAttribute('data-tone', 'ok')
  })
})

suite('NotificationList', () => {
  it('shows unread count, marks read and jumps to the ticket', async () => {
    const onOpen = vi.fn()
    const onMarkRead = vi.fn()
    render(
      <NotificationList
        unread={1}
        onOpen={onOpen}
        onMarkRead={onMarkRead}
        items={[{ id: 'n1', userId: 'u', ticketId: 't1', ticketNumber: 'INC0001001', kind: 'sla_breach', message: 'INC0001001 breached its response target (15m): Mail down', createdAt: 0, readAt: 0 }]}
      />,
    )
    expect(screen.getByLabelText('unread')).toHaveTextContent('1')
    await userEvent.click(screen.getByText(/breached its response target/))
    expect(onMarkRead).toHaveBeenCalledWith(['n1'])
    expect(onOpen).toHaveBeenCalledWith('t1')
    await userEvent.click(screen.getByText('Mark all read'))
    expect(onMarkRead).toHaveBeenCalledWith([])
  })
})
