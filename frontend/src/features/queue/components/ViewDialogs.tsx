import type { FormEvent, ReactNode } from 'react'
import { toApiError, type ApiError } from '../../../api/client'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Dialog } from '../../../components/ui/LazyDialog'
import { Field } from '../../../components/ui/Field'

/** The test ids of a kind of view's dialogs (the queue's, the asset list's). */
export interface ViewDialogIds {
  /** The name dialog, its input and its submit button. */
  nameDialog: string
  name: string
  submit: string
  /** The delete dialog and its confirm button. */
  deleteDialog: string
  confirm: string
}

/**
 * ViewNameDialog asks for a saved view's name, to save a new view or rename one; Go's
 * refusal shows beside the field and the typed name stays.
 */
export function ViewNameDialog(props: {
  title: string
  saving: boolean
  hint?: ReactNode
  name: string
  onName: (name: string) => void
  error: ApiError | null
  pending: boolean
  ids: ViewDialogIds
  onSubmit: (e: FormEvent) => void
  onClose: () => void
}) {
  const { error, ids } = props
  return (
    <Dialog title={props.title} onClose={props.onClose} width={400} testId={ids.nameDialog}>
      <form onSubmit={props.onSubmit}>
        <Field label="Name" error={error?.field('name') ?? error?.message} limit={60} value={props.name}>
          <input value={props.name} onChange={(e) => props.onName(e.target.value)} data-autofocus data-testid={ids.name} />
        </Field>
        {props.saving && props.hint && <p className="muted">{props.hint}</p>}
        <div className="dialog-actions">
          <button type="submit" className="btn btn-primary" disabled={props.pending} data-testid={ids.submit}>
            {props.saving ? 'Save' : 'Rename'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}

/** DeleteViewDialog confirms deleting a saved view; what it shows stays as it is. */
export function DeleteViewDialog(props: {
  title: string
  children: ReactNode
  error: unknown
  pending: boolean
  ids: ViewDialogIds
  onConfirm: () => void
  onClose: () => void
}) {
  return (
    <Dialog title={props.title} onClose={props.onClose} width={400} testId={props.ids.deleteDialog}>
      <p>{props.children}</p>
      {props.error ? <ErrorBanner message={toApiError(props.error).message} /> : null}
      <div className="dialog-actions">
        <button type="button" className="btn" onClick={props.onClose}>
          Keep it
        </button>
        <button type="button" className="btn btn-danger" disabled={props.pending} onClick={props.onConfirm} data-testid={props.ids.confirm}>
          Delete
        </button>
      </div>
    </Dialog>
  )
}
