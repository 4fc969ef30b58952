// Scaffolding the calendar and policy settings share: a list with a "New …" button beside
// an editor whose banner points at the highlighted fields.
import { useState } from 'react'
import type { ApiError } from '../../../api/client'
import { ErrorBanner } from '../../../components/ui/Banner'

/** SplitListHead titles a settings list and, for editors, offers to start a new item. */
export function SplitListHead(props: { title: string; newLabel: string; testId: string; canEdit: boolean; onNew: () => void }) {
  return (
    <header className="card-head">
      <h2>{props.title}</h2>
      {props.canEdit && (
        <button type="button" className="btn btn-small" onClick={props.onNew} data-testid={props.testId}>
          {props.newLabel}
        </button>
      )}
    </header>
  )
}

/** EditorErrorBanner sums up field errors (shown beside their inputs) or shows Go's message. */
export function EditorErrorBanner({ error, onDismiss }: { error: ApiError | null; onDismiss: () => void }) {
  return (
    <ErrorBanner
      message={error ? (Object.keys(error.fields).length ? 'Check the highlighted fields.' : error.message) : undefined}
      onDismiss={onDismiss}
    />
  )
}

/**
 * useSplitSelection is which item of a split list the editor shows: a new one being created,
 * the one picked, or else the first.
 */
export function useSplitSelection() {
  const [selected, setSelected] = useState<string | null>(null)
  const [creating, setCreating] = useState(false)
  return {
    creating,
    current: <T extends { id: string }>(list: readonly T[]): T | undefined =>
      creating ? undefined : (list.find((x) => x.id === selected) ?? list[0]),
    startNew: () => {
      setCreating(true)
      setSelected(null)
    },
    pick: (id: string) => {
      setCreating(false)
      setSelected(id)
    },
    cancelNew: () => setCreating(false),
    unpick: () => setSelected(null),
  }
}
