import { useState } from 'react'
import { exportAudit, verifyAudit, type AuditFormat, type AuditResult } from '../../../api/audit'
import { ApiError } from '../../../api/client'

/**
 * AuditSettings checks the audit trail's hash chain (every entry covers the one before it,
 * so an entry changed, removed or slipped in with another tool shows up) and exports the
 * trail as CSV or JSON. Go does the work and checks the role again.
 */
export function AuditSettings() {
  const [result, setResult] = useState<AuditResult | null>(null)
  const [busy, setBusy] = useState(false)
  const [note, setNote] = useState('')
  const [error, setError] = useState('')

  const run = async (fn: () => Promise<void>) => {
    setBusy(true)
    setError('')
    setNote('')
    try {
      await fn()
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err))
    } finally {
      setBusy(false)
    }
  }
  const verify = () =>
    run(async () => {
      setResult(await verifyAudit())
    })
  const save = (format: AuditFormat) =>
    run(async () => {
      const r = await exportAudit(format)
      if (r.canceled) return
      setNote(r.exists ? `${r.path} already exists: choose another name.` : `Exported to ${r.path}`)
    })

  return (
    <section className="card" aria-label="Audit trail" data-testid="audit-settings">
      <header className="card-head">
        <h2>Audit trail</h2>
      </header>
      <p className="muted">
        Every audit entry is chained to the one before it by a hash, so a change made around the app is found.
      </p>
      <div className="row-start">
        <button type="button" className="btn" disabled={busy} onClick={verify} data-testid="audit-verify">
          Verify audit trail
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => save('csv')} data-testid="audit-export-csv">
          Export CSV
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => save('json')} data-testid="audit-export-json">
          Export JSON
        </button>
      </div>
      {result && (
        <p role="status" data-testid="audit-result" className={result.intact ? 'saved-note' : 'field-error'}>
          {result.intact
            ? `Intact: ${result.entries} entries`
            : `Broken at entry ${result.broken?.seq ?? '?'} (${result.broken?.id ?? ''}): ${result.broken?.problem ?? ''}, ${result.broken?.detail ?? ''}`}
        </p>
      )}
      {note && (
        <p role="status" data-testid="audit-export-note">
          {note}
        </p>
      )}
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </section>
  )
}
