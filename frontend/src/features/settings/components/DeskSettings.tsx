import { useEffect, useState } from 'react'
import { ApiError } from '../../../api/client'
import { useSaveSettings, useSettings } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Field } from '../../../components/ui/Field'
import { DEFAULT_MATRIX, MatrixEditor, sameMatrix, type Matrix } from './MatrixEditor'

/** DeskSettings edits auto-close days and the priority matrix (admins; others read). */
export function DeskSettings({ canEdit }: { canEdit: boolean }) {
  const q = useSettings()
  const save = useSaveSettings()
  const [days, setDays] = useState('')
  const [matrix, setMatrix] = useState<Matrix>(DEFAULT_MATRIX)
  const [error, setError] = useState<ApiError | null>(null)
  const [saved, setSaved] = useState(false)

  // Load what Go has once it arrives (and again after a save returns the stored values).
  useEffect(() => {
    if (!q.data) return
    setDays(String(q.data.autoCloseDays))
    setMatrix(q.data.matrix.map((r) => [...r]))
  }, [q.data])

  if (q.error) return <ErrorBanner message={q.error.message} />
  if (!q.data) return <p className="muted">Loading…</p>

  const dirty = days !== String(q.data.autoCloseDays) || !sameMatrix(matrix, q.data.matrix)
  const submit = async () => {
    setError(null)
    setSaved(false)
    const n = Number(days)
    if (days.trim() === '' || !Number.isInteger(n)) {
      setError(new ApiError('validation', 'Check the highlighted fields', { autoCloseDays: 'a whole number of days' }))
      return
    }
    try {
      await save.mutateAsync({ autoCloseDays: n, matrix })
      setSaved(true)
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('unknown', String(err)))
    }
  }

  return (
    <section className="card" aria-label="Desk" data-testid="desk-settings">
      <header className="card-head">
        <h2>Desk</h2>
        {!canEdit && <span className="muted small">Only an admin can change these.</span>}
      </header>
      <form
        noValidate
        className="settings-form"
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <ErrorBanner message={error && !Object.keys(error.fields).length ? error.message : undefined} onDismiss={() => setError(null)} />
        <Field
          label="Close resolved tickets after (days)"
          error={error?.field('autoCloseDays')}
          hint="0 never closes them automatically."
          className="narrow"
        >
          <input
            type="number"
            min={0}
            max={365}
            value={days}
            disabled={!canEdit}
            onChange={(e) => {
              setDays(e.target.value)
              setSaved(false)
            }}
            data-testid="set-autoclose"
          />
        </Field>
        <div className="field">
          <label>Priority matrix</label>
          <MatrixEditor
            value={matrix}
            disabled={!canEdit}
            error={error?.field('matrix')}
            onChange={(m) => {
              setMatrix(m)
              setSaved(false)
            }}
          />
          <div className="field-hint">New tickets take their priority from impact × urgency; existing tickets keep theirs.</div>
        </div>
        {canEdit && (
          <div className="row-start">
            <button type="submit" className="btn btn-primary" disabled={!dirty || save.isPending} data-testid="set-save">
              Save desk settings
            </button>
            <button
              type="button"
              className="btn btn-ghost"
              disabled={sameMatrix(matrix, DEFAULT_MATRIX)}
              onClick={() => setMatrix(DEFAULT_MATRIX)}
              data-testid="matrix-reset"
            >
              Default matrix
            </button>
            {saved && !dirty && (
              <span className="saved-note" role="status" data-testid="set-saved">
                Saved
              </span>
            )}
          </div>
        )}
      </form>
    </section>
  )
}
