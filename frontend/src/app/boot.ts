// Boot data: what the first screen needs, written by Go into index.html (app/boot.go) as a
// JSON data block, so the Gate, the shell and the queue render their final state in the
// first React pass instead of asking Go one round trip after another.
import { hashKey, type QueryClient } from '@tanstack/react-query'
import type { app, ticket, view } from '../../wailsjs/go/models'
import { afterFirstScreen } from '../api/client'
import { sessionKeys, type Me, type Reference, type SignInState } from '../api/session'
import { slaAdminKeys } from '../api/sla'
import { syncKeys, type SyncStatus } from '../api/sync'
import { savedViews, viewKeys } from '../api/views'
import { defaultFilter, PAGE_SIZE, ticketKeys, type Page, type QueueFilter, type TicketType } from '../api/tickets'

export interface Boot {
  /** When Go read it (Unix ms): the answers' time in the query cache. */
  at: number
  signIn?: SignInState
  me?: Me
  reference?: Reference
  /** The person's saved views, as Views.List answers. */
  views?: view.View[] | null
  /** The sync indicator's state and the bell's badge (the top bar's width depends on them). */
  sync?: app.SyncStatus
  unread?: number
  queue?: { query: ticket.Query; page: Page }
}

/** readBoot takes the boot data out of the page (once: the element is removed, so a later
 * mount of the app asks Go as usual). null when the page has none or it does not parse. */
export function readBoot(doc: Document = document): Boot | null {
  const el = doc.getElementById('boot')
  if (!el || el.getAttribute('type') !== 'application/json') return null
  el.remove()
  try {
    const b = JSON.parse(el.textContent ?? '') as Boot
    return typeof b?.at === 'number' ? b : null
  } catch {
    return null
  }
}

/** bootDepartment is the department the desk opens on, as App chooses it: the person's own
 * when they work in exactly one, else every department (''). */
export function bootDepartment(ref: Reference): string {
  const mine = ref.myDepartments ?? []
  return mine.length === 1 ? mine[0] : ''
}

/** bootQueueFilter is the first queue's filter as QueueView asks for it, if Go's boot query is
 * exactly that (else null: the page asks for its own). */
export function bootQueueFilter(b: Boot): QueueFilter | null {
  if (!b.queue || !b.reference) return null
  const q = b.queue.query
  const dept = bootDepartment(b.reference)
  const base = defaultFilter('all_open', '', '')
  const want: QueueFilter = dept ? { ...base, departmentId: dept } : base
  const got: QueueFilter = {
    view: q.view,
    type: q.type as '' | TicketType,
    states: (q.states ?? []) as QueueFilter['states'],
    priorities: q.priorities ?? [],
    assigneeId: q.assigneeId,
    groupId: q.groupId,
    requesterId: q.requesterId,
    search: q.search,
    filters: (q.filters ?? []) as QueueFilter['filters'],
    sort: q.sort as QueueFilter['sort'],
    desc: q.desc,
    ...(q.departmentId ? { departmentId: q.departmentId } : {}),
  }
  if (q.offset !== 0 || q.limit !== PAGE_SIZE || hashKey([got]) !== hashKey([want])) return null
  return want
}

/** seedBoot puts the boot data in the query cache as answers given at boot.at, so they go
 * stale and are asked again like any other. It reports whether the queue's page was seeded. */
export function seedBoot(qc: QueryClient, b: Boot): boolean {
  const opts = { updatedAt: b.at }
  if (b.signIn) qc.setQueryData(sessionKeys.signIn, b.signIn, opts)
  if (b.me) qc.setQueryData(sessionKeys.me, b.me, opts)
  if (b.reference) qc.setQueryData(sessionKeys.reference, b.reference, opts)
  if (b.views) qc.setQueryData(viewKeys.list, savedViews(b.views), opts)
  if (b.sync) qc.setQueryData(syncKeys.status, b.sync as unknown as SyncStatus, opts)
  if (typeof b.unread === 'number') qc.setQueryData(slaAdminKeys.unread, b.unread, opts)
  const f = b.me ? bootQueueFilter(b) : null
  if (!f || !b.queue) return false
  qc.setQueryData(ticketKeys.page(f, 0), b.queue.page, opts)
  // Go counts the queue only when its first page holds it whole (app/boot.go): otherwise the
  // rows show now, and the page is asked for again, with its total, once they are painted.
  if (b.queue.page.total < 0) void afterFirstScreen(() => qc.invalidateQueries({ queryKey: ticketKeys.page(f, 0), exact: true }))
  return true
}
