// The command palette's "Insert template…" asks the open ticket's comment box for its picker.
// A window event, so the palette (in the shell) and the box (in the ticket) share no import.
const EVENT = 'outpost:insert-template'

/** requestTemplatePicker opens the canned-reply picker of the comment box on screen, if any. */
export function requestTemplatePicker(): void {
  window.dispatchEvent(new Event(EVENT))
}

/** onTemplatePicker runs fn when the picker is asked for; it returns the unsubscribe. */
export function onTemplatePicker(fn: () => void): () => void {
  window.addEventListener(EVENT, fn)
  return () => window.removeEventListener(EVENT, fn)
}
