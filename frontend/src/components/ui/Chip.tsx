import { stateLabel } from '../../lib/format'

export function PriorityChip({ priority }: { priority: number }) {
  if (!priority) return <span className="chip chip-muted">–</span>
  return (
    <span className={`chip chip-p${priority}`} title={`Priority ${priority}`} data-testid="priority-chip">
      P{priority}
    </span>
  )
}

export function StateChip({ state }: { state: string }) {
  return (
    <span className={`chip chip-state chip-${state}`} data-testid="state-chip">
      {stateLabel(state)}
    </span>
  )
}
