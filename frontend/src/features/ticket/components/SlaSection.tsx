import { useEffect, useRef } from 'react'
import { useQueryClient } from '@tanstack/react-query'
import { slaKeys, useSLAStatus, type Clock, type TicketStatus } from '../../../api/sla'
import { learnGoNow, useGoNow } from '../../../lib/clock'
import { elapsedShare, formatElapsedOf, formatRemaining, formatSpan, pausedText, toneOf } from '../../../lib/countdown'
import { formatDateTime, humanize } from '../../../lib/format'
import { formatTarget } from '../../../lib/target'

/**
 * SlaSection shows a ticket's two SLA clocks. Go computes them from the ticket's history; the
 * countdown re-renders every 30 s from the due time, and Go is asked again only when an event
 * says something changed (ticket written, sweep fired, clock moved).
 */
export function SlaSection({ ticketId, updatedAt }: { ticketId: string; updatedAt: number }) {
  const q = useSLAStatus(ticketId)
  const now = useGoNow()
  const qc = useQueryClient()
  const seen = useRef(updatedAt)
  // A write to the ticket (a new updatedAt) may move its clocks: ask Go again.
  useEffect(() => {
    if (seen.current === updatedAt) return
    seen.current = updatedAt
    void qc.invalidateQueries({ queryKey: slaKeys.status(ticketId) })
  }, [qc, ticketId, updatedAt])
  const s = q.data
  // Go's clock may run ahead of ours (the test hook): its answer says where it stands.
  useEffect(() => {
    if (s) learnGoNow(s.now)
  }, [s])
  if (!s) {
    return (
      <section className="sla-section" aria-label="SLA" data-testid="sla-section" aria-busy={q.isPending}>
        <header className="section-head">
          <h3>SLA</h3>
        </header>
        {q.error ? <p className="muted">{q.error.message}</p> : <p className="muted">Loading…</p>}
      </section>
    )
  }
  if (!s.policyId) {
    return (
      <section className="sla-section" aria-label="SLA" data-testid="sla-section">
        <header className="section-head">
          <h3>SLA</h3>
        </header>
        <p className="muted">No SLA policy applies to this ticket.</p>
      </section>
    )
  }
  return (
    <section className="sla-section" aria-label="SLA" data-testid="sla-section" data-stage={s.stage} data-paused={s.paused}>
      <header className="section-head">
        <h3>SLA</h3>
        {s.stage === 'breached' && (
          <span className="chip sla-chip-breached" data-testid="sla-breached" title="A clock has passed its target">
            Breached
          </span>
        )}
        {s.paused && (
          <span className="chip sla-chip-paused" data-testid="sla-paused" title="On hold: the clock does not count">
            ❚❚ Paused
          </span>
        )}
        <span className="muted small" data-testid="sla-policy">
          {s.policyName} · P{s.priority}
        </span>
      </header>
      <div className="sla-clocks">
        <ClockRow label="Response" clock={s.response} status={s} now={now} testId="sla-response" />
        <ClockRow label="Resolution" clock={s.resolution} status={s} now={now} testId="sla-resolution" />
      </div>
    </section>
  )
}

function ClockRow({ label, clock, status, now, testId }: { label: string; clock: Clock; status: TicketStatus; now: number; testId: string }) {
  // A running 24×7 clock gains wall time; a business clock's elapsed is Go's (it knows the hours).
  const running = clock.state === 'running'
  const elapsed = running && !clock.business ? clock.elapsedMs + Math.max(0, now - status.now) : clock.elapsedMs
  const share = elapsedShare(elapsed, clock.targetMs)
  const paused = clock.state === 'paused'
  // A clock paused after its due time stays breached: the tone says so, the headline says both.
  const pausedBreached = paused && clock.stage === 'breached'
  const tone = running
    ? toneOf(clock.dueAt, clock.stage, now)
    : pausedBreached || clock.state === 'breached'
      ? 'breached'
      : paused
        ? 'paused'
        : 'none'
  let headline: string
  switch (clock.state) {
    case 'running':
      headline = clock.dueAt ? formatRemaining(clock.dueAt, now) : 'Running'
      break
    case 'paused':
      headline = pausedBreached ? pausedText(clock.dueAt, now) : 'Paused'
      break
    case 'met':
      headline = clock.dueAt ? `Met, ${formatSpan(clock.dueAt - clock.stoppedAt)} to spare` : 'Met'
      break
    case 'breached':
      headline = clock.dueAt ? `Missed by ${formatSpan(clock.stoppedAt - clock.dueAt, 'up')}` : 'Missed'
      break
    default:
      headline = humanize(clock.state || 'not started')
  }
  return (
    <div className={`sla-clock sla-${tone}`} data-testid={testId} data-state={clock.state} data-tone={tone} data-paused={paused}>
      <div className="sla-clock-head">
        <span className="sla-clock-label">{label}</span>
        <span className="sla-target muted small">{formatTarget(clock.target, clock.business)}</span>
        <span className="spacer" />
        <span className={`sla sla-${tone}`} data-testid={`${testId}-countdown`}>
          {headline}
        </span>
      </div>
      <div
        className="sla-bar"
        role="progressbar"
        aria-label={`${label} elapsed`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(Math.min(share, 1) * 100)}
      >
        <span style={{ width: `${Math.min(share, 1) * 100}%` }} />
      </div>
      <div className="sla-clock-foot muted small">
        <span>
          Elapsed {formatElapsedOf(elapsed, clock.targetMs, clock.business)}
          {clock.business ? ' business time' : ''}
        </span>
        {clock.dueAt > 0 && <span>Due {formatDateTime(clock.dueAt)}</span>}
        {clock.stoppedAt > 0 && <span>Stopped {formatDateTime(clock.stoppedAt)}</span>}
        {clock.dueAt === 0 && paused && <span>Due when resumed</span>}
      </div>
    </div>
  )
}
