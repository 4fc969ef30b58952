import { render, screen } from '@testing-library/react'
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Clock, TicketStatus } from '../../api/sla'
import { SlaSection } from './components/SlaSection'

// Only the src/api boundary is replaced.
const status = vi.fn<(id: string) => Promise<TicketStatus>>()
vi.mock('../../api/sla', () => ({
  slaKeys: { status: (id: string) => ['sla', 'status', id] },
  useSLAStatus: (id: string) => useQuery({ queryKey: ['sla', 'status', id], queryFn: () => status(id) }),
}))

const min = 60_000
// Go's clock for these statuses; the section learns it from `now` and counts from there.
const goNow = Date.UTC(2030, 0, 7, 10, 0)

function clock(over: Partial<Clock>): Clock {
  return {
    kind: 'response',
    target: { value: 15, unit: 'minutes' },
    business: false,
    targetMs: 15 * min,
    elapsedMs: 5 * min,
    dueAt: goNow + 10 * min,
    warnAt: goNow + 6 * min,
    state: 'running',
    stage: 'ok',
    startedAt: goNow - 5 * min,
    stoppedAt: 0,
    ...over,
  }
}

function statusOf(over: Partial<TicketStatus>): TicketStatus {
  return {
    ticketId: 't1',
    policyId: 'p',
    policyName: 'Default',
    now: goNow,
    priority: 1,
    paused: false,
    stage: 'ok',
    dueAt: goNow + 10 * min,
    warnAt: goNow + 6 * min,
    breachAt: goNow + 10 * min,
    response: clock({}),
    resolution: clock({ kind: 'resolution', target: { value: 4, unit: 'hours' }, targetMs: 240 * min, dueAt: goNow + 235 * min }),
    ...over,
  }
}

function renderSection() {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const wrap = ({ children }: { children: ReactNode }) => <QueryClientProvider client={qc}>{children}</QueryClientProvider>
  render(<SlaSection ticketId="t1" updatedAt={1} />, { wrapper: wrap })
}

beforeEach(() => status.mockReset())

describe('SlaSection', () => {
  it('counts both clocks down from Go’s clock, not the browser’s', async () => {
    status.mockResolvedValue(statusOf({}))
    renderSection()
    expect(await screen.findByTestId('sla-response-countdown')).toHaveTextContent('10m left')
    expect(screen.getByTestId('sla-resolution-countdown')).toHaveTextContent('3h 55m left')
    expect(screen.getByTestId('sla-response')).toHaveAttribute('data-tone', 'ok')
    expect(screen.getByTestId('sla-policy')).toHaveTextContent('Default · P1')
    expect(screen.getByTestId('sla-response')).toHaveTextContent('15 min')
    expect(screen.getByTestId('sla-resolution')).toHaveTextContent('4 hours')
  })

  it('shows the warning, a paused clock and a met one', async () => {
    status.mockResolvedValue(
      statusOf({
        paused: true,
        response: clock({ state: 'met', dueAt: goNow - 20 * min, stoppedAt: goNow - 26 * min }),
        resolution: clock({
          kind: 'resolution',
          target: { value: 8, unit: 'hours' },
          business: true,
          targetMs: 480 * min,
          elapsedMs: 400 * min,
          state: 'paused',
          stage: 'warning',
          dueAt: 0,
        }),
      }),
    )
    renderSection()
    expect(await screen.findByTestId('sla-paused')).toHaveTextContent('Paused')
    expect(screen.getByTestId('sla-response-countdown')).toHaveTextContent('Met, 6m to spare')
    expect(screen.getByTestId('sla-resolution')).toHaveAttribute('data-tone', 'paused')
    expect(screen.getByTestId('sla-resolution')).toHaveTextContent('8 business hours')
    expect(screen.getByTestId('sla-resolution')).toHaveTextContent('Elapsed 6h 40m of 8h business time')
    expect(screen.getByTestId('sla-resolution')).toHaveTextContent('Due when resumed')
  })

  it('shows a breach and how late a stopped clock was', async () => {
    status.mockResolvedValue(
      statusOf({
        stage: 'breached',
        response: clock({ state: 'breached', dueAt: goNow - 30 * min, stoppedAt: goNow - 19 * min }),
        resolution: clock({ kind: 'resolution', targetMs: 240 * min, dueAt: goNow - 2 * 60 * min, stage: 'breached' }),
      }),
    )
    renderSection()
    expect(await screen.findByTestId('sla-response-countdown')).toHaveTextContent('Missed by 11m')
    expect(screen.getByTestId('sla-resolution-countdown')).toHaveTextContent('breached 2h ago')
    expect(screen.getByTestId('sla-resolution')).toHaveAttribute('data-tone', 'breached')
  })

  it('shows a breached clock put on hold as breached and paused', async () => {
    status.mockResolvedValue(
      statusOf({
        paused: true,
        stage: 'breached',
        dueAt: 0,
        warnAt: 0,
        breachAt: goNow - 2 * 60 * min,
        response: clock({ state: 'met', dueAt: goNow - 3 * 60 * min, stoppedAt: goNow - 200 * min }),
        resolution: clock({
          kind: 'resolution',
          target: { value: 3, unit: 'days' },
          business: true,
          targetMs: 30 * 60 * min,
          elapsedMs: 31 * 60 * min,
          state: 'paused',
          stage: 'breached',
          dueAt: goNow - 2 * 60 * min,
        }),
      }),
    )
    renderSection()
    expect(await screen.findByTestId('sla-paused')).toHaveTextContent('Paused')
    expect(screen.getByTestId('sla-breached')).toHaveTextContent('Breached')
    expect(screen.getByTestId('sla-resolution')).toHaveAttribute('data-tone', 'breached')
    expect(screen.getByTestId('sla-resolution')).toHaveAttribute('data-paused', 'true')
    expect(screen.getByTestId('sla-resolution-countdown')).toHaveTextContent('Paused · breached 2h ago')
    // Business days count in business hours, elapsed and target alike.
    expect(screen.getByTestId('sla-resolution')).toHaveTextContent('Elapsed 31h of 30h business time')
  })

  it('says when no policy applies', async () => {
    status.mockResolvedValue(statusOf({ policyId: '' }))
    renderSection()
    expect(await screen.findByText('No SLA policy applies to this ticket.')).toBeInTheDocument()
  })
})
