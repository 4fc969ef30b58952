// The sync panel under the top-bar indicator, for every signed-in user (requesters and agents
// too, who have no Settings page): status, pending changes, last sync, what the server refused
// (the desk's own automatic work marked as such), conflicts, and Sync now / Sign in again /
// Disconnect. Go decides who may do what; a desk already joined lets any server user sign in.
import { useState } from 'react'
import { toApiError, type ApiError } from '../../../api/client'
import { useConnect, useDisconnect, useRejections, type Rejection, type SyncProgress, type SyncStatus } from '../../../api/sync'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Field } from '../../../components/ui/Field'
import { autoWork, summary, what, why } from '../rejection'
import { ServerFacts } from './ServerFacts'

interface Props {
  status: SyncStatus
  /** Go's clock, for "2 min ago". */
  now: number
  progress: SyncProgress | null
  /** A sync started from the indicator or this panel is running. */
  syncing: boolean
  /** Why the last Sync now failed, if it did. */
  syncError?: string
  onSyncNow: () => void
  /** Opens the sync inbox (conflicts and every refused change). */
  onOpenInbox: () => void
  /** Opens Settings → Server to connect a desk that works alone, for those who may. */
  onConnect?: () => void
}

/** The refused changes the panel lists; the inbox has them all. */
const shownRejections = 3

export function SyncPanel(p: Props) {
  const st = p.status
  // A desk that was joined keeps its server and account after Disconnect: it can sign in again.
  const wasJoined = !st.joined && st.userId !== ''
  return (
    <div
      className="menu-pop menu-right sync-panel"
      role="dialog"
      aria-label="Sync"
      data-testid="sync-panel"
      data-last-sync={st.lastSync}
    >
      <header className="sync-panel-head">
        <h2>Sync</h2>
        <span className="muted small" data-testid="sync-panel-state">
          {st.joined ? stateText(st, p.syncing) : wasJoined ? 'Disconnected' : 'Not connected'}
        </span>
      </header>
      {st.joined ? <Joined {...p} /> : wasJoined ? <SignedOut st={st} /> : <Alone onConnect={p.onConnect} />}
    </div>
  )
}

function stateText(st: SyncStatus, syncing: boolean): string {
  if (syncing || st.state === 'syncing') return 'Syncing…'
  switch (st.state) {
    case 'offline':
      return 'Offline'
    case 'error':
      return 'Sync failed'
    default:
      return 'Connected'
  }
}

function Joined({ status: st, now, progress, syncing, syncError, onSyncNow, onOpenInbox }: Props) {
  const disconnect = useDisconnect()
  // A revoked device or a changed password: the next sync is refused until the user signs in.
  const refused = st.lastError?.code === 'unauthorized'
  const [signIn, setSignIn] = useState(false)
  const busy = syncing || st.state === 'syncing'
  const error = syncError ?? (st.lastError && !busy ? st.lastError.message : undefined)
  return (
    <div className="sync-panel-body" data-testid="sync-panel-joined">
      <ServerFacts st={st} busy={busy} now={now} testId="sync-panel" />
      {busy && progress && progress.total > 0 && <Progress {...progress} />}
      <ErrorBanner message={error} />
      <Attention st={st} onOpenInbox={onOpenInbox} />
      {refused || signIn ? (
        <SignInForm st={st} onCancel={refused ? undefined : () => setSignIn(false)} />
      ) : null}
      <ErrorBanner message={disconnect.error ? toApiError(disconnect.error).message : undefined} />
      <div className="row-start sync-panel-actions">
        <button type="button" className="btn btn-primary btn-small" disabled={busy} onClick={onSyncNow} data-testid="sync-panel-sync-now">
          {busy ? 'Syncing…' : 'Sync now'}
        </button>
        {!refused && !signIn && (
          <button type="button" className="btn btn-small" onClick={() => setSignIn(true)} data-testid="sync-panel-sign-in-again">
            Sign in again
          </button>
        )}
        <button
          type="button"
          className="btn btn-small"
          disabled={disconnect.isPending || busy}
          onClick={() => disconnect.mutate()}
          data-testid="sync-panel-disconnect"
        >
          Disconnect
        </button>
      </div>
    </div>
  )
}

function Progress({ done, total }: SyncProgress) {
  const pct = Math.min(100, Math.round((done / Math.max(1, total)) * 100))
  return (
    <div className="sync-panel-progress" data-testid="sync-panel-progress">
      <div className="sync-panel-bar" role="progressbar" aria-label="Sync" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <span style={{ width: `${pct}%` }} />
      </div>
      <span className="muted small">
        {done.toLocaleString()} of {total.toLocaleString()} changes
      </span>
    </div>
  )
}

/** Attention: conflicts to settle and the newest refused changes, with the way to the inbox. */
function Attention({ st, onOpenInbox }: { st: SyncStatus; onOpenInbox: () => void }) {
  const rejections = useRejections()
  const list = rejections.data ?? []
  if (st.openConflicts === 0 && st.rejected === 0 && list.length === 0) {
    return (
      <p className="muted small sync-panel-clear" data-testid="sync-panel-clear">
        No conflicts, and the server has accepted all your changes.
      </p>
    )
  }
  return (
    <section className="sync-panel-attention" aria-label="Needs a look">
      {st.openConflicts > 0 && (
        <p className="sync-panel-line" data-testid="sync-panel-conflicts">
          <strong>{st.openConflicts === 1 ? '1 conflict' : `${st.openConflicts} conflicts`}</strong> to settle: someone
          else changed the same field.
        </p>
      )}
      {list.length > 0 && (
        <>
          <h3>Refused by the server</h3>
          <ul className="sync-refusals" data-testid="sync-panel-rejections">
            {list.slice(0, shownRejections).map((r) => (
              <Refusal key={r.opId} r={r} />
            ))}
          </ul>
          {list.length > shownRejections && (
            <p className="muted small">and {list.length - shownRejections} more in the sync inbox</p>
          )}
        </>
      )}
      <button type="button" className="link" onClick={onOpenInbox} data-testid="sync-panel-open-inbox">
        Open the sync inbox
      </button>
    </section>
  )
}

/**
 * Refusal is one refused change. The desk's own work reads as Outpost's ("Automatic: Outpost's
 * SLA escalation was refused"), so nobody looks for an edit they never made.
 */
function Refusal({ r }: { r: Rejection }) {
  return (
    <li
      className={r.auto ? 'sync-refusal auto' : 'sync-refusal'}
      title={summary(r)}
      data-testid="sync-panel-rejection" data-auto={r.auto ? 'true' : 'false'}>
      <div className="sync-refusal-head">
        {r.auto && (
          <span
            className="chip chip-auto"
            title="Outpost did this by itself and synced it under your name; you did not make this change."
          >
            Automatic
          </span>
        )}
        <span className="sync-refusal-what" data-testid="sync-panel-rejection-what">
          {r.auto ? `Outpost's ${autoWork(r)} was refused` : `${what(r)} was refused`}
        </span>
      </div>
      <div className="muted small">
        {r.recordNumber && <strong className="sync-refusal-number">{r.recordNumber}</strong>} {why(r)}
      </div>
    </li>
  )
}

/** SignInForm signs the desk in again as the same (or another) server account. */
function SignInForm({ st, onCancel }: { st: SyncStatus; onCancel?: () => void }) {
  const connect = useConnect()
  const [email, setEmail] = useState(st.email)
  const [password, setPassword] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const onSubmit = async () => {
    setError(null)
    try {
      await connect.mutateAsync({ serverUrl: st.server, email, password })
      setPassword('')
      onCancel?.()
    } catch (err) {
      setError(toApiError(err))
    }
  }
  // The address is not typed here: a Go error about it reads as a banner.
  const fieldErrors = error ? ['email', 'password'].some((f) => error.field(f)) : false
  return (
    <form
      noValidate
      className="sync-sign-in"
      aria-label="Sign in again"
      data-testid="sync-sign-in"
      onSubmit={(e) => {
        e.preventDefault()
        void onSubmit()
      }}
    >
      <p className="muted small">
        Sign in to <strong>{st.server}</strong> again, after a password change or when the server stopped accepting
        this device.
      </p>
      <ErrorBanner message={error && !fieldErrors ? (error.field('serverUrl') ?? error.message) : undefined} />
      <Field label="Email" error={error?.field('email')}>
        <input
          type="text"
          inputMode="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          autoComplete="username"
          data-testid="sync-sign-in-email"
        />
      </Field>
      <Field label="Password" error={error?.field('password')}>
        <input
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          data-testid="sync-sign-in-password"
          autoFocus
        />
      </Field>
      <div className="row-start">
        <button type="submit" className="btn btn-primary btn-small" disabled={connect.isPending} data-testid="sync-sign-in-submit">
          {connect.isPending ? 'Signing in…' : 'Sign in'}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-small" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  )
}

/** SignedOut: the desk was disconnected; its records stay and wait to upload. */
function SignedOut({ st }: { st: SyncStatus }) {
  return (
    <div className="sync-panel-body" data-testid="sync-panel-signed-out">
      <p className="small sync-panel-line" data-testid="sync-panel-waiting">
        {st.pending === 0
          ? 'Records stay on this desk; what you change uploads when you sign in again.'
          : `Records stay on this desk; ${st.pending === 1 ? '1 change waits' : `${st.pending} changes wait`} to upload until you sign in again.`}
      </p>
      <SignInForm st={st} />
    </div>
  )
}

function Alone({ onConnect }: { onConnect?: () => void }) {
  return (
    <div className="sync-panel-body" data-testid="sync-panel-alone">
      <p className="small sync-panel-line">
        This desk works alone: its records stay on this computer.{' '}
        {onConnect ? 'Connect it to a server to share it with your team.' : "The profile's admin can connect it to a server."}
      </p>
      {onConnect && (
        <div className="row-start">
          <button type="button" className="btn btn-primary btn-small" onClick={onConnect} data-testid="sync-panel-connect">
            Connect to a server…
          </button>
        </div>
      )}
    </div>
  )
}
