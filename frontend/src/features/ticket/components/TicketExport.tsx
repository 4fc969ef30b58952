import { useState } from 'react'
import { toApiError } from '../../../api/client'
import { exportTicket, savedNote } from '../../../api/exports'

/** TicketExport saves the ticket with its conversation as JSON where the person chooses. */
export function TicketExport({ id }: { id: string }) {
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState('')
  const run = async () => {
    setBusy(true)
    setNote('')
    try {
      setNote(savedNote(await exportTicket(id)))
    } catch (err) {
      setNote(toApiError(err).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button
        type="button"
        className="btn btn-small btn-ghost"
        disabled={busy}
        onClick={() => void run()}
        title="Save this ticket and its conversation as JSON"
        data-testid="ticket-export"
      >
        Export
      </button>
      {note && (
        <span role="status" className="muted small" data-testid="ticket-export-note">
          {note}
        </span>
      )}
    </>
  )
}
