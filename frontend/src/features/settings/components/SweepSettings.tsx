import { useEffect, useState } from 'react'
import { ApiError } from '../../../api/client'
import { setSweepEvery, useSLAWrite, useSweepEvery } from '../../../api/sla'
import { Field } from '../../../components/ui/Field'

/** SweepSettings sets how often the SLA sweep runs (a Go duration; it applies at once). */
export function SweepSettings() {
  const q = useSweepEvery()
  const save = useSLAWrite(setSweepEvery)
  const [every, setEvery] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const [saved, setSaved] = useState(false)
  useEffect(() => {
    if (q.data) setEvery(q.data)
  }, [q.data])

  return (
    <section className="card" aria-label="SLA sweep" data-testid="sweep-settings">
      <header className="card-head">
        <h2>SLA sweep</h2>
      </header>
      <form
        noValidate
        className="settings-form inline"
        onSubmit={async (e) => {
          e.preventDefault()
          setError(null)
          setSaved(false)
          try {
            await save.mutateAsync(every.trim())
            setSaved(true)
          } catch (err) {
            setError(err instanceof ApiError ? err : new ApiError('unknown', String(err)))
          }
        }}
      >
        <Field
          label="Check SLA clocks every"
          error={error?.field('every') ?? (error && !Object.keys(error.fields).length ? error.message : undefined)}
          hint="A duration such as 30s, 1m or 5m (10 s to 1 h); it applies at once."
          className="narrow"
        >
          <input value={every} onChange={(e) => setEvery(e.target.value)} data-testid="set-sweep-every" />
        </Field>
        <div className="row-start">
          <button type="submit" className="btn" disabled={save.isPending || every === q.data} data-testid="set-sweep-save">
            Save interval
          </button>
          {saved && (
            <span className="saved-note" role="status">
              Saved
            </span>
          )}
        </div>
      </form>
    </section>
  )
}
