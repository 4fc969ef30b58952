import { rowCountdown, type RowSLA } from '../../lib/countdown'

/** SlaCountdown is a ticket's SLA time left (or past), coloured by stage. */
export function SlaCountdown({ row, now }: { row: RowSLA; now: number }) {
  const c = rowCountdown(row, now)
  return (
    <span className={`sla sla-${c.tone}`} title={c.title} data-testid="sla-countdown" data-tone={c.tone} data-paused={c.paused}>
      {c.paused && (
        <span className="sla-icon" aria-hidden="true">
          ❚❚
        </span>
      )}
      {c.text}
    </span>
  )
}
