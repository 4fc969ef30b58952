import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from 'react'

interface Props {
  label: string
  /** The message Go sent for this field, if any. */
  error?: string
  hint?: ReactNode
  children: ReactElement<{ id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }>
  className?: string
}

/** Field labels one input and shows its error right beside it. */
export function Field({ label, error, hint, children, className }: Props) {
  const id = useId()
  const errId = `${id}-err`
  const input = isValidElement(children)
    ? cloneElement(children, {
        id,
        'aria-invalid': error ? true : undefined,
        'aria-describedby': error ? errId : undefined,
      })
    : children
  return (
    <div className={`field ${error ? 'has-error' : ''} ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      {input}
      {hint && !error && <div className="field-hint">{hint}</div>}
      {error && (
        <div className="field-error" id={errId} role="alert">
          {error}
        </div>
      )}
    </div>
  )
}
