import { useMemo, useState } from 'react'
import { ApiError } from '../../../api/client'
import type { NewArticle } from '../../../api/knowledge'
import { roleRank, useMe, type Reference } from '../../../api/session'
import {
  assignToMe,
  transitionTicket,
  updateTicket,
  useTicket,
  useTicketWrite,
  type Move,
  type Patch,
  type State,
} from '../../../api/tickets'
import { ErrorBanner } from '../../../components/ui/Banner'
import { CharCount } from '../../../components/ui/CharCount'
import { PriorityChip, StateChip } from '../../../components/ui/Chip'
import { formatDateTime, formatMinutes, humanize } from '../../../lib/format'
import { comboLabel } from '../../../lib/hotkeys'
import { keymap } from '../../../lib/keymap'
import { Composer } from './Composer'
import { ApprovalTrail } from '../../approvals/components/ApprovalTrail'
import { AskApprovalDialog } from '../../approvals/components/AskApprovalDialog'
import { FollowButton } from './FollowButton'
import { LinksPanel } from './LinksPanel'
import { CatalogRequest } from './CatalogRequest'
import { RelatedArticles } from './RelatedArticles'
import { Satisfaction } from './Satisfaction'
import { SlaSection } from './SlaSection'
import { TextEdit, TicketFields } from './TicketFields'
import { TicketExport } from './TicketExport'
import { Timeline } from './Timeline'
import { needsDialog, transitionLabel, TransitionDialog } from './TransitionDialog'

interface Props {
  id: string
  reference: Reference
  onClose: () => void
  onOpen: (id: string) => void
  /** Tells the shell a dialog is open, so queue keys stay quiet. */
  onDialog?: (open: boolean) => void
  /** Opens the system print dialog; the print stylesheet shows only this pane, whole. */
  onPrint?: () => void
  /** Opens the Knowledge page on an article, or on a new one prefilled from this ticket. */
  onKnowledge?: (target: { id?: string; prefill?: NewArticle }) => void
}

/** TicketPane shows one ticket: header, transitions, fields, links and the timeline. */
export function TicketPane({ id, reference, onClose, onOpen, onDialog, onPrint, onKnowledge }: Props) {
  const q = useTicket(id)
  const [moving, setMoving] = useState<State | null>(null)
  const [asking, setAsking] = useState(false)
  const [editingDesc, setEditingDesc] = useState(false)
  const [error, setError] = useState<ApiError | null>(null)
  const detail = q.data
  const ticketId = detail?.ticket.id ?? id
  const write = useTicketWrite(ticketId, (p: Patch) => updateTicket(ticketId, p))
  const move = useTicketWrite(ticketId, (m: Move) => transitionTicket(ticketId, m))
  const takeIt = useTicketWrite(ticketId, () => assignToMe(ticketId))
  const me = useMe().data?.user
  const names = useMemo(
    () => Object.fromEntries([...reference.users, ...reference.groups].map((x) => [x.id, x.name])),
    [reference.users, reference.groups],
  )

  if (q.isPending) {
    return (
      <aside className="pane" aria-label="Ticket" aria-busy="true" data-testid="ticket-pane">
        <div className="pane-loading">Loading…</div>
      </aside>
    )
  }
  if (q.error || !detail) {
    return (
      <aside className="pane" aria-label="Ticket" data-testid="ticket-pane">
        <ErrorBanner message={q.error?.message ?? 'Ticket not found'} onDismiss={onClose} />
      </aside>
    )
  }

  const t = detail.ticket
  const editable = t.state !== 'closed' && t.state !== 'canceled'
  const fail = (err: unknown) => setError(err instanceof ApiError ? err : new ApiError('unknown', String(err)))
  const save = async (p: Patch) => {
    setError(null)
    try {
      await write.mutateAsync(p)
      return true
    } catch (err) {
      fail(err)
      return false
    }
  }
  const staff = !!me && roleRank(me.role) >= roleRank('agent')
  const mine = !!me && t.assigneeId === me.id
  const takeOver = async () => {
    setError(null)
    try {
      await takeIt.mutateAsync(undefined)
    } catch (err) {
      fail(err)
    }
  }
  const startMove = async (to: State) => {
    if (needsDialog(t.state, to)) {
      setMoving(to)
      onDialog?.(true)
      return
    }
    setError(null)
    try {
      await move.mutateAsync({ to })
    } catch (err) {
      fail(err)
    }
  }

  return (
    <aside className="pane" aria-label={`Ticket ${t.number}`} data-testid="ticket-pane" data-number={t.number} data-state={t.state}>
      <header className="pane-head">
        <div className="pane-ids">
          <span className="mono number" data-testid="ticket-number">
            {t.number}
          </span>
          <span className="muted">{humanize(t.type)}</span>
          <StateChip state={t.state} />
          <PriorityChip priority={t.priority} />
          {t.major && <span className="badge-major">Major incident</span>}
          <div className="spacer" />
          {editable && staff && !mine && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => void takeOver()}
              disabled={takeIt.isPending}
              data-testid="assign-to-me"
            >
              Assign to me
            </button>
          )}
          {editable && staff && t.type === 'request' && t.state !== 'closed' && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                setAsking(true)
                onDialog?.(true)
              }}
              data-testid="ask-approval"
            >
              Ask for approval…
            </button>
          )}
          <FollowButton ticketId={t.id} />
          {onPrint && (
            <button
              type="button"
              className="btn btn-small btn-ghost"
              onClick={onPrint}
              title={`Print the ticket with its conversation and history, or save it as a PDF (${comboLabel(keymap.print.combo)})`}
              data-testid="ticket-print"
            >
              Print
            </button>
          )}
          <TicketExport id={t.id} />
          <button type="button" className="icon-btn" aria-label="Close ticket" onClick={onClose} data-testid="ticket-close">
            ×
          </button>
        </div>
        {/* On paper the title wraps; the field above it would cut a long one. */}
        <h1 className="print-only print-title" data-testid="print-title">
          {t.number} · {t.title}
        </h1>
        <TextEdit
          label="Title"
          value={t.title}
          editable={editable}
          onSave={(v) => save({ title: v })}
          testId="ticket-title"
          limit={reference.limits?.['ticket.title']}
        />
        {error?.fields.title && <div className="field-error">{error.fields.title}</div>}
        <div className="pane-meta muted">
          Opened {formatDateTime(t.createdAt)} · updated {formatDateTime(t.updatedAt)}
          {t.holdReason && t.state === 'on_hold' && <> · {humanize(t.holdReason)}</>}
          {t.resolutionCode && (t.state === 'resolved' || t.state === 'closed') && <> · {humanize(t.resolutionCode)}</>}
          {staff && (
            <>
              {' · '}
              <span className="time-worked" data-testid="time-worked" data-minutes={detail.minutesWorked}>
                {formatMinutes(detail.minutesWorked)} worked
              </span>
            </>
          )}
        </div>
        {detail.next.length > 0 && (
          <div className="transitions" role="group" aria-label="Change state">
            {detail.next.map((to) => (
              <button
                key={to}
                type="button"
                className={`btn btn-small${to === 'resolved' ? ' btn-primary' : ''}`}
                onClick={() => void startMove(to as State)}
                disabled={move.isPending}
                data-testid={`transition-${to}`}
              >
                {/* A requester answers a resolution: confirm it (close) or reopen it. */}
                {!staff && t.state === 'resolved' && to === 'closed' ? 'Confirm resolution' : transitionLabel(t.state, to)}
              </button>
            ))}
          </div>
        )}
      </header>
      <div className="pane-body">
        <ErrorBanner message={error?.message} onDismiss={() => setError(null)} />
        {t.resolutionNotes && (t.state === 'resolved' || t.state === 'closed') && (
          <div className="resolution" data-testid="resolution">
            <strong>Resolution:</strong> {t.resolutionNotes}
          </div>
        )}
        <section className="description" aria-label="Description">
          <header className="section-head">
            <h3>Description</h3>
            {editable && (detail.allowed?.edit ?? []).includes('description') && !editingDesc && (
              <button type="button" className="btn btn-small btn-ghost" onClick={() => setEditingDesc(true)} data-testid="description-edit">
                Edit
              </button>
            )}
          </header>
          {editingDesc ? (
            <DescriptionEditor
              value={t.description}
              limit={reference.limits?.['ticket.description']}
              error={error?.fields.description}
              onCancel={() => setEditingDesc(false)}
              onSave={async (v) => {
                if (await save({ description: v })) setEditingDesc(false)
              }}
            />
          ) : detail.descriptionHtml ? (
            // Safe: descriptionHtml is rendered by Go from markdown with raw HTML disabled
            // (goldmark) and sanitized by bluemonday; the CSP also forbids inline scripts.
            <div className="md" data-testid="ticket-description" dangerouslySetInnerHTML={{ __html: detail.descriptionHtml }} />
          ) : (
            <p className="muted" data-testid="ticket-description">
              No description.
            </p>
          )}
        </section>
        {(t.state === 'resolved' || t.state === 'closed') && <Satisfaction ticketId={t.id} updatedAt={t.updatedAt} limit={reference.limits?.['rating.comment']} />}
        <SlaSection ticketId={t.id} updatedAt={t.updatedAt} />
        <ApprovalTrail subjectKind="ticket" subjectId={t.id} />
        <TicketFields key={t.id} detail={detail} reference={reference} editable={editable} />
        {(detail.allowed?.link || detail.allowed?.major || detail.links.length > 0 || t.major) && (
          <LinksPanel key={`links-${t.id}`} detail={detail} editable={editable} onOpen={onOpen} />
        )}
        {t.type === 'request' && <CatalogRequest key={`catalog-${t.id}`} ticketId={t.id} meId={me?.id ?? ''} reference={reference} />}
        <RelatedArticles
          ticketId={t.id}
          state={t.state}
          staff={staff}
          onKnowledge={onKnowledge}
        />
        <Timeline events={detail.timeline ?? []} names={names} />
        <Composer ticketId={t.id} disabled={!editable || !detail.allowed?.comment} internal={!!detail.allowed?.internal} />
      </div>
      {asking && (
        <AskApprovalDialog
          ticketId={t.id}
          reference={reference}
          onClose={() => {
            setAsking(false)
            onDialog?.(false)
          }}
        />
      )}
      {moving && (
        <TransitionDialog
          detail={detail}
          to={moving}
          reference={reference}
          onClose={() => {
            setMoving(null)
            onDialog?.(false)
          }}
        />
      )}
    </aside>
  )
}

function DescriptionEditor(props: {
  value: string
  limit?: number
  error?: string
  onSave: (v: string) => Promise<void>
  onCancel: () => void
}) {
  const [text, setText] = useState(props.value)
  return (
    <div className="desc-editor" data-submit-scope>
      <textarea aria-label="Description" rows={8} value={text} onChange={(e) => setText(e.target.value)} data-testid="description-input" />
      <CharCount value={text} limit={props.limit} />
      {props.error && <div className="field-error">{props.error}</div>}
      <div className="row-end">
        <button type="button" className="btn btn-small" onClick={props.onCancel}>
          Cancel
        </button>
        <button type="button" className="btn btn-small btn-primary" onClick={() => void props.onSave(text)} data-testid="description-save" data-submit>
          Save
        </button>
      </div>
    </div>
  )
}
