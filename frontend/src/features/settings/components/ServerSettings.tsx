// Settings → Server: connect this desk to a shared Outpost server, test the address first,
// watch the first sync, disconnect.
import { useEffect, useState } from 'react'
import { ApiError, toApiError } from '../../../api/client'
import {
  useConnect,
  useDisconnect,
  useSyncNow,
  useSyncProgress,
  useSyncStatus,
  useTestConnection,
  type SyncStatus,
} from '../../../api/sync'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Field } from '../../../components/ui/Field'
import { useGoNow } from '../../../lib/clock'
import { ServerFacts } from '../../sync/components/ServerFacts'
import './ServerSettings.css'

interface Form {
  serverUrl: string
  email: string
  password: string
}

export function ServerSettings() {
  const status = useSyncStatus()
  const st = status.data
  return (
    <section className="card server-settings" aria-label="Server" data-testid="server-settings">
      <header className="card-head">
        <h2>Server</h2>
        {st && (
          <span className="muted small" data-testid="server-state">
            {st.joined ? 'Connected' : 'This desk works alone'}
          </span>
        )}
      </header>
      <ErrorBanner message={status.error?.message} />
      {st?.joined ? <Connected st={st} /> : st ? <ConnectForm st={st} /> : null}
    </section>
  )
}

function Connected({ st }: { st: SyncStatus }) {
  const disconnect = useDisconnect()
  const sync = useSyncNow()
  const progress = useSyncProgress()
  const now = useGoNow(30_000)
  const err = disconnect.error ?? sync.error
  return (
    <div className="server-connected" data-testid="server-connected">
      <ServerFacts st={st} busy={st.state === 'syncing'} now={now} testId="server" />
      {st.state === 'syncing' && progress && <ProgressBar done={progress.done} total={progress.total} />}
      {st.lastError && st.state !== 'syncing' && (
        <div className="banner banner-error" role="alert" data-testid="server-last-error">
          <span className="banner-text">{st.lastError.message}</span>
        </div>
      )}
      <ErrorBanner message={err ? toApiError(err).message : undefined} />
      <p className="muted small">
        Outpost syncs every two minutes while connected, and on Sync now (here or in the panel under the status in the top bar). Disconnecting
        keeps every record here; changes made meanwhile upload when you connect again.
      </p>
      <div className="row-start">
        <button type="button" className="btn btn-primary" disabled={sync.isPending} onClick={() => sync.mutate()} data-testid="server-sync-now">
          {sync.isPending ? 'Syncing…' : 'Sync now'}
        </button>
        <button type="button" className="btn" disabled={disconnect.isPending} onClick={() => disconnect.mutate()} data-testid="server-disconnect">
          Disconnect
        </button>
      </div>
    </div>
  )
}

function ProgressBar({ done, total }: { done: number; total: number }) {
  const pct = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0
  return (
    <div className="server-progress" data-testid="sync-progress">
      <div
        className="server-progress-bar"
        role="progressbar"
        aria-label="First sync"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
      >
        <span style={{ width: `${pct}%` }} />
      </div>
      <span className="muted small">
        {done.toLocaleString()} of {total.toLocaleString()} changes
      </span>
    </div>
  )
}

function ConnectForm({ st }: { st: SyncStatus }) {
  const connect = useConnect()
  const test = useTestConnection()
  const progress = useSyncProgress()
  // A desk that was connected before offers the same server and account.
  const [form, setForm] = useState<Form>({ serverUrl: st.server, email: st.email, password: '' })
  const [error, setError] = useState<ApiError | null>(null)
  const [tested, setTested] = useState('')
  useEffect(() => setTested(''), [form.serverUrl])

  const set = (k: keyof Form) => (e: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [k]: e.target.value })
  const onTest = async () => {
    setError(null)
    setTested('')
    try {
      const info = await test.mutateAsync(form.serverUrl)
      setTested(info.url)
    } catch (err) {
      setError(toApiError(err))
    }
  }
  const onConnect = async () => {
    setError(null)
    try {
      await connect.mutateAsync(form)
    } catch (err) {
      // What was typed stays; Go's messages go beside their inputs.
      setError(toApiError(err))
    }
  }
  const busy = connect.isPending || test.isPending
  return (
    <form
      noValidate
      className="server-form"
      aria-label="Connect to a server"
      onSubmit={(e) => {
        e.preventDefault()
        void onConnect()
      }}
      data-testid="server-form"
    >
      <p className="muted small">
        Connect to share this desk with your team. Your records upload on the first sync, and you work as the server
        account you sign in with.
      </p>
      <ErrorBanner message={error && !Object.keys(error.fields).length ? error.message : undefined} onDismiss={() => setError(null)} />
      <Field label="Server address" error={error?.field('serverUrl')} hint="For example https://outpost.example.com">
        <input
          type="text"
          inputMode="url"
          placeholder="https://"
          value={form.serverUrl}
          onChange={set('serverUrl')}
          autoComplete="url"
          data-testid="server-url-input"
        />
      </Field>
      <Field label="Email" error={error?.field('email')}>
        <input type="text" inputMode="email" value={form.email} onChange={set('email')} autoComplete="username" data-testid="server-email" />
      </Field>
      <Field label="Password" error={error?.field('password')}>
        <input type="password" value={form.password} onChange={set('password')} autoComplete="current-password" data-testid="server-password" />
      </Field>
      {tested && (
        <div className="saved-note" role="status" data-testid="server-test-ok">
          An Outpost server answers at {tested}.
        </div>
      )}
      {connect.isPending && (progress ? <ProgressBar done={progress.done} total={progress.total} /> : <p className="muted small">Signing in…</p>)}
      <div className="row-start">
        <button type="button" className="btn" disabled={busy} onClick={() => void onTest()} data-testid="server-test">
          {test.isPending ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="server-connect">
          {connect.isPending ? 'Connecting…' : 'Connect'}
        </button>
      </div>
    </form>
  )
}
