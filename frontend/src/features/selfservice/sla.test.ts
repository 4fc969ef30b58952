import { describe, expect, it } from 'vitest'
import { plainSLA } from './sla'

const now = Date.UTC(2026, 11, 5, 12, 0)
const row = (over: Partial<Parameters<typeof plainSLA>[0]>) => ({ state: 'new', slaDueAt: null, slaBreachAt: null, slaStage: 'ok', ...over })

describe('plainSLA', () => {
  it('says when an answer is due while the clock runs', () => {
    const got = plainSLA(row({ slaDueAt: now + 3600_000, slaBreachAt: now + 3600_000 }), now)
    expect(got.tone).toBe('ok')
    expect(got.text).toMatch(/^Due by /)
  })
  it('says plainly when the promise was broken', () => {
    const got = plainSLA(row({ state: 'in_progress', slaDueAt: now - 60_000, slaBreachAt: now - 60_000, slaStage: 'breached' }), now)
    expect(got).toMatchObject({ tone: 'breached' })
    expect(got.text).toMatch(/^Overdue since /)
  })
  it('shows a paused clock and nothing once the work is done', () => {
    expect(plainSLA(row({ state: 'on_hold' }), now).text).toMatch(/paused/)
    expect(plainSLA(row({ state: 'resolved', slaBreachAt: now - 1 }), now).text).toBe('')
  })
})
