import { useId, useRef, type ReactNode } from 'react'
import { useFocusTrap } from '../../lib/focusTrap'
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

/** Dialog is a modal with a title, closed by Escape, the close button or the backdrop. The
 * focus stays inside while it is open and goes back to the opener when it closes. */
export function Dialog({ title, onClose, children, footer, width = 520, testId, hideTitle, className, dismissible = true }: Props) {
  const titleId = useId()
  const ref = useRef<HTMLDivElement>(null)
  // Escape closes the topmost dialog even from a text field: the newest binding wins.
  useHotkey('escape', () => onClose(), { allowInInput: true, enabled: dismissible })
  // Tab and Shift+Tab stay inside; closing gives the focus back to the opener.
  useFocusTrap(ref)
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
