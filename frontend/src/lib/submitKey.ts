// Ctrl+Enter (Cmd+Enter on macOS) saves the form the focus is in, everywhere: one listener on
// the window, so every form, today's and tomorrow's, has it without code of its own.
//
// Where it looks, from the focused element outwards:
// - a <form> (or the form a footer button belongs to through its form attribute): submitted
//   as its own submit button would, and not at all while that button is disabled (a save in
//   flight), so a second press never sends twice;
// - an element marked data-submit-scope (an editor that is not a form): its [data-submit]
//   button is clicked, unless disabled;
// - a dialog (role="dialog"): its form, else its [data-submit] button.
import type { KeyLike } from './hotkeys'

/** isSubmitKey: Ctrl+Enter or Cmd+Enter, without Alt or Shift (Shift+Enter stays a newline). */
export function isSubmitKey(e: KeyLike): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey
}

function isEnabled(el: Element): boolean {
  return !(el as HTMLButtonElement).disabled && el.getAttribute('aria-disabled') !== 'true'
}

/** submitButton is the form's default button: its first submit button, inside it or tied to
 * it by form="id". */
function submitButton(form: HTMLFormElement): HTMLButtonElement | HTMLInputElement | null {
  for (const el of Array.from(form.elements)) {
    if ((el instanceof HTMLButtonElement || el instanceof HTMLInputElement) && el.type === 'submit') return el
  }
  return null
}

function submitForm(form: HTMLFormElement): boolean {
  const button = submitButton(form)
  if (button && !isEnabled(button)) return false
  // requestSubmit runs the form's own submit handler (and its validation), as a click would.
  form.requestSubmit(button ?? undefined)
  return true
}

function clickSubmit(scope: Element): boolean {
  const button = scope.querySelector<HTMLElement>('[data-submit]')
  if (!button || !isEnabled(button)) return false
  button.click()
  return true
}

/** submitFrom saves the form or editor that el is in; it returns whether anything was sent. */
export function submitFrom(el: Element | null): boolean {
  if (!el) return false
  // A dialog drawn inside a form (the composer's "Discard?") is not part of that form.
  const dialog = el.closest('[role="dialog"]')
  const owner = (el as HTMLInputElement).form
  if (owner instanceof HTMLFormElement && (!dialog || dialog.contains(owner))) return submitForm(owner)
  const scope = el.closest('form, [data-submit-scope], [role="dialog"]')
  if (!scope) return false
  if (scope instanceof HTMLFormElement) return submitForm(scope)
  if (scope.hasAttribute('data-submit-scope')) return clickSubmit(scope)
  const form = scope.querySelector('form')
  return form ? submitForm(form) : clickSubmit(scope)
}

let installed = false

/** installSubmitKey attaches the Ctrl+Enter listener to the window once. */
export function installSubmitKey(target: Window = window): () => void {
  if (installed) return () => {}
  installed = true
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing || !isSubmitKey(e)) return
    // The focus, not the event's target: a key pressed with nothing focused lands on <body>.
    const from = e.target instanceof Element ? e.target : document.activeElement
    if (submitFrom(from)) e.preventDefault()
  }
  target.addEventListener('keydown', onKey)
  return () => {
    installed = false
    target.removeEventListener('keydown', onKey)
  }
}
