import { useRef, useState } from 'react'
import { toApiError } from '../../api/client'
import { savedNote, type ExportFormat, type ExportSaved } from '../../api/exports'
import { MenuDetails } from './MenuDetails'

interface Props {
  /** What is exported, for the menu's accessible name ("this queue"). */
  what: string
  /** The test ids' prefix: <prefix>, <prefix>-csv, <prefix>-json, <prefix>-note, <prefix>-error. */
  testId: string
  /** Writes the file (Go asks where, in the system's save dialog). */
  run: (format: ExportFormat) => Promise<ExportSaved>
}

/**
 * ExportMenu offers a list's export to a CSV or JSON file chosen in the system's save dialog,
 * and says where the file went.
 */
export function ExportMenu({ what, testId, run }: Props) {
  const menu = useRef<HTMLDetailsElement>(null)
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState('')
  const [error, setError] = useState('')
  const start = async (format: ExportFormat) => {
    if (menu.current) menu.current.open = false
    setBusy(true)
    setNote('')
    setError('')
    try {
      setNote(savedNote(await run(format)))
    } catch (err) {
      setError(toApiError(err).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <MenuDetails
        className="menu"
        ref={menu}
        summary={
          <summary className="btn btn-small" aria-label={`Export ${what}`} data-testid={testId}>
            {busy ? 'Exporting…' : 'Export'}
          </summary>
        }
      >
        <div className="menu-pop menu-right" role="menu" aria-label="Export as">
          <button type="button" role="menuitem" className="btn btn-small btn-ghost" disabled={busy} onClick={() => void start('csv')} data-testid={`${testId}-csv`}>
            CSV (spreadsheet)
          </button>
          <button type="button" role="menuitem" className="btn btn-small btn-ghost" disabled={busy} onClick={() => void start('json')} data-testid={`${testId}-json`}>
            JSON
          </button>
        </div>
      </MenuDetails>
      {note && (
        <span role="status" className="muted small" data-testid={`${testId}-note`}>
          {note}
        </span>
      )}
      {error && (
        <span role="alert" className="field-error" data-testid={`${testId}-error`}>
          {error}
        </span>
      )}
    </>
  )
}
