// Dialog, loaded when the first one opens. The screens the desk starts on (the queue's view
// menu, the link guard) offer dialogs but show none, so the dialog's code and its focus trap
// (focus-trap, tabbable) stay out of the script the first screen waits for
// (docs/bench-method.md, "Start-up (session 18)").
import { lazy, Suspense, type ComponentProps } from 'react'

const Loaded = lazy(() => import('./Dialog').then((m) => ({ default: m.Dialog })))

type Props = ComponentProps<typeof import('./Dialog').Dialog>

/** Dialog is components/ui/Dialog's, rendered once its code has loaded (the first time, a
 * moment after it is asked for; then at once). */
export function Dialog(props: Props) {
  return (
    <Suspense fallback={null}>
      <Loaded {...props} />
    </Suspense>
  )
}
