import { describe as suite, expect, it, vi } from 'vitest'
import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { NotificationList } from './components/NotificationCentre'

suite('NotificationList', () => {
  it('shows unread count, marks read and jumps to the ticket', async () => {
    const onOpen = vi.fn()
    const onMarkRead = vi.fn()
    render(
      <NotificationList
        unread={1}
        onOpen={onOpen}
        onMarkRead={onMarkRead}
        items={[{ id: 'n1', ticketId: 't1', ticketNumber: 'INC0001001', kind: 'sla_breach', message: 'INC0001001 breached its response target (15m): Mail down', createdAt: 0, readAt: 0 }]}
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
