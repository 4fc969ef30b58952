// Keeps Tab and Shift+Tab inside an open modal and gives the focus back to whatever had it
// before. The work (what is tabbable, wrapping, a stack of nested traps that pause each other)
// is focus-trap's; this only sets it up the way the desk's dialogs want it.
import { useEffect, type RefObject } from 'react'
import { createFocusTrap, type FocusTrap, type Options } from 'focus-trap'

/** One stack for every trap, so a dialog over a dialog pauses the one below and resumes it. */
const trapStack: FocusTrap[] = []

let tabbableOptions: Options['tabbableOptions'] = {}

/** setTabbableOptions is for jsdom, which lays nothing out: every element looks hidden there
 * unless the tests say displayCheck 'none'. The app keeps focus-trap's default. */
export function setTabbableOptions(o: Options['tabbableOptions']): void {
  tabbableOptions = o
}

/** firstFocus is where a dialog starts: the element marked data-autofocus, else the first
 * field or button of its body, else the dialog itself. */
export function firstFocus(el: HTMLElement): HTMLElement {
  const body = el.querySelector('.dialog-body') ?? el
  return el.querySelector<HTMLElement>('[data-autofocus]') ?? body.querySelector<HTMLElement>('input, select, textarea, button') ?? el
}

/**
 * trapFocus starts a trap on el (which needs tabIndex -1 as the fallback) and returns its
 * release. Escape is not the trap's: the hotkey registry closes the topmost dialog, and the
 * dialog's unmount releases the trap, which puts the focus back where it was.
 */
export function trapFocus(el: HTMLElement, initial: HTMLElement = firstFocus(el)): () => void {
  const trap = createFocusTrap(el, {
    initialFocus: () => (el.contains(document.activeElement) ? (document.activeElement as HTMLElement) : initial),
    fallbackFocus: el,
    escapeDeactivates: false,
    // The backdrop is outside the dialog box and closes it; the trap must not swallow that click.
    allowOutsideClick: true,
    returnFocusOnDeactivate: true,
    // Focus moves as the dialog opens and closes, not a frame later: the key that opened it is
    // already handled (the registry prevents its default), and tests need no waiting.
    delayInitialFocus: false,
    delayReturnFocus: false,
    trapStack,
    tabbableOptions,
  })
  trap.activate()
  return () => {
    trap.deactivate()
  }
}

/** useFocusTrap traps the focus in ref's element while the component is mounted and enabled. */
export function useFocusTrap(ref: RefObject<HTMLElement | null>, enabled = true): void {
  useEffect(() => {
    const el = ref.current
    if (!enabled || !el) return
    return trapFocus(el)
  }, [ref, enabled])
}
