import { useState, type FormEvent } from 'react'
import { toApiError, type ApiError } from '../../../api/client'
import { useSwitchUser, type User } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Dialog } from '../../../components/ui/Dialog'
import { Field } from '../../../components/ui/Field'
import './signin.css'

/** SwitchUserDialog asks for the other person's password before the desk becomes theirs. */
export function SwitchUserDialog({ user, onDone, onClose }: { user: User; onDone: () => void; onClose: () => void }) {
  const switchUser = useSwitchUser()
  const [password, setPassword] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    switchUser.mutate(
      { userId: user.id, password },
      {
        onSuccess: onDone,
        onError: (err) => {
          setError(toApiError(err))
          setPassword('')
        },
      },
    )
  }
  return (
    <Dialog title={`Switch to ${user.name}`} onClose={onClose} width={400} testId="switch-user-dialog">
      <form onSubmit={submit} noValidate className="form-stack">
        <ErrorBanner message={error && !error.field('password') ? error.message : undefined} />
        <Field label={`${user.name}'s password`} error={error?.field('password')}>
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="switch-password"
            data-autofocus
          />
        </Field>
        <div className="signin-actions">
          <button type="submit" className="btn btn-primary" disabled={switchUser.isPending} data-testid="switch-submit">
            Switch
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  )
}
