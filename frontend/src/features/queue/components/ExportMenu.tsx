import { exportQueue, exportView } from '../../../api/exports'
import type { QueueFilter } from '../../../api/tickets'
import type { SavedView } from '../../../api/views'
import { ExportMenu as Menu } from '../../../components/ui/ExportMenu'

interface Props {
  filter: QueueFilter
  /** The queue's title, which names the file. */
  title: string
  /** The saved view on screen, exported as saved unless changed. */
  saved?: SavedView
  modified: boolean
}

/** ExportMenu writes the queue as it is filtered and sorted, every page of it. */
export function ExportMenu({ filter, title, saved, modified }: Props) {
  return (
    <Menu
      what="this queue"
      testId="queue-export"
      run={(format) => (saved && !modified ? exportView(saved.id, format) : exportQueue(filter, saved?.name ?? title, format))}
    />
  )
}
