import { useEffect, useRef, useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { onEvent } from '../api/client'
import { sessionKeys, touch, useSignInState } from '../api/session'
import { ErrorBanner } from '../components/ui/Banner'
import { SignInScreen } from '../features/signin/components/SignInScreen'
import { App } from './App'

/** Activity is reported to Go at most this often; the idle lock counts in minutes. */
const touchEvery = 15_000

/**
 * Gate shows the sign-in screen while nobody is signed in, and the lock over the desk once it
 * locks. Go decides both (and refuses every call meanwhile); this only follows its state.
 */
export function Gate() {
  const state = useSignInState()
  const qc = useQueryClient()
  const open = !!state.data && state.data.required && state.data.signedIn && !state.data.locked
  /** Whose desk locked (undefined while unlocked), and how many times another person has
   * unlocked it: their desk is a fresh one (their home, nothing of the last person's open). */
  const lockedBy = useRef<string | undefined>(undefined)
  const [person, setPerson] = useState(0)
  useEffect(() => {
    if (!state.data) return
    const id = state.data.user?.id ?? ''
    if (state.data.locked) {
      lockedBy.current ??= id
      return
    }
    if (lockedBy.current !== undefined && lockedBy.current !== id) setPerson((n) => n + 1)
    lockedBy.current = undefined
  }, [state.data])

  useEffect(() => {
    const refresh = () => void qc.invalidateQueries({ queryKey: sessionKeys.signIn })
    const offs = [onEvent('session:locked', refresh), onEvent('session:changed', refresh), onEvent('clock:advanced', refresh)]
    return () => offs.forEach((off) => off())
  }, [qc])

  // Keys and clicks hold off the idle lock; Go's clock decides when it falls.
  useEffect(() => {
    if (!open) return
    let last = 0
    const active = () => {
      const now = Date.now()
      if (now - last < touchEvery) return
      last = now
      void touch()
        .then((locked) => {
          if (locked) void qc.invalidateQueries({ queryKey: sessionKeys.signIn })
        })
        .catch(() => {})
    }
    window.addEventListener('keydown', active, true)
    window.addEventListener('pointerdown', active, true)
    return () => {
      window.removeEventListener('keydown', active, true)
      window.removeEventListener('pointerdown', active, true)
    }
  }, [open, qc])

  if (state.error) {
    return (
      <div className="boot-error">
        <ErrorBanner message={state.error.message} />
      </div>
    )
  }
  if (!state.data) return <div className="boot">Opening your desk…</div>
  if (state.data.required && !state.data.signedIn) return <SignInScreen key="signin" state={state.data} />
  const locked = state.data.locked
  // Under the lock the desk stays as it was (what was open, half-typed), out of reach of focus.
  return (
    <>
      <div className="gate-desk" inert={locked || undefined} aria-hidden={locked || undefined}>
        <App key={person} />
      </div>
      {locked && <SignInScreen key={`lock-${state.data.user?.id ?? ''}`} state={state.data} />}
    </>
  )
}
