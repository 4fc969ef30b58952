// What a joined desk shows of its connection: server, account, last sync, what waits to go.
import type { SyncStatus } from '../../../api/sync'
import { ago } from '../../../lib/ago'

interface Props {
  st: SyncStatus
  /** A sync is running now. */
  busy: boolean
  now: number
  /** Prefix of the rows' test ids (`<prefix>-url`, `-user`, `-last-sync`, `-pending`). */
  testId: string
}

export function ServerFacts({ st, busy, now, testId }: Props) {
  return (
    <dl className="server-facts">
      <dt>Server</dt>
      <dd data-testid={`${testId}-url`}>{st.server}</dd>
      <dt>Signed in as</dt>
      <dd data-testid={`${testId}-user`}>
        {st.userName} <span className="muted">{st.email}</span>
      </dd>
      <dt>Last synced</dt>
      <dd data-testid={`${testId}-last-sync`}>{busy ? 'syncing now…' : ago(st.lastSync, now)}</dd>
      <dt>Waiting to upload</dt>
      <dd data-testid={`${testId}-pending`}>{st.pending === 1 ? '1 change' : `${st.pending} changes`}</dd>
    </dl>
  )
}
