import { useState, type FormEvent } from 'react'
import { toApiError, type ApiError } from '../../../api/client'
import { useSignIn, type SignInState } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Field } from '../../../components/ui/Field'
import './signin.css'

/**
 * SignInScreen asks who is at the desk: email and password on a desk with passwords, or, on
 * a locked desk, the locked person's password (anyone else may sign in instead). What was
 * typed in the email stays after a refusal; Go's message goes beside the password.
 */
export function SignInScreen({ state }: { state: SignInState }) {
  const signIn = useSignIn()
  const lockedFor = state.locked ? state.user : null
  const [other, setOther] = useState(false)
  const [email, setEmail] = useState(state.joinedEmail ?? '')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const unlocking = !!lockedFor && !other

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    signIn.mutate(
      { email, password, unlock: unlocking },
      {
        onError: (err) => {
          setError(toApiError(err))
          setPassword('')
        },
      },
    )
  }

  const passwordError = error?.field('password')
  return (
    <div className={lockedFor ? 'signin-screen signin-lock' : 'signin-screen'} data-testid={lockedFor ? 'lock-screen' : 'signin-screen'}>
      <form className="signin-card card" onSubmit={submit} noValidate aria-label={unlocking ? 'Unlock the desk' : 'Sign in'}>
        <h1>{unlocking ? 'The desk is locked' : 'Sign in to Outpost'}</h1>
        {unlocking ? (
          <p className="muted" data-testid="lock-user">
            Locked for {lockedFor.name} ({lockedFor.email}). Enter the password to go on.
          </p>
        ) : state.joinedEmail ? (
          <p className="muted">This desk is connected to a server: sign in with your server password.</p>
        ) : null}
        <ErrorBanner message={error && !passwordError && !error.field('email') ? error.message : undefined} />
        {!unlocking && (
          <Field label="Email" error={error?.field('email')}>
            <input
              type="text"
              inputMode="email"
              autoComplete="username"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              data-testid="signin-email"
              data-autofocus
              autoFocus
            />
          </Field>
        )}
        <Field label="Password" error={passwordError}>
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="signin-password"
            autoFocus={unlocking}
          />
        </Field>
        <div className="signin-actions">
          <button type="submit" className="btn btn-primary" disabled={signIn.isPending} data-testid="signin-submit">
            {unlocking ? 'Unlock' : 'Sign in'}
          </button>
          {lockedFor && (
            <button
              type="button"
              className="btn btn-ghost"
              onClick={() => {
                setOther(!other)
                setError(null)
                setPassword('')
              }}
              data-testid="signin-other"
            >
              {other ? `Back to ${lockedFor.name}` : 'Sign in as someone else'}
            </button>
          )}
        </div>
      </form>
    </div>
  )
}
