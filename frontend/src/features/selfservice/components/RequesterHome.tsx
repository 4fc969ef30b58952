import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useEffect, useState, type ReactNode } from 'react'
import { useArticles, type Hit as ArticleHit } from '../../../api/knowledge'
import type { Me } from '../../../api/session'
import { getQueuePage, ticketKeys, type QueueFilter, type Row } from '../../../api/tickets'
import { ErrorBanner } from '../../../components/ui/Banner'
import { StateChip } from '../../../components/ui/Chip'
import { formatShort } from '../../../lib/format'
import { plainSLA } from '../sla'
import './selfservice.css'

/** Every ticket of the requester's (Go scopes the "all" view to their own), latest first. */
const MINE: QueueFilter = {
  view: 'all',
  type: '',
  states: [],
  priorities: [],
  assigneeId: '',
  groupId: '',
  requesterId: '',
  search: '',
  filters: [],
  sort: 'updated',
  desc: true,
}

/** plain is a knowledge snippet without Go's match marks (\x02 … \x03), as text. */
const plain = (s: string) => s.replace(/[\u0002\u0003]/g, '')

interface Props {
  me: Me
  /** Called once the person's tickets have arrived (the desk's readiness). */
  onLoaded?: () => void
  /** Opens one of the requester's tickets in the pane. */
  onOpenTicket: (id: string) => void
  /** Opens the new-incident form (with its article suggestions while typing). */
  onNewIncident: () => void
  /** Opens an article on the Knowledge page. */
  onOpenArticle: (id: string) => void
  /**
   * The service catalog's "Request something" section, given by the shell once the catalog is
   * wired in; while it is absent the section is not shown at all.
   */
  catalog?: ReactNode
  /** Whose approvals wait for this person, given by the shell once approvals are wired in. */
  approvals?: ReactNode
}

/**
 * RequesterHome is a requester's own screen: find an answer in the knowledge base, report an
 * incident, and follow their own tickets (state, and when an answer is due or that it is late,
 * in words). A ticket opens in the pane, which offers only what Go allows them: reply, confirm
 * or reopen a resolution, rate it.
 */
export function RequesterHome({ me, onLoaded, onOpenTicket, onNewIncident, onOpenArticle, catalog, approvals }: Props) {
  const [text, setText] = useState('')
  const articles = useArticles({ text, state: 'published', category: '', limit: 8 })
  const mine = useQuery({ queryKey: ticketKeys.page(MINE, 0), queryFn: () => getQueuePage(MINE, 0), placeholderData: keepPreviousData })
  const rows = mine.data?.rows ?? []
  useEffect(() => {
    if (mine.data) onLoaded?.()
  }, [mine.data, onLoaded])
  const now = Date.now()
  const open = rows.filter((r) => r.state !== 'closed' && r.state !== 'canceled')
  const done = rows.filter((r) => r.state === 'closed' || r.state === 'canceled')
  const hits: ArticleHit[] = text.trim() ? (articles.data ?? []) : []
  return (
    <section className="page selfservice" aria-label="My requests" data-testid="requester-home">
      <header className="queue-head">
        <h1>Hello, {me.user.name.split(' ')[0]}</h1>
      </header>
      <div className="page-body ss-grid">
        <section className="card ss-help" aria-label="Find an answer">
          <header className="card-head">
            <h2>Find an answer</h2>
          </header>
          <input
            type="search"
            className="ss-search"
            placeholder="Search the knowledge base: VPN, printer, password…"
            aria-label="Search the knowledge base"
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-testid="ss-kb-search"
          />
          {text.trim() && (
            <ul className="ss-hits" data-testid="ss-kb-hits">
              {hits.length === 0 && !articles.isFetching && <li className="muted small">No article matches. Report it below and we will help.</li>}
              {hits.map((h) => (
                <li key={h.id}>
                  <button type="button" className="ss-hit" onClick={() => onOpenArticle(h.id)} data-testid="ss-kb-hit" data-number={h.number}>
                    <strong>{h.title}</strong>
                    <span className="muted small">{plain(h.snippet)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="ss-actions">
            <button type="button" className="btn btn-primary" onClick={onNewIncident} data-testid="ss-report-incident">
              Report a problem
            </button>
          </div>
        </section>
        {catalog && (
          <section className="card ss-catalog" aria-label="Request something" data-testid="ss-catalog">
            <header className="card-head">
              <h2>Request something</h2>
            </header>
            {catalog}
          </section>
        )}
        {approvals}
        <section className="card ss-mine" aria-label="My requests" data-testid="ss-my-requests">
          <header className="card-head">
            <h2>My requests</h2>
            <span className="muted small">{open.length} open</span>
          </header>
          <ErrorBanner message={mine.error?.message} />
          {rows.length === 0 && !mine.isPending && <p className="muted">You have no tickets yet.</p>}
          <TicketList rows={open} now={now} onOpen={onOpenTicket} />
          {done.length > 0 && (
            <>
              <h3 className="ss-sub">Closed</h3>
              <TicketList rows={done} now={now} onOpen={onOpenTicket} />
            </>
          )}
        </section>
      </div>
    </section>
  )
}

function TicketList({ rows, now, onOpen }: { rows: Row[]; now: number; onOpen: (id: string) => void }) {
  return (
    <ul className="ss-tickets">
      {rows.map((r) => {
        const sla = plainSLA(r, now)
        return (
          <li key={r.id}>
            <button type="button" className="ss-ticket" onClick={() => onOpen(r.id)} data-testid="ss-ticket" data-number={r.number} data-state={r.state}>
              <span className="ss-ticket-head">
                <span className="mono muted small">{r.number}</span>
                <strong>{r.title}</strong>
              </span>
              <span className="ss-ticket-meta">
                <StateChip state={r.state} />
                {r.state === 'resolved' && <span className="ss-ask small">Is it fixed? Confirm or reopen it</span>}
                {sla.text && (
                  <span className={`ss-sla ss-sla-${sla.tone} small`} data-testid="ss-sla" data-tone={sla.tone}>
                    {sla.text}
                  </span>
                )}
                <span className="muted small">updated {formatShort(r.updatedAt, now)}</span>
              </span>
            </button>
          </li>
        )
      })}
    </ul>
  )
}
