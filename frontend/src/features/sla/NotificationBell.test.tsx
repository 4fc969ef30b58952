import { render, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { QueryClient, QueryClientProvider, useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { PersonNotification as Notification, NotificationPage } from '../../api/notify'
import { installHotkeys } from '../../lib/hotkeys'
import { NotificationBell } from './components/NotificationBell'

// Only the src/api boundary is replaced; queries, the bell and the panel are real.
const unread = vi.fn<() => Promise<number>>()
const list = vi.fn<(filter: string, after: string) => Promise<NotificationPage>>()
const markRead = vi.fn<(ids: string[]) => Promise<void>>()
vi.mock('../../api/sla', () => ({
  useUnreadCount: () => useQuery({ queryKey: ['sla', 'notifications', 'unread'], queryFn: () => unread() }),
}))
vi.mock('../../api/notify', () => ({
  notificationTypes: ['assigned', 'group', 'reply', 'mention', 'followed', 'reopened'],
  typeLabels: { assigned: 'Assigned to me', group: 'New in my groups', reply: 'Requester replies', mention: 'Mentions', followed: 'Tickets I follow', reopened: 'Reopened', sla: 'SLA' },
  useNotificationPages: (filter: string) =>
    useInfiniteQuery({
      queryKey: ['sla', 'notifications', 'pages', filter],
      queryFn: ({ pageParam }) => list(filter, pageParam),
      initialPageParam: '',
      getNextPageParam: (last: NotificationPage) => last.next || undefined,
    }),
  useMarkNotificationsRead: () => {
    const qc = useQueryClient()
    return useMutation({
      mutationFn: (ids: string[]) => markRead(ids),
      onSuccess: () => qc.invalidateQueries({ queryKey: ['sla', 'notifications'] }),
    })
  },
  usePrefs: () => useQuery({ queryKey: ['notify', 'prefs'], queryFn: async () => ({}) }),
  useSetPrefs: () => useMutation({ mutationFn: async () => ({}) }),
}))

const note = (over: Partial<Notification>): Notification => ({
  id: 'n1',
  actorId: '',
  ticketId: 't1',
  ticketNumber: 'INC0001001',
  kind: 'sla_breach',
  message: 'INC0001001 breached its response target (15m): Mail down',
  createdAt: Date.UTC(2026, 10, 28, 9, 30),
  readAt: 0,
  ...over,
})

let items: Notification[]

function renderBell() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  const wrap = ({ children }: { children: ReactNode }) => <QueryClientProvider client={qc}>{children}</QueryClientProvider>
  const onOpen = vi.fn()
  render(<NotificationBell onOpen={onOpen} />, { wrapper: wrap })
  return { onOpen, qc }
}

let uninstall: () => void
beforeEach(() => {
  uninstall = installHotkeys()
  items = [
    note({}),
    note({ id: 'n2', ticketId: 't2', ticketNumber: 'REQ0001002', kind: 'sla_warning', message: 'REQ0001002 reached 75% of its resolution target (8h): Laptop' }),
    note({ id: 'n3', ticketId: 't3', ticketNumber: 'INC0001003', message: 'INC0001003 breached its resolution target (4h): VPN', readAt: 1 }),
  ]
  unread.mockReset().mockImplementation(async () => items.filter((n) => !n.readAt).length)
  list.mockReset().mockImplementation(async () => ({ items, next: '', unread: items.filter((n) => !n.readAt).length }) as NotificationPage)
  markRead.mockReset().mockImplementation(async (ids) => {
    items = items.map((n) => (ids.length === 0 || ids.includes(n.id) ? { ...n, readAt: n.readAt || 2 } : n))
  })
})
afterEach(() => uninstall())

describe('NotificationBell', () => {
  it('shows the unread count and loads the list only when opened', async () => {
    renderBell()
    expect(await screen.findByTestId('notif-count')).toHaveTextContent('2')
    expect(screen.getByTestId('notif-bell')).toHaveAccessibleName('Notifications, 2 unread')
    expect(list).not.toHaveBeenCalled()

    await userEvent.click(screen.getByTestId('notif-bell'))
    const panel = await screen.findByTestId('notif-panel')
    const rows = await within(panel).findAllByTestId('notif-item')
    expect(rows).toHaveLength(3)
    // Message, ticket number, kind and time are all there; unread ones say so.
    expect(rows[0]).toHaveTextContent('Breach')
    expect(rows[0]).toHaveTextContent('INC0001001')
    expect(rows[0]).toHaveTextContent('breached its response target (15m): Mail down')
    expect(rows[0].querySelector('time')).toHaveAttribute('dateTime', '2026-11-28T09:30:00.000Z')
    expect(rows[1]).toHaveTextContent('Warning')
    expect(rows.map((r) => r.getAttribute('data-read'))).toEqual(['false', 'false', 'true'])
  })

  it('hides the badge when nothing is unread', async () => {
    items = items.map((n) => ({ ...n, readAt: 5 }))
    renderBell()
    await waitFor(() => expect(unread).toHaveBeenCalled())
    expect(screen.queryByTestId('notif-count')).not.toBeInTheDocument()
    expect(screen.getByTestId('notif-bell')).toHaveAccessibleName('Notifications')
  })

  it('a click on a notification marks it read, jumps to its ticket and closes the panel', async () => {
    const { onOpen } = renderBell()
    await userEvent.click(await screen.findByTestId('notif-bell'))
    const rows = await screen.findAllByTestId('notif-item')
    await userEvent.click(within(rows[1]).getByText(/reached 75%/))
    expect(markRead).toHaveBeenCalledWith(['n2'])
    expect(onOpen).toHaveBeenCalledWith('t2')
    expect(screen.queryByTestId('notif-panel')).not.toBeInTheDocument()
    await waitFor(() => expect(screen.getByTestId('notif-count')).toHaveTextContent('1'))
  })

  it('a read notification jumps without marking again', async () => {
    const { onOpen } = renderBell()
    await userEvent.click(await screen.findByTestId('notif-bell'))
    const rows = await screen.findAllByTestId('notif-item')
    await userEvent.click(within(rows[2]).getByText(/VPN/))
    expect(markRead).not.toHaveBeenCalled()
    expect(onOpen).toHaveBeenCalledWith('t3')
  })

  it('marks one or all read from the panel', async () => {
    renderBell()
    await userEvent.click(await screen.findByTestId('notif-bell'))
    const rows = await screen.findAllByTestId('notif-item')
    await userEvent.click(within(rows[0]).getByTestId('notif-mark-read'))
    expect(markRead).toHaveBeenLastCalledWith(['n1'])
    await waitFor(() => expect(screen.getByTestId('notif-count')).toHaveTextContent('1'))

    await userEvent.click(screen.getByTestId('notif-mark-all'))
    expect(markRead).toHaveBeenLastCalledWith([])
    await waitFor(() => expect(screen.queryByTestId('notif-count')).not.toBeInTheDocument())
    expect(screen.getByTestId('notif-mark-all')).toBeDisabled()
    // The panel stays open, every item now read.
    const after = await screen.findAllByTestId('notif-item')
    await waitFor(() => expect(after.map((r) => r.getAttribute('data-read'))).toEqual(['true', 'true', 'true']))
  })

  it('closes on Escape and on a click elsewhere', async () => {
    renderBell()
    await userEvent.click(await screen.findByTestId('notif-bell'))
    await screen.findByTestId('notif-panel')
    await userEvent.keyboard('{Escape}')
    expect(screen.queryByTestId('notif-panel')).not.toBeInTheDocument()
    await userEvent.click(screen.getByTestId('notif-bell'))
    await screen.findByTestId('notif-panel')
    await userEvent.click(document.body)
    expect(screen.queryByTestId('notif-panel')).not.toBeInTheDocument()
  })

  it('pages through older notifications and filters by type', async () => {
    const older = note({ id: 'n0', ticketId: 't0', ticketNumber: 'INC0001000', kind: 'mention', message: 'Ann mentioned you on INC0001000: Old' })
    list.mockImplementation(async (filter, after) => {
      const all = [...items, older].filter((n) => !filter || n.kind === filter)
      const from = after ? Number(after) : 0
      const page = all.slice(from, from + 2)
      return { items: page, next: from + 2 < all.length ? String(from + 2) : '', unread: 3 } as NotificationPage
    })
    renderBell()
    await userEvent.click(await screen.findByTestId('notif-bell'))
    expect(await screen.findAllByTestId('notif-item')).toHaveLength(2)
    await userEvent.click(screen.getByTestId('notif-more'))
    await waitFor(() => expect(screen.getAllByTestId('notif-item')).toHaveLength(4))
    expect(screen.queryByTestId('notif-more')).not.toBeInTheDocument()
    await userEvent.selectOptions(screen.getByTestId('notif-filter'), 'mention')
    await waitFor(() => expect(screen.getAllByTestId('notif-item')).toHaveLength(1))
    expect(list).toHaveBeenLastCalledWith('mention', '')
    expect(screen.getByTestId('notif-item')).toHaveTextContent('Mention')
  })
})
