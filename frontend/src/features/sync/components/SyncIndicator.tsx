// The sync status in the top bar: offline, syncing (with progress), last synced, pending
// changes. A click syncs now; a badge beside it opens the inbox when something needs a look.
import { toApiError } from '../../../api/client'
import { useSyncNow, useSyncProgress, useSyncStatus, type SyncProgress, type SyncStatus } from '../../../api/sync'
import { ago } from '../../../lib/ago'
import { useGoNow } from '../../../lib/clock'
import '../sync.css'

interface Props {
  /** Opens the sync inbox (conflicts and refused changes). */
  onOpenInbox: () => void
  /** Where to go to connect (Settings → Server), for those who may. */
  onConnect?: () => void
}

/** label is what the indicator says for a status. */
export function label(st: SyncStatus, now: number, progress: SyncProgress | null): string {
  switch (st.state) {
    case 'local':
      return 'Not connected'
    case 'syncing':
      return progress && progress.total > 0 ? `Syncing ${percent(progress)}%` : 'Syncing…'
    case 'offline':
      return 'Offline'
    case 'error':
      return 'Sync failed'
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
  const st = status.data
  if (!st) return null

  if (!st.joined) {
    return (
      <button
        type="button"
        className="sync-indicator"
        data-testid="sync-indicator"
        data-state="local"
        onClick={onConnect}
        disabled={!onConnect}
        title={onConnect ? 'This desk works alone. Connect it to a server in Settings → Server.' : 'This desk works alone.'}
      >
        <span className="sync-dot" aria-hidden="true" />
        Not connected
      </button>
    )
  }

  const state = sync.isPending ? 'syncing' : st.state
  const shown: SyncStatus = { ...st, state }
  const attention = st.openConflicts + st.rejected
  const err = sync.error ? toApiError(sync.error).message : st.lastError?.message
  const title = [
    `Server: ${st.server}`,
    st.userName && `Signed in as ${st.userName}`,
    `Last synced: ${ago(st.lastSync, now)}`,
    err && state !== 'syncing' && state !== 'synced' ? err : '',
    'Click to sync now',
  ]
    .filter(Boolean)
    .join('\n')
  return (
    <div className="sync-wrap">
      <button
        type="button"
        className={`sync-indicator sync-${state}`}
        data-testid="sync-indicator"
        data-state={state}
        data-pending={st.pending}
        aria-busy={state === 'syncing'}
        title={title}
        onClick={() => {
          if (!sync.isPending) sync.mutate()
        }}
      >
        <span className="sync-dot" aria-hidden="true" />
        <span data-testid="sync-label">{label(shown, now, progress)}</span>
        {st.pending > 0 && (
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
          onClick={onOpenInbox}
          aria-label={`Sync inbox: ${st.openConflicts} conflicts, ${st.rejected} refused changes`}
          title={`${st.openConflicts} conflicts, ${st.rejected} refused changes`}
        >
          {attention}
        </button>
      )}
    </div>
  )
}
