import { useState, type FormEvent } from 'react'
import { ApiError, toApiError } from '../../../api/client'
import { useLimit, useLoadDemo, useWelcome, type Me } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Dialog } from '../../../components/ui/Dialog'
import { Field } from '../../../components/ui/Field'

/**
 * WelcomeDialog: on first start, ask who the person is (they become the desk's admin), then
 * offer a demo desk to explore or an empty one to use. Go checks the name and email; its
 * messages sit beside the fields and what was typed stays.
 */
export function WelcomeDialog({ me, onDone }: { me: Me; onDone: () => void }) {
  const welcome = useWelcome()
  const demo = useLoadDemo()
  const introduce = me.needsIntroduction
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const [loading, setLoading] = useState<boolean | null>(null)
  const nameLimit = useLimit('user.name')
  const emailLimit = useLimit('user.email')
  const pending = welcome.isPending || demo.isPending

  const choose = async (load: boolean) => {
    setError(null)
    setLoading(load)
    try {
      if (introduce) await welcome.mutateAsync({ name, email, demo: load })
      else await demo.mutateAsync(load)
      onDone()
    } catch (err) {
      setError(toApiError(err))
    } finally {
      setLoading(null)
    }
  }
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault()
    // Enter in a field answers as the first button does.
    const by = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null
    void choose(by?.value !== 'empty')
  }
  const fieldMessage = !!error && Object.keys(error.fields).length > 0

  return (
    <Dialog
      title="Welcome to Outpost"
      onClose={() => {
        if (!introduce) void choose(false)
      }}
      dismissible={!introduce}
      width={500}
      testId="welcome-dialog"
    >
      <form onSubmit={submit} noValidate data-testid="welcome-form">
        <ErrorBanner message={error && !fieldMessage ? error.message : undefined} onDismiss={() => setError(null)} />
        <p>
          Outpost is a service desk that runs on this computer, with or without a network. Everything you log stays in this
          profile until you choose to sync it.
        </p>
        {introduce && (
          <div className="form-stack welcome-person">
            <p>Who are you? You will be this desk&rsquo;s admin.</p>
            <Field label="Your name" error={error?.field('name')} limit={nameLimit} value={name}>
              <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" data-testid="welcome-name" data-autofocus />
            </Field>
            <Field label="Your email" error={error?.field('email')} limit={emailLimit} value={email}>
              <input
                type="text"
                inputMode="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                autoComplete="email"
                data-testid="welcome-email"
              />
            </Field>
          </div>
        )}
        <p>Would you like to look around a demo desk first, or start with an empty one?</p>
        <div className="welcome-actions">
          <button type="submit" value="demo" className="btn btn-primary" disabled={pending} data-testid="welcome-demo" data-autofocus={!introduce || undefined}>
            {loading === true ? 'Loading demo desk…' : 'Load the demo desk'}
          </button>
          <button type="submit" value="empty" className="btn" disabled={pending} data-testid="welcome-empty">
            Start empty
          </button>
        </div>
      </form>
    </Dialog>
  )
}
