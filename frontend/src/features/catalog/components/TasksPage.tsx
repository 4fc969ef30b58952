import { useState } from 'react'
import { useTasks, type TaskScope } from '../../../api/catalog'
import type { Me, Reference } from '../../../api/session'
import { TaskList } from '../../../components/ui/TaskList'
import { Tabs } from '../../../components/ui/Tabs'
import './catalog.css'

interface Props {
  me: Me
  reference: Reference
  onOpenTicket?: (ticketId: string) => void
}

/** TasksPage: the fulfilment tasks queue — mine, my groups' (not yet taken), or all. */
export function TasksPage({ me, reference, onOpenTicket }: Props) {
  const [scope, setScope] = useState<TaskScope>('groups')
  const [done, setDone] = useState(false)
  const tasks = useTasks(scope, done)
  return (
    <section className="page tasks-page" aria-label="Tasks" data-testid="tasks-page">
      <header className="queue-head">
        <h1>Tasks</h1>
        <Tabs<TaskScope>
          items={[
            { id: 'mine', label: 'My tasks' },
            { id: 'groups', label: 'My groups' },
            { id: 'all', label: 'All' },
          ]}
          value={scope}
          onChange={setScope}
          label="Task queue"
          testid="tasks-scope"
        />
        <label className="check">
          <input type="checkbox" checked={done} onChange={(e) => setDone(e.target.checked)} data-testid="tasks-done" />
          Show finished
        </label>
      </header>
      <div className="page-body">
        <TaskList tasks={tasks.data ?? []} meId={me.user.id} reference={reference} onOpenTicket={onOpenTicket} showRequest />
        {tasks.data && tasks.data.length === 0 && <p className="muted">No tasks here.</p>}
      </div>
    </section>
  )
}
