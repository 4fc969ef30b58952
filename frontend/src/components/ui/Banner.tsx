import type { ReactNode } from 'react'

/** ErrorBanner shows what Go said went wrong, above the form it belongs to. */
export function ErrorBanner({ message, onDismiss, children }: { message?: string; onDismiss?: () => void; children?: ReactNode }) {
  if (!message) return null
  return (
    <div className="banner banner-error" role="alert" data-testid="error-banner">
      <span className="banner-text">{message}</span>
      {children}
      {onDismiss && (
        <button type="button" className="icon-btn" aria-label="Dismiss error" onClick={onDismiss}>
          ×
        </button>
      )}
    </div>
  )
}
