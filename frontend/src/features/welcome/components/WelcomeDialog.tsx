import { useState } from 'react'
import { toApiError } from '../../../api/client'
import { useLoadDemo } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Dialog } from '../../../components/ui/Dialog'

/** WelcomeDialog: on first start, offer a demo desk to explore or an empty one to use. */
export function WelcomeDialog({ onDone }: { onDone: () => void }) {
  const demo = useLoadDemo()
  const [error, setError] = useState('')
  const choose = async (load: boolean) => {
    setError('')
    try {
      await demo.mutateAsync(load)
      onDone()
    } catch (err) {
      setError(toApiError(err).message)
    }
  }
  return (
    <Dialog title="Welcome to Outpost" onClose={() => void choose(false)} width={500} testId="welcome-dialog">
      <ErrorBanner message={error} />
      <p>
        Outpost is a service desk that runs on this computer, with or without a network. Everything you log stays in this
        profile until you choose to sync it.
      </p>
      <p>Would you like to look around a demo desk first, or start with an empty one?</p>
      <div className="welcome-actions">
        <button type="button" className="btn btn-primary" disabled={demo.isPending} onClick={() => void choose(true)} data-testid="welcome-demo" data-autofocus>
          {demo.isPending && demo.variables ? 'Loading demo desk…' : 'Load the demo desk'}
        </button>
        <button type="button" className="btn" disabled={demo.isPending} onClick={() => void choose(false)} data-testid="welcome-empty">
          Start empty
        </button>
      </div>
    </Dialog>
  )
}
