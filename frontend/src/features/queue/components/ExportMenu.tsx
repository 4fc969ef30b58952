import { useRef, useState } from 'react'
import { toApiError } from '../../../api/client'
import { exportQueue, exportView, savedNote, type ExportFormat } from '../../../api/exports'
import type { QueueFilter } from '../../../api/tickets'
import type { SavedView } from '../../../api/views'

interface Props {
  filter: QueueFilter
  /** The queue's title, which names the file. */
  title: string
  /** The saved view on screen, exported as saved unless changed. */
  saved?: SavedView
  modified: boolean
}

/**
 * ExportMenu writes the queue as it is filtered and sorted, every page of it, to a CSV or
 * JSON file chosen in the system's save dialog, and says where the file went.
 */
export function ExportMenu({ filter, title, saved, modified }: Props) {
  const menu = useRef<HTMLDetailsElement>(null)
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState('')
  const [error, setError] = useState('')
  const run = async (format: ExportFormat) => {
    if (menu.current) menu.current.open = false
    setBusy(true)
    setNote('')
    setError('')
    try {
      const r = saved && !modified ? await exportView(saved.id, format) : await exportQueue(filter, saved?.name ?? title, format)
      setNote(savedNote(r))
    } catch (err) {
      setError(toApiError(err).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <details className="menu" ref={menu}>
        <summary className="btn btn-small" aria-label="Export this queue" data-testid="queue-export">
          {busy ? 'Exporting…' : 'Export'}
        </summary>
        <div className="menu-pop menu-right" role="menu" aria-label="Export as">
          <button type="button" role="menuitem" className="btn btn-small btn-ghost" disabled={busy} onClick={() => void run('csv')} data-testid="queue-export-csv">
            CSV (spreadsheet)
          </button>
          <button type="button" role="menuitem" className="btn btn-small btn-ghost" disabled={busy} onClick={() => void run('json')} data-testid="queue-export-json">
            JSON
          </button>
        </div>
      </details>
      {note && (
        <span role="status" className="muted small" data-testid="queue-export-note">
          {note}
        </span>
      )}
      {error && (
        <span role="alert" className="field-error" data-testid="queue-export-error">
          {error}
        </span>
      )}
    </>
  )
}
