import type { View } from '../../../api/session'
import type { TicketType } from '../../../api/tickets'
import { comboLabel } from '../../../lib/hotkeys'
import './Sidebar.css'

export interface NavItem {
  key: string
  title: string
  view: string
  type: '' | TicketType
  /** The search whose results this queue shows (not in the sidebar). */
  search?: string
}

/** navItems: the saved views from Go, then one queue per ticket type. */
export function navItems(views: View[]): NavItem[] {
  return [
    ...views.map((v) => ({ key: v.id, title: v.name, view: v.id, type: '' as const })),
    { key: 'incidents', title: 'Incidents', view: 'all_open', type: 'incident' },
    { key: 'requests', title: 'Requests', view: 'all_open', type: 'request' },
  ]
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
  current: string
  onSelect: (item: NavItem) => void
  onNewTicket: () => void
  pages?: PageItem[]
  /** The page shown instead of a queue, if any. */
  currentPage?: string
  onPage?: (key: string) => void
}

export function Sidebar({ items, current, onSelect, onNewTicket, pages = [], currentPage = '', onPage }: Props) {
  const views = items.filter((i) => !i.type)
  const types = items.filter((i) => i.type)
  const link = (i: NavItem) => (
    <li key={i.key}>
      <button
        type="button"
        className={i.key === current && !currentPage ? 'nav-item on' : 'nav-item'}
        aria-current={i.key === current && !currentPage ? 'page' : undefined}
        onClick={() => onSelect(i)}
        data-testid={`nav-${i.key}`}
      >
        {i.title}
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
      <button type="button" className="btn btn-primary new-btn" onClick={onNewTicket} data-testid="new-ticket-button" title="New ticket (N)">
        New ticket <kbd>N</kbd>
      </button>
      <div className="nav-label">Views</div>
      <ul className="nav-list">{views.map(link)}</ul>
      <div className="nav-label">Work</div>
      <ul className="nav-list">{types.map(link)}</ul>
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
        <kbd>{comboLabel('mod+k')}</kbd> commands · <kbd>/</kbd> search · <kbd>J</kbd>/<kbd>K</kbd> move
      </div>
    </nav>
  )
}
