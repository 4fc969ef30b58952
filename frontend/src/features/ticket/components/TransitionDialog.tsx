import { useState, type FormEvent } from 'react'
import { ApiError } from '../../../api/client'
import type { Reference } from '../../../api/session'
import { transitionTicket, useTicketWrite, type Detail, type Move, type State } from '../../../api/tickets'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Dialog } from '../../../components/ui/Dialog'
import { Field } from '../../../components/ui/Field'
import { humanize, stateLabel } from '../../../lib/format'

/** transitionLabel names the button for a move from one state to another. */
export function transitionLabel(from: string, to: string): string {
  switch (to) {
    case 'in_progress':
      return from === 'resolved' ? 'Reopen' : from === 'on_hold' ? 'Resume' : 'Start work'
    case 'on_hold':
      return 'Put on hold'
    case 'resolved':
      return 'Resolve'
    case 'closed':
      return 'Close'
    case 'canceled':
      return 'Cancel ticket'
    default:
      return stateLabel(to)
  }
}

/** needsDialog: the move asks for something (a reason, a code) before it can be made. */
export function needsDialog(from: string, to: string): boolean {
  return to === 'on_hold' || to === 'resolved' || to === 'canceled' || (to === 'in_progress' && from === 'resolved')
}

interface Props {
  detail: Detail
  to: State
  reference: Reference
  onClose: () => void
}

/** TransitionDialog asks exactly for what the move needs, and shows Go's answer if it says no. */
export function TransitionDialog({ detail, to, reference, onClose }: Props) {
  const t = detail.ticket
  const [move, setMove] = useState<Move>({ to, holdReason: '', resolutionCode: '', resolutionNotes: '', reason: '', includeChildren: false })
  const [error, setError] = useState<ApiError | null>(null)
  const write = useTicketWrite(t.id, (m: Move) => transitionTicket(t.id, m))
  const label = transitionLabel(t.state, to)
  const set = (p: Partial<Move>) => setMove((m) => ({ ...m, ...p }))
  const fe = (name: string) => error?.fields[name]
  const limit = (name: string) => reference.limits?.[`ticket.${name}`]

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setError(null)
    try {
      await write.mutateAsync(move)
      onClose()
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError('unknown', String(err)))
    }
  }

  return (
    <Dialog
      title={`${label}: ${t.number}`}
      onClose={onClose}
      width={460}
      testId="transition-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Back
          </button>
          <button type="submit" form="transition-form" className="btn btn-primary" disabled={write.isPending} data-testid="tr-submit">
            {label}
          </button>
        </>
      }
    >
      <form id="transition-form" className="form-stack" onSubmit={submit} noValidate>
        <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
        {to === 'on_hold' && (
          <Field label="Hold reason" error={fe('holdReason')}>
            <select value={move.holdReason} onChange={(e) => set({ holdReason: e.target.value })} data-testid="tr-hold-reason">
              <option value="">Choose…</option>
              {reference.holdReasons.map((r) => (
                <option key={r} value={r}>
                  {humanize(r)}
                </option>
              ))}
            </select>
          </Field>
        )}
        {to === 'resolved' && (
          <>
            <Field label="Resolution code" error={fe('resolutionCode')}>
              <select
                value={move.resolutionCode}
                onChange={(e) => set({ resolutionCode: e.target.value })}
                data-testid="tr-resolution-code"
              >
                <option value="">Choose…</option>
                {reference.resolutionCodes.map((r) => (
                  <option key={r} value={r}>
                    {humanize(r)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label="Resolution notes" error={fe('resolutionNotes')} limit={limit('resolutionNotes')} value={move.resolutionNotes}>
              <textarea
                rows={4}
                value={move.resolutionNotes}
                onChange={(e) => set({ resolutionNotes: e.target.value })}
                data-testid="tr-resolution-notes"
              />
            </Field>
            {detail.openChildren > 0 && (
              <label className="check">
                <input
                  type="checkbox"
                  checked={!!move.includeChildren}
                  onChange={(e) => set({ includeChildren: e.target.checked })}
                  data-testid="tr-include-children"
                />
                Also resolve {detail.openChildren} child incident{detail.openChildren === 1 ? '' : 's'}
              </label>
            )}
          </>
        )}
        {(to === 'canceled' || (to === 'in_progress' && t.state === 'resolved')) && (
          <Field
            label={to === 'canceled' ? 'Why is it canceled?' : 'Why is it reopened?'}
            error={fe('reason')}
            limit={limit('reason')}
            value={move.reason}
          >
            <textarea rows={3} value={move.reason} onChange={(e) => set({ reason: e.target.value })} data-testid="tr-reason" />
          </Field>
        )}
      </form>
    </Dialog>
  )
}
