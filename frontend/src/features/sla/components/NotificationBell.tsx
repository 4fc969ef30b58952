// The bell in the top bar: the unread count, and the notification centre as a panel below it.
import { lazy, Suspense } from 'react'
import { useUnreadCount } from '../../../api/sla'
import { usePopover } from '../../../lib/popover'

// The centre loads when the bell first opens (components/ui/LazyDialog.tsx says why).
const NotificationCentre = lazy(() => import('./NotificationCentre').then((m) => ({ default: m.NotificationCentre })))

export function NotificationBell({ onOpen }: { onOpen: (ticketId: string) => void }) {
  const { open, setOpen, ref } = usePopover('Close notifications')
  const count = useUnreadCount()
  const unread = count.data ?? 0


  return (
    <div className="notif-bell-wrap" ref={ref}>
      <button
        type="button"
        className={`icon-btn notif-bell${open ? ' on' : ''}${unread > 0 ? ' has-unread' : ''}`}
        aria-label={unread ? `Notifications, ${unread} unread` : 'Notifications'}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={() => setOpen((o) => !o)}
        data-testid="notif-bell"
      >
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.6l-1.6 2.7A1 1 0 0 0 5.3 17h13.4a1 1 0 0 0 .9-1.7L18 12.6V9a6 6 0 0 0-6-6Zm-2.5 15.5a2.5 2.5 0 0 0 5 0"
            fill="none"
            stroke="currentColor"
            strokeWidth="1.7"
            strokeLinejoin="round"
          />
        </svg>
        {unread > 0 && (
          <span className="notif-count" data-testid="notif-count">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <Panel
          onOpen={(id) => {
            setOpen(false)
            onOpen(id)
          }}
        />
      )}
    </div>
  )
}

/** Panel loads the list only while it is open. */
function Panel({ onOpen }: { onOpen: (ticketId: string) => void }) {
  return (
    <div className="menu-pop menu-right notif-panel" role="dialog" aria-label="Notification centre" data-testid="notif-panel">
      <Suspense fallback={<p className="muted notif-empty">Loading…</p>}>
        <NotificationCentre onOpen={onOpen} />
      </Suspense>
    </div>
  )
}
