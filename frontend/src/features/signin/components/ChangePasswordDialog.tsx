import { useState, type FormEvent } from 'react'
import { toApiError, type ApiError } from '../../../api/client'
import { useSetPassword } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Dialog } from '../../../components/ui/Dialog'
import { Field } from '../../../components/ui/Field'
import './signin.css'

/** ChangePasswordDialog sets the signed-in person's password; one they have must be given. */
export function ChangePasswordDialog({ hasPassword, onClose }: { hasPassword: boolean; onClose: () => void }) {
  const set = useSetPassword()
  const [oldPassword, setOld] = useState('')
  const [password, setNew] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    set.mutate({ oldPassword, password }, { onSuccess: onClose, onError: (err) => setError(toApiError(err)) })
  }
  const fieldErrors = error ? Object.keys(error.fields).length > 0 : false
  return (
    <Dialog title={hasPassword ? 'Change my password' : 'Set my password'} onClose={onClose} width={420} testId="password-dialog">
      <form onSubmit={submit} noValidate className="form-stack">
        <ErrorBanner message={error && !fieldErrors ? error.message : undefined} />
        {hasPassword && (
          <Field label="Current password" error={error?.field('oldPassword')}>
            <input type="password" autoComplete="current-password" value={oldPassword} onChange={(e) => setOld(e.target.value)} data-testid="password-old" data-autofocus />
          </Field>
        )}
        <Field label="New password" error={error?.field('newPassword')} hint="At least 8 characters.">
          <input type="password" autoComplete="new-password" value={password} onChange={(e) => setNew(e.target.value)} data-testid="password-new" />
        </Field>
        <div className="signin-actions">
          <button type="submit" className="btn btn-primary" disabled={set.isPending} data-testid="password-save">
            Save password
          </button>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </Dialog>
  )
}
