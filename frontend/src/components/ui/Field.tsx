import { cloneElement, isValidElement, useId, type ReactElement, type ReactNode } from 'react'
import { CharCount } from './CharCount'

interface Props {
  label: string
  /** The message Go sent for this field, if any. */
  error?: string
  hint?: ReactNode
  children: ReactElement<{ id?: string; 'aria-invalid'?: boolean; 'aria-describedby'?: string }>
  className?: string
  /** The most characters Go accepts: with value, a counter shows as the text nears it. */
  limit?: number
  value?: string
}

/** Field labels one input and shows its error right beside it. */
export function Field({ label, error, hint, children, className, limit, value }: Props) {
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
      {value !== undefined && <CharCount value={value} limit={limit} />}
      {hint && !error && <div className="field-hint">{hint}</div>}
      {error && (
        <div className="field-error" id={errId} role="alert">
          {error}
        </div>
      )}
    </div>
  )
}
