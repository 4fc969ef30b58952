// The SLA countdown of one ticket: response until met, then resolution. It ticks every
// 30 seconds on the client from the due times Go computed; Go's events refetch the status.
import { useEffect, useState } from 'react'
import { useSlaStatus, type TicketStatus } from '../../../api/sla'
import { describe } from '../remaining'

export function SlaBadgeView({ status, now }: { status: TicketStatus; now: number }) {
  const running = [status.response, status.resolution].filter((c) => c.state === 'running' || c.state === 'paused')
  const clock = running[0] ?? status.resolution
  if (!clock?.kind) return null
  const { text, tone } = describe(clock, now)
  return (
    <span className={`sla-badge sla-${tone}`} data-tone={tone} title={`${status.policyName}: ${clock.kind} target ${clock.target.value} ${clock.target.unit}`}>
      {clock.kind === 'response' ? 'Respond' : 'Resolve'}: {text}
    </span>
  )
}

export function SlaBadge({ ticketId }: { ticketId: string }) {
  const { data } = useSlaStatus(ticketId)
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000)
    return () => clearInterval(t)
  }, [])
  if (!data) return null
  // The app clock may run ahead of the wall clock (test hook): keep Go's offset.
  const offset = data.now - Date.now()
  return <SlaBadgeView status={data} now={now + offset} />
}
