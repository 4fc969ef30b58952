// The notification centre: unread count, the list newest first, mark read, jump to ticket.
import { useMarkRead, useNotifications, useSlaEvents, type Notification } from '../../../api/sla'

export function NotificationList({
  items,
  unread,
  onOpen,
  onMarkRead,
}: {
  items: Notification[]
  unread: number
  onOpen: (ticketId: string) => void
  onMarkRead: (ids: string[]) => void
}) {
  return (
    <section aria-label="Notifications" className="notification-centre">
      <header>
        <h2>
          Notifications <span aria-label="unread">{unread}</span>
        </h2>
        <button type="button" disabled={unread === 0} onClick={() => onMarkRead([])}>
          Mark all read
        </button>
      </header>
      {items.length === 0 ? (
        <p>No notifications.</p>
      ) : (
        <ul>
          {items.map((n) => (
            <li key={n.id} data-kind={n.kind} className={n.readAt ? 'read' : 'unread'}>
              <button
                type="button"
                onClick={() => {
                  if (!n.readAt) onMarkRead([n.id])
                  if (n.ticketId) onOpen(n.ticketId)
                }}
              >
                {n.message}
              </button>
              <time dateTime={new Date(n.createdAt).toISOString()}>{new Date(n.createdAt).toLocaleString()}</time>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

export function NotificationCentre({ onOpen }: { onOpen: (ticketId: string) => void }) {
  useSlaEvents()
  const { data } = useNotifications()
  const markRead = useMarkRead()
  return <NotificationList items={data?.items ?? []} unread={data?.unread ?? 0} onOpen={onOpen} onMarkRead={(ids) => markRead.mutate(ids)} />
}
