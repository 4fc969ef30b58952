import { useState } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { toApiError, type ApiError } from '../../api/client'
import { catalogApi, catalogKeys, TASK_LABELS, TASK_MOVES, type TaskRow } from '../../api/catalog'
import type { Reference } from '../../api/session'
import { formatDateTime } from '../../lib/format'
import { ErrorBanner } from './Banner'

/** TaskList shows tasks with the moves the rules allow (start, complete, incomplete, skip) and
 * taking one. Shared by the Tasks page and a request's ticket
 * page, so it lives with the shared pieces. */
export function TaskList({
  tasks,
  meId,
  reference,
  onOpenTicket,
  showRequest = false,
}: {
  tasks: TaskRow[]
  /** The signed-in person (who may take a task of their group). */
  meId: string
  reference: Reference
  onOpenTicket?: (ticketId: string) => void
  showRequest?: boolean
}) {
  const qc = useQueryClient()
  const [error, setError] = useState<ApiError | null>(null)
  const name = (id: string | null) => (id ? (reference.users.find((u) => u.id === id)?.name ?? '') : '')
  const group = (id: string | null) => (id ? (reference.groups.find((g) => g.id === id)?.name ?? '') : '')
  const run = (p: Promise<unknown>) => {
    setError(null)
    p.then(() => qc.invalidateQueries({ queryKey: catalogKeys.all }))
      .then(() => qc.invalidateQueries({ queryKey: ['tickets'] }))
      .catch((e: unknown) => setError(toApiError(e)))
  }
  const member = (t: TaskRow) => !!t.groupId && !!reference.groups.find((g) => g.id === t.groupId)?.members?.includes(meId)
  return (
    <>
      <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
      <ul className="task-list" data-testid="task-list">
        {tasks.map((t) => (
          <li key={t.id} className="task-row" data-testid="task-row" data-number={t.number} data-state={t.state}>
            <div className="task-main">
              <span className="task-number">{t.number}</span> <strong>{t.title}</strong>
              {showRequest && (
                <button type="button" className="link-button" onClick={() => onOpenTicket?.(t.requestId)} data-testid="task-request">
                  {t.requestNumber} · {t.requestTitle}
                </button>
              )}
              <span className="muted">
                {' '}
                {group(t.groupId)}
                {t.assigneeId ? ` · ${name(t.assigneeId)}` : ''}
                {t.dueAt ? ` · due ${formatDateTime(t.dueAt)}` : ''}
              </span>
            </div>
            <span className={`task-state task-${t.state}`} data-testid="task-state">
              {TASK_LABELS[t.state]}
            </span>
            <div className="task-actions">
              {t.assigneeId !== meId && member(t) && !['complete', 'incomplete', 'skipped'].includes(t.state) && (
                <button type="button" className="btn btn-small" data-testid="task-take" onClick={() => run(catalogApi.assign(t.id, t.groupId ?? '', meId))}>
                  Take
                </button>
              )}
              {(t.next ?? []).map((to) => (
                <button
                  key={to}
                  type="button"
                  className={to === 'complete' ? 'btn btn-small btn-primary' : 'btn btn-small'}
                  data-testid={`task-move-${to}`}
                  onClick={() => run(catalogApi.move(t.id, to))}
                >
                  {TASK_MOVES[to]}
                </button>
              ))}
            </div>
          </li>
        ))}
      </ul>
    </>
  )
}
