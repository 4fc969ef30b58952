// The notification centre: unread count, the list newest first, mark read, jump to ticket.
import { useMarkRead, useNotifications, useSlaEvents, type Notification } from '../../../api/sla'
import { formatDateTime } from '../../../lib/format'

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
      <header className="notif-head">
        <h2>
          Notifications <span aria-label="unread" className="notif-unread" data-testid="notif-unread">{unread}</span>
        </h2>
        <button
          type="button"
          className="btn btn-small btn-ghost"
          disabled={unread === 0}
          onClick={() => onMarkRead([])}
          data-testid="notif-mark-all"
        >
          Mark all read
        </button>
      </header>
      {items.length === 0 ? (
        <p className="notif-empty muted" data-testid="notif-empty">
          No notifications.
        </p>
      ) : (
        <ul className="notif-list">
          {items.map((n) => (
            <li
              key={n.id}
              data-kind={n.kind}
              className={n.readAt ? 'read' : 'unread'}
              data-testid="notif-item"
              data-ticket={n.ticketNumber}
              data-read={n.readAt ? 'true' : 'false'}
            >
              <button
                type="button"
                className="notif-open"
                onClick={() => {
                  if (!n.readAt) onMarkRead([n.id])
                  if (n.ticketId) onOpen(n.ticketId)
                }}
              >
                <span className="notif-meta">
                  <span className={`notif-kind notif-${n.kind}`}>{kindLabel(n.kind)}</span>
                  {n.ticketNumber && <span className="mono notif-number">{n.ticketNumber}</span>}
                </span>
                <span className="notif-message">{n.message}</span>
              </button>
              <div className="notif-foot">
                <time dateTime={new Date(n.createdAt).toISOString()}>{formatDateTime(n.createdAt)}</time>
                {!n.readAt && (
                  <button type="button" className="link small" onClick={() => onMarkRead([n.id])} data-testid="notif-mark-read">
                    Mark read
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

const kindLabels: Record<string, string> = { sla_warning: 'Warning', sla_breach: 'Breach', sla_escalation: 'Escalation' }

function kindLabel(kind: string): string {
  return kindLabels[kind] ?? 'Notice'
}

export function NotificationCentre({ onOpen }: { onOpen: (ticketId: string) => void }) {
  useSlaEvents()
  const { data } = useNotifications()
  const markRead = useMarkRead()
  return <NotificationList items={data?.items ?? []} unread={data?.unread ?? 0} onOpen={onOpen} onMarkRead={(ids) => markRead.mutate(ids)} />
}
