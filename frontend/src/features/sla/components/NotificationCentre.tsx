// The notification centre: unread count, a filter by type, the list newest first a page at a
// time, mark one or all read, jump to the ticket, and the person's switches per type.
import { useState } from 'react'
import {
  notificationTypes,
  typeLabels,
  useMarkNotificationsRead,
  useNotificationPages,
  usePrefs,
  useSetPrefs,
  type NotificationFilter,
  type NotificationType,
  type Prefs,
} from '../../../api/notify'
import { formatDateTime } from '../../../lib/format'

export interface NotificationItem {
  id: string
  ticketId: string
  ticketNumber: string
  kind: string
  message: string
  createdAt: number
  readAt: number
}

export function NotificationList({
  items,
  unread,
  onOpen,
  onMarkRead,
  filter = '',
  onFilter,
  hasMore = false,
  loadingMore = false,
  onMore,
  onSettings,
}: {
  items: NotificationItem[]
  unread: number
  onOpen: (ticketId: string) => void
  onMarkRead: (ids: string[]) => void
  filter?: NotificationFilter
  onFilter?: (f: NotificationFilter) => void
  hasMore?: boolean
  loadingMore?: boolean
  onMore?: () => void
  onSettings?: () => void
}) {
  const anyUnread = filter === '' ? unread > 0 : items.some((n) => !n.readAt) || hasMore
  return (
    <section aria-label="Notifications" className="notification-centre">
      <header className="notif-head">
        <h2>
          Notifications <span aria-label="unread" className="notif-unread" data-testid="notif-unread">{unread}</span>
        </h2>
        {onSettings && (
          <button type="button" className="btn btn-small btn-ghost" onClick={onSettings} data-testid="notif-settings">
            Settings
          </button>
        )}
        <button
          type="button"
          className="btn btn-small btn-ghost"
          disabled={!anyUnread}
          onClick={() => onMarkRead([])}
          data-testid="notif-mark-all"
        >
          Mark all read
        </button>
      </header>
      {onFilter && (
        <div className="notif-filter">
          <label>
            <span className="sr-only">Show</span>
            <select value={filter} onChange={(e) => onFilter(e.target.value as NotificationFilter)} data-testid="notif-filter" aria-label="Show notifications of type">
              <option value="">All</option>
              {[...notificationTypes, 'sla' as const].map((t) => (
                <option key={t} value={t}>
                  {typeLabels[t]}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
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
          {hasMore && onMore && (
            <li className="notif-more-row">
              <button type="button" className="btn btn-small" disabled={loadingMore} onClick={onMore} data-testid="notif-more">
                {loadingMore ? 'Loading…' : 'Show older'}
              </button>
            </li>
          )}
        </ul>
      )}
    </section>
  )
}

const kindLabels: Record<string, string> = {
  sla_warning: 'Warning',
  sla_breach: 'Breach',
  sla_escalation: 'Escalation',
  assigned: 'Assigned',
  group: 'Group',
  reply: 'Reply',
  mention: 'Mention',
  followed: 'Following',
  reopened: 'Reopened',
  approval: 'Approval',
}

function kindLabel(kind: string): string {
  return kindLabels[kind] ?? 'Notice'
}

/** NotificationPrefs are the person's switches, one per type; they follow the person. */
export function NotificationPrefs({ onDone }: { onDone: () => void }) {
  const prefs = usePrefs()
  const save = useSetPrefs()
  // A switch shows what the person chose at once, not only when Go has saved it; a refused save
  // puts it back (and the banner says why).
  const [chosen, setChosen] = useState<Partial<Prefs>>({})
  const choose = (t: NotificationType, on: boolean) => {
    setChosen((c) => ({ ...c, [t]: on }))
    save.mutate({ [t]: on } as Partial<Prefs>, {
      onSettled: () =>
        setChosen((c) => {
          const next = { ...c }
          delete next[t]
          return next
        }),
    })
  }
  return (
    <section aria-label="Notification settings" className="notification-centre notif-prefs" data-testid="notif-prefs">
      <header className="notif-head">
        <h2>Notify me of</h2>
        <button type="button" className="btn btn-small btn-ghost" onClick={onDone} data-testid="notif-prefs-done">
          Done
        </button>
      </header>
      {prefs.error && (
        <div className="banner banner-error" role="alert">
          {prefs.error.message}
        </div>
      )}
      {save.error && (
        <div className="banner banner-error" role="alert">
          {save.error.message}
        </div>
      )}
      <ul className="notif-pref-list">
        {notificationTypes.map((t) => (
          <li key={t}>
            <label>
              <input
                type="checkbox"
                checked={chosen[t] ?? prefs.data?.[t] ?? true}
                disabled={!prefs.data || save.isPending}
                onChange={(e) => choose(t, e.target.checked)}
                data-testid={`notif-pref-${t}`}
              />{' '}
              {typeLabels[t]}
            </label>
          </li>
        ))}
      </ul>
      <p className="muted small notif-pref-note">Switches follow you to your other desks. SLA warnings always show.</p>
    </section>
  )
}

/** NotificationCentre is the list with its filter and paging, or the switches. */
export function NotificationCentre({ onOpen }: { onOpen: (ticketId: string) => void }) {
  const [filter, setFilter] = useState<NotificationFilter>('')
  const [settings, setSettings] = useState(false)
  const pages = useNotificationPages(filter)
  const markRead = useMarkNotificationsRead(filter)
  if (settings) return <NotificationPrefs onDone={() => setSettings(false)} />
  if (pages.error)
    return (
      <div className="banner banner-error" role="alert">
        {pages.error.message}
      </div>
    )
  if (pages.isPending) return <p className="muted notif-empty">Loading…</p>
  const items = pages.data.pages.flatMap((p) => p.items ?? [])
  const unread = pages.data.pages[0]?.unread ?? 0
  return (
    <NotificationList
      items={items}
      unread={unread}
      onOpen={onOpen}
      onMarkRead={(ids) => markRead.mutate(ids)}
      filter={filter}
      onFilter={setFilter}
      hasMore={pages.hasNextPage}
      loadingMore={pages.isFetchingNextPage}
      onMore={() => void pages.fetchNextPage()}
      onSettings={() => setSettings(true)}
    />
  )
}
