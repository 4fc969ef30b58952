import { useEffect, useId, useRef, type ReactNode } from 'react'
import { useHotkey } from '../../lib/hotkeys'

interface Props {
  title: string
  onClose: () => void
  children: ReactNode
  footer?: ReactNode
  width?: number
  testId?: string
  /** Hide the title visually (the palette has its own input), keep it for screen readers. */
  hideTitle?: boolean
  className?: string
  /** false: only its own buttons end it (no close button, Escape or backdrop click). */
  dismissible?: boolean
}

/** Dialog is a modal with a title, closed by Escape, the close button or the backdrop. */
export function Dialog({ title, onClose, children, footer, width = 520, testId, hideTitle, className, dismissible = true }: Props) {
  const titleId = useId()
  const ref = useRef<HTMLDivElement>(null)
  // Escape closes the topmost dialog even from a text field: the newest binding wins.
  useHotkey('escape', () => onClose(), { allowInInput: true, enabled: dismissible })
  useEffect(() => {
    const prev = document.activeElement as HTMLElement | null
    const el = ref.current
    if (el && !el.contains(document.activeElement)) {
      const body = el.querySelector('.dialog-body') ?? el
      const first =
        el.querySelector<HTMLElement>('[data-autofocus]') ?? body.querySelector<HTMLElement>('input, select, textarea, button')
      ;(first ?? el).focus()
    }
    return () => prev?.focus?.()
  }, [])
  return (
    <div className="backdrop" onMouseDown={(e) => dismissible && e.target === e.currentTarget && onClose()}>
      <div
        ref={ref}
        className={`dialog ${className ?? ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        style={{ width }}
        tabIndex={-1}
        data-testid={testId}
      >
        <header className={hideTitle ? 'dialog-head sr-only' : 'dialog-head'}>
          <h2 id={titleId}>{title}</h2>
          {dismissible && (
            <button type="button" className="icon-btn" aria-label="Close" onClick={onClose}>
              ×
            </button>
          )}
        </header>
        <div className="dialog-body">{children}</div>
        {footer && <footer className="dialog-foot">{footer}</footer>}
      </div>
    </div>
  )
}
