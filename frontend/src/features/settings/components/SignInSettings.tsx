import { useState } from 'react'
import { toApiError, type ApiError } from '../../../api/client'
import { useSetIdleLock, useSetPassword, useSignInState, type Reference } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Field } from '../../../components/ui/Field'

/** SignInSettings is the admin's: the idle lock, and a person's local password. */
export function SignInSettings({ reference }: { reference: Reference }) {
  const state = useSignInState()
  const idle = useSetIdleLock()
  const set = useSetPassword()
  const [minutes, setMinutes] = useState<string | null>(null)
  const [idleError, setIdleError] = useState<ApiError | null>(null)
  const [idleSaved, setIdleSaved] = useState(false)
  const people = reference.users.filter((u) => u.role !== 'system')
  const [userId, setUserId] = useState(people[0]?.id ?? '')
  const [password, setPassword] = useState('')
  const [pwError, setPwError] = useState<ApiError | null>(null)
  const [pwSaved, setPwSaved] = useState('')
  const shown = minutes ?? String(state.data?.idleLockMinutes ?? 0)
  const holders = state.data?.holders ?? []

  return (
    <section className="card" aria-label="Sign-in" data-testid="signin-settings">
      <header className="card-head">
        <h2>Sign-in</h2>
        <span className="muted small">{holders.length} with a password</span>
      </header>
      <form
        noValidate
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault()
          setIdleError(null)
          setIdleSaved(false)
          idle.mutate(Number(shown), {
            onSuccess: () => {
              setMinutes(null)
              setIdleSaved(true)
            },
            onError: (err) => setIdleError(toApiError(err)),
          })
        }}
      >
        <Field
          label="Idle lock after (minutes)"
          error={idleError?.field('idleLockMinutes') ?? idleError?.message}
          hint={idleSaved ? 'Saved.' : '0 = never. Only a desk where someone has a password locks.'}
          className="narrow"
        >
          <input type="number" min={0} value={shown} onChange={(e) => setMinutes(e.target.value)} data-testid="idle-lock-minutes" />
        </Field>
        <div className="form-row-action">
          <button type="submit" className="btn" disabled={idle.isPending} data-testid="idle-lock-save">
            Save
          </button>
        </div>
      </form>
      <form
        noValidate
        className="form-row"
        onSubmit={(e) => {
          e.preventDefault()
          setPwError(null)
          setPwSaved('')
          set.mutate(
            { userId, password },
            {
              onSuccess: () => {
                setPassword('')
                setPwSaved(people.find((u) => u.id === userId)?.name ?? '')
              },
              onError: (err) => setPwError(toApiError(err)),
            },
          )
        }}
      >
        <ErrorBanner message={pwError && !pwError.field('password') ? pwError.message : undefined} />
        <Field label="Person" className="narrow">
          <select value={userId} onChange={(e) => setUserId(e.target.value)} data-testid="set-password-user">
            {people.map((u) => (
              <option key={u.id} value={u.id}>
                {u.name}
                {holders.includes(u.id) ? ' (has a password)' : ''}
              </option>
            ))}
          </select>
        </Field>
        <Field label="New password" error={pwError?.field('password')} hint={pwSaved ? `Password set for ${pwSaved}.` : undefined}>
          <input type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} data-testid="set-password-value" />
        </Field>
        <div className="form-row-action">
          <button type="submit" className="btn" disabled={set.isPending} data-testid="set-password-save">
            Set password
          </button>
        </div>
      </form>
    </section>
  )
}
