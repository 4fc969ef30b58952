import { useEffect, useState } from 'react'
import { backUpNow, configureBackups, restoreBackup, useBackupWrite, useBackups, type BackupEntry } from '../../../api/backups'
import { toApiError } from '../../../api/client'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Dialog } from '../../../components/ui/Dialog'
import { Field } from '../../../components/ui/Field'
import { formatBytes, formatDateTime } from '../../../lib/format'

/**
 * BackupSettings (admins) sets where the desk is backed up and whether daily, takes a backup
 * now, lists the backups with their size and time, and restores one. Go keeps 7 daily and 4
 * weekly backups, checks each copy, and refuses to restore a damaged or foreign file.
 */
export function BackupSettings() {
  const q = useBackups()
  const configure = useBackupWrite((v: { folder: string; scheduled: boolean }) => configureBackups(v.folder, v.scheduled))
  const now = useBackupWrite(backUpNow)
  const restore = useBackupWrite(restoreBackup)
  const [folder, setFolder] = useState('')
  const [scheduled, setScheduled] = useState(true)
  const [note, setNote] = useState('')
  const [confirm, setConfirm] = useState<BackupEntry | null>(null)

  useEffect(() => {
    if (!q.data) return
    setFolder(q.data.folder === q.data.defaultFolder ? '' : q.data.folder)
    setScheduled(q.data.scheduled)
  }, [q.data])

  if (q.error) return <ErrorBanner message={toApiError(q.error).message} />
  if (!q.data) return <p className="muted">Loading…</p>
  const st = q.data
  const configError = configure.error ? toApiError(configure.error) : null
  const failed = [now.error, restore.error].find(Boolean)
  const dirty = folder !== (st.folder === st.defaultFolder ? '' : st.folder) || scheduled !== st.scheduled

  return (
    <section className="card" aria-label="Backup" data-testid="backup-settings">
      <header className="card-head">
        <h2>Backup</h2>
      </header>
      <p className="muted">
        A backup is a checked copy of the whole desk, taken while you work. Outpost keeps {st.keep}.
      </p>
      <form
        noValidate
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault()
          setNote('')
          configure.mutate({ folder: folder.trim(), scheduled }, { onSuccess: () => setNote('Saved') })
        }}
      >
        <ErrorBanner message={configError && !configError.field('folder') ? configError.message : undefined} />
        <Field label="Backup folder" error={configError?.field('folder')} hint={`Empty: ${st.defaultFolder}`}>
          <input value={folder} placeholder={st.defaultFolder} onChange={(e) => setFolder(e.target.value)} data-testid="backup-folder" />
        </Field>
        <label className="check">
          <input type="checkbox" checked={scheduled} onChange={(e) => setScheduled(e.target.checked)} data-testid="backup-scheduled" />
          Back up daily
        </label>
        <div className="row-start">
          <button type="submit" className="btn" disabled={!dirty || configure.isPending} data-testid="backup-save">
            Save
          </button>
          <button
            type="button"
            className="btn btn-primary"
            disabled={now.isPending || restore.isPending}
            onClick={() => {
              setNote('')
              now.mutate(undefined, { onSuccess: (e) => setNote(`Backed up to ${e.name}`) })
            }}
            data-testid="backup-now"
          >
            {now.isPending ? 'Backing up…' : 'Back up now'}
          </button>
        </div>
      </form>
      {note && (
        <p role="status" className="saved-note" data-testid="backup-note">
          {note}
        </p>
      )}
      {failed && (
        <p role="alert" className="field-error" data-testid="backup-error">
          {toApiError(failed).message}
        </p>
      )}
      <p className="muted small" data-testid="backup-where">
        In {st.folder}
      </p>
      {st.backups.length === 0 ? (
        <p className="muted" data-testid="backup-empty">
          No backups yet.
        </p>
      ) : (
        <table className="data-table" data-testid="backup-list">
          <thead>
            <tr>
              <th>Taken</th>
              <th>Size</th>
              <th>File</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {st.backups.map((b) => (
              <tr key={b.name} data-testid="backup-row">
                <td>{formatDateTime(b.takenAt)}</td>
                <td>{formatBytes(b.size)}</td>
                <td className="mono small">{b.name}</td>
                <td>
                  <button type="button" className="btn btn-small" onClick={() => setConfirm(b)} data-testid="backup-restore">
                    Restore…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {confirm && (
        <Dialog title="Restore this backup?" onClose={() => setConfirm(null)}>
          <p>
            The desk goes back to how it was on {formatDateTime(confirm.takenAt)}. What was written since is
            replaced; on a desk joined to a server, what was synced comes back at the next sync.
          </p>
          <div className="row-end">
            <button type="button" className="btn" onClick={() => setConfirm(null)}>
              Cancel
            </button>
            <button
              type="button"
              className="btn btn-danger"
              disabled={restore.isPending}
              onClick={() =>
                restore.mutate(confirm.name, {
                  onSuccess: () => window.location.reload(),
                  onSettled: () => setConfirm(null),
                })
              }
              data-testid="backup-restore-confirm"
            >
              Restore
            </button>
          </div>
        </Dialog>
      )}
    </section>
  )
}
