// The sync status in the top bar: offline, syncing (with progress), last synced, pending
// changes. A click opens the sync panel (Sync now, sign in again, disconnect, what was
// refused), for every signed-in user; a badge beside it opens the inbox when something needs
// a look.
import { lazy, Suspense } from 'react'
import { toApiError } from '../../../api/client'
import { useSyncNow, useSyncProgress, useSyncStatus, type SyncProgress, type SyncStatus } from '../../../api/sync'
import { ago } from '../../../lib/ago'
import { useGoNow } from '../../../lib/clock'
import { usePopover } from '../../../lib/popover'
import '../sync.css'

// The panel loads when it first opens (components/ui/LazyDialog.tsx says why).
const SyncPanel = lazy(() => import('./SyncPanel').then((m) => ({ default: m.SyncPanel })))

interface Props {
  /** Opens the sync inbox (conflicts and refused changes). */
  onOpenInbox: () => void
  /** Where to go to connect a desk that works alone (Settings → Server), for those who may. */
  onConnect?: () => void
}

/** label is what the indicator says for a status. */
export function label(st: SyncStatus, now: number, progress: SyncProgress | null): string {
  switch (st.state) {
    case 'local':
      // A desk that was joined keeps its account after Disconnect and can sign in again.
      return st.userId ? 'Disconnected' : 'Not connected'
    case 'syncing':
      return progress && progress.total > 0 ? `Syncing ${percent(progress)}%` : 'Syncing…'
    case 'offline':
      return 'Offline'
    case 'error':
      return st.lastError?.code === 'unauthorized' ? 'Sign in again' : 'Sync failed'
    default:
      return `Synced ${ago(st.lastSync, now)}`
  }
}

function percent(p: SyncProgress): number {
  return Math.min(100, Math.round((p.done / Math.max(1, p.total)) * 100))
}

export function SyncIndicator({ onOpenInbox, onConnect }: Props) {
  const status = useSyncStatus()
  const progress = useSyncProgress()
  const sync = useSyncNow()
  const now = useGoNow(30_000)
  const { open, setOpen, ref } = usePopover('Close the sync panel')


  const st = status.data
  if (!st) return null

  const state = !st.joined ? 'local' : sync.isPending ? 'syncing' : st.state
  const shown: SyncStatus = { ...st, state }
  const attention = st.openConflicts + st.rejected
  const err = sync.error ? toApiError(sync.error).message : st.lastError?.message
  const title = st.joined
    ? [
        `Server: ${st.server}`,
        st.userName && `Signed in as ${st.userName}`,
        `Last synced: ${ago(st.lastSync, now)}`,
        err && state !== 'syncing' && state !== 'synced' ? err : '',
        'Click for sync status, Sync now and your account',
      ]
        .filter(Boolean)
        .join('\n')
    : st.userId
      ? 'Disconnected from the server. Click to sign in again.'
      : 'This desk works alone. Click for details.'
  const openInbox = () => {
    setOpen(false)
    onOpenInbox()
  }
  return (
    <div className="sync-wrap" ref={ref}>
      <button
        type="button"
        className={`sync-indicator sync-${state}${open ? ' on' : ''}`}
        data-testid="sync-indicator"
        data-state={state}
        data-pending={st.pending}
        aria-busy={state === 'syncing'}
        aria-expanded={open}
        aria-haspopup="dialog"
        title={title}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="sync-dot" aria-hidden="true" />
        <span data-testid="sync-label">{label(shown, now, progress)}</span>
        {st.pending > 0 && st.userId && (
          // Only a desk with an account uploads: a desk that works alone has nothing waiting.
          <span className="sync-pending" data-testid="sync-pending">
            {st.pending} pending
          </span>
        )}
        {state === 'syncing' && progress && progress.total > 0 && (
          <span className="sync-bar" aria-hidden="true">
            <span style={{ width: `${percent(progress)}%` }} />
          </span>
        )}
      </button>
      {attention > 0 && (
        <button
          type="button"
          className="sync-badge"
          data-testid="sync-inbox-badge"
          onClick={openInbox}
          aria-label={`Sync inbox: ${st.openConflicts} conflicts, ${st.rejected} refused changes`}
          title={`${st.openConflicts} conflicts, ${st.rejected} refused changes`}
        >
          {attention}
        </button>
      )}
      {open && (
        <Suspense fallback={null}>
          <SyncPanel
            status={st}
            now={now}
            progress={progress}
            syncing={sync.isPending}
            syncError={sync.error ? toApiError(sync.error).message : undefined}
            onSyncNow={() => {
              if (!sync.isPending) sync.mutate()
            }}
            onOpenInbox={openInbox}
            onConnect={
              onConnect
                ? () => {
                    setOpen(false)
                    onConnect()
                  }
                : undefined
            }
          />
        </Suspense>
      )}
    </div>
  )
}
