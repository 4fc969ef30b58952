import { useEffect, useState } from 'react'
import { toApiError } from '../../../api/client'
import { openLink } from '../../../api/links'
import { Dialog } from '../../../components/ui/LazyDialog'

/** Rendered user content (markdown from Go) is marked with this class. */
const USER_CONTENT = '.md'

/**
 * guardNavigation refuses every navigation of the app's own window from the page: a click (or
 * middle click) on any link, a form's native submit, a dropped file or URL. A link inside
 * rendered user content is handed to onUserLink instead, to be confirmed and opened in the
 * system browser. React's own handlers still run (the listeners only prevent the default).
 */
export function guardNavigation(root: Document, onUserLink: (href: string) => void): () => void {
  const onClick = (e: MouseEvent) => {
    const link = e.target instanceof Element ? e.target.closest('a[href]') : null
    if (!link) return
    e.preventDefault()
    if ((e.type === 'click' || e.button === 1) && link.closest(USER_CONTENT)) onUserLink(link.getAttribute('href') ?? '')
  }
  const prevent = (e: Event) => e.preventDefault()
  root.addEventListener('click', onClick, true)
  root.addEventListener('auxclick', onClick, true)
  root.addEventListener('submit', prevent, true)
  root.addEventListener('dragover', prevent)
  root.addEventListener('drop', prevent)
  return () => {
    root.removeEventListener('click', onClick, true)
    root.removeEventListener('auxclick', onClick, true)
    root.removeEventListener('submit', prevent, true)
    root.removeEventListener('dragover', prevent)
    root.removeEventListener('drop', prevent)
  }
}

/**
 * LinkGuard keeps the window on the app: links in tickets open in the system browser after the
 * person has seen the full address, and nothing navigates the window itself.
 */
export function LinkGuard({ onDialog }: { onDialog?: (open: boolean) => void }) {
  const [href, setHref] = useState<string | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(
    () =>
      guardNavigation(document, (h) => {
        setError('')
        setHref(h)
      }),
    [],
  )
  useEffect(() => onDialog?.(href !== null), [href, onDialog])

  if (href === null) return null
  const close = () => setHref(null)
  const open = async () => {
    setBusy(true)
    try {
      await openLink(href)
      close()
    } catch (err) {
      setError(toApiError(err).message)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Dialog
      title="Open this link in your browser?"
      onClose={close}
      testId="link-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={close} data-testid="link-cancel">
            Cancel
          </button>
          <button type="button" className="btn btn-primary" onClick={() => void open()} disabled={busy || !!error} data-testid="link-open" data-autofocus>
            Open in browser
          </button>
        </>
      }
    >
      <p>This link was written in a ticket. Check where it really goes before you open it:</p>
      <code className="link-url" data-testid="link-url">
        {href}
      </code>
      {error && (
        <div className="banner banner-error" role="alert" data-testid="link-error">
          {error}
        </div>
      )}
    </Dialog>
  )
}
