import type { View } from '../../../api/session'
import type { TicketType } from '../../../api/tickets'
import type { SavedView, ViewCount } from '../../../api/views'
import { comboLabel } from '../../../lib/hotkeys'
import { keymap } from '../../../lib/keymap'
import './Sidebar.css'

export interface NavItem {
  key: string
  title: string
  view: string
  type: '' | TicketType
  /** The search whose results this queue shows (not in the sidebar). */
  search?: string
  /** A person's saved view (their own, or shared with their group). */
  saved?: SavedView
  /** Whose count the item shows (Go's view id). */
  countId?: string
}

/** navItems: the desk's views from Go, one queue per ticket type, then the saved views the
 * person sees (their own first, in their order). */
export function navItems(views: View[], saved: SavedView[] = []): NavItem[] {
  return [
    ...views.map((v) => ({ key: v.id, title: v.name, view: v.id, type: '' as const, countId: v.id })),
    { key: 'incidents', title: 'Incidents', view: 'all_open', type: 'incident' },
    { key: 'requests', title: 'Requests', view: 'all_open', type: 'request' },
    ...saved.map((s) => ({ key: `view:${s.id}`, title: s.name, view: s.query.view, type: '' as const, saved: s, countId: s.id })),
  ]
}

/** countLabel shows a sidebar count: "1,000+" past Go's cap, nothing for a view that no longer holds. */
export function countLabel(c: ViewCount | undefined): string {
  if (!c || c.count < 0) return ''
  return `${c.count.toLocaleString()}${c.more ? '+' : ''}`
}

/** A page that is not a queue (reports, settings), shown to the roles that may use it. */
export interface PageItem {
  key: string
  title: string
  /** A count shown beside the title (e.g. conflicts to settle); hidden when 0. */
  count?: number
}

interface Props {
  items: NavItem[]
  /** The views' counts by Go's view id. */
  counts?: Record<string, ViewCount>
  meId?: string
  current: string
  onSelect: (item: NavItem) => void
  onNewTicket: () => void
  pages?: PageItem[]
  /** The page shown instead of a queue, if any. */
  currentPage?: string
  onPage?: (key: string) => void
}

export function Sidebar({ items, counts = {}, meId = '', current, onSelect, onNewTicket, pages = [], currentPage = '', onPage }: Props) {
  const views = items.filter((i) => !i.type && !i.saved)
  const types = items.filter((i) => i.type)
  const mine = items.filter((i) => i.saved && i.saved.ownerId === meId)
  const shared = items.filter((i) => i.saved && i.saved.ownerId !== meId)
  const link = (i: NavItem) => (
    <li key={i.key}>
      <button
        type="button"
        className={i.key === current && !currentPage ? 'nav-item on' : 'nav-item'}
        aria-current={i.key === current && !currentPage ? 'page' : undefined}
        onClick={() => onSelect(i)}
        data-testid={`nav-${i.key}`}
        title={i.saved && i.saved.ownerId !== meId ? `Shared by ${i.saved.ownerName}` : undefined}
      >
        {i.title}
        {i.countId && countLabel(counts[i.countId]) && (
          <span className="nav-tally" data-testid={`nav-${i.key}-tally`}>
            {countLabel(counts[i.countId])}
          </span>
        )}
      </button>
    </li>
  )
  return (
    <nav className="sidebar" aria-label="Queues">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◆
        </span>
        Outpost
      </div>
      <button type="button" className="btn btn-primary new-btn" onClick={onNewTicket} data-testid="new-ticket-button" title={`New ticket (${comboLabel(keymap.newTicket.combo)})`}>
        New ticket <kbd>N</kbd>
      </button>
      <div className="nav-label">Views</div>
      <ul className="nav-list">{views.map(link)}</ul>
      <div className="nav-label">Work</div>
      <ul className="nav-list">{types.map(link)}</ul>
      {mine.length > 0 && (
        <>
          <div className="nav-label">My views</div>
          <ul className="nav-list" data-testid="nav-my-views">
            {mine.map(link)}
          </ul>
        </>
      )}
      {shared.length > 0 && (
        <>
          <div className="nav-label">Shared with me</div>
          <ul className="nav-list" data-testid="nav-shared-views">
            {shared.map(link)}
          </ul>
        </>
      )}
      {pages.length > 0 && (
        <>
          <div className="nav-label">Manage</div>
          <ul className="nav-list">
            {pages.map((p) => (
              <li key={p.key}>
                <button
                  type="button"
                  className={p.key === currentPage ? 'nav-item on' : 'nav-item'}
                  aria-current={p.key === currentPage ? 'page' : undefined}
                  onClick={() => onPage?.(p.key)}
                  data-testid={`nav-${p.key}`}
                >
                  {p.title}
                  {!!p.count && (
                    <span className="nav-count" data-testid={`nav-${p.key}-count`}>
                      {p.count}
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="nav-foot muted">
        <kbd>{comboLabel(keymap.palette.combo)}</kbd> commands · <kbd>{comboLabel(keymap.search.combo)}</kbd> search ·{' '}
        <kbd>{comboLabel(keymap.next.combo)}</kbd>/<kbd>{comboLabel(keymap.previous.combo)}</kbd> move ·{' '}
        <kbd>{comboLabel(keymap.shortcuts.combo)}</kbd> all keys
      </div>
    </nav>
  )
}
