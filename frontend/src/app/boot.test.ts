import { waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { makeQueryClient } from './provider'
import { readBoot, seedBoot, type Boot } from './boot'
import { firstScreenPainted } from '../api/client'
import { sessionKeys } from '../api/session'
import { defaultFilter, ticketKeys } from '../api/tickets'
import { slaAdminKeys } from '../api/sla'
import { syncKeys } from '../api/sync'
import { viewKeys, type SavedView } from '../api/views'

const query = {
  view: 'all_open',
  type: '',
  states: [],
  priorities: [],
  assigneeId: '',
  groupId: '',
  requesterId: '',
  departmentId: '',
  search: '',
  sort: 'priority',
  desc: false,
  offset: 0,
  limit: 50,
  filters: [],
}

function boot(over: Partial<Boot> = {}, departments: string[] = []): Boot {
  return {
    at: 1_700_000_000_000,
    signIn: { required: false, signedIn: true, locked: false, user: null, idleLockMinutes: 0, joinedEmail: '', holders: [] },
    me: { user: { id: 'u1' } },
    reference: { myDepartments: departments, views: [{ id: 'all_open', name: 'All open' }] },
    views: [{ id: 'v1', name: 'Mine', query: { view: 'all', filters: null, states: null, priorities: null }, columns: null }],
    sync: { state: 'local', joined: false, pending: 3 },
    unread: 4,
    queue: { query, page: { rows: [{ id: 't1', title: '</script>' }], total: 1 } },
    ...over,
  } as unknown as Boot
}

describe('boot data', () => {
  it('is read once from its JSON block, and a broken one is ignored', () => {
    document.head.innerHTML = `<script type="application/json" id="boot">{"at":5,"signIn":{"signedIn":true}}</script>`
    expect(readBoot()?.at).toBe(5)
    expect(readBoot()).toBeNull() // taken out: a later mount asks Go
    document.head.innerHTML = `<script type="application/json" id="boot">{"at":</script>`
    expect(readBoot()).toBeNull()
  })

  it('seeds the answers at Go\'s time, the queue under the key QueueView asks for', () => {
    const qc = makeQueryClient()
    expect(seedBoot(qc, boot())).toBe(true)
    expect(qc.getQueryState(sessionKeys.signIn)?.dataUpdatedAt).toBe(1_700_000_000_000)
    expect(qc.getQueryData(sessionKeys.me)).toEqual({ user: { id: 'u1' } })
    const page = qc.getQueryData<{ total: number }>(ticketKeys.page(defaultFilter('all_open', '', ''), 0))
    expect(page?.total).toBe(1)
    // The saved views as Views.List answers them: Go's null lists filled, so the sidebar's
    // views open as whole filters.
    const views = qc.getQueryData<SavedView[]>(viewKeys.list)
    expect(views?.[0].id).toBe('v1')
    expect(views?.[0].query.filters).toEqual([])
    expect(qc.getQueryState(viewKeys.list)?.dataUpdatedAt).toBe(1_700_000_000_000)
    // The top bar's sync indicator and bell badge, so it is laid out once.
    expect(qc.getQueryData<{ pending: number }>(syncKeys.status)?.pending).toBe(3)
    expect(qc.getQueryData(slaAdminKeys.unread)).toBe(4)
  })

  it('has a long queue asked again for its total once shown, and a short one not', async () => {
    const key = ticketKeys.page(defaultFilter('all_open', '', ''), 0)
    const qc = makeQueryClient()
    const rows = Array.from({ length: 50 }, (_, i) => ({ id: `t${i}` }))
    expect(seedBoot(qc, boot({ queue: { query, page: { rows, total: -1 } } } as unknown as Partial<Boot>))).toBe(true)
    expect(qc.getQueryData<{ rows: unknown[] }>(key)?.rows).toHaveLength(50) // shown at once
    expect(qc.getQueryState(key)?.isInvalidated).toBe(false) // not asked again before it is painted
    firstScreenPainted()
    await waitFor(() => expect(qc.getQueryState(key)?.isInvalidated).toBe(true)) // and asked again then
    const short = makeQueryClient()
    seedBoot(short, boot())
    expect(short.getQueryState(key)?.isInvalidated).toBe(false)
  })

  it('narrows the queue to the one department the person works in', () => {
    const qc = makeQueryClient()
    expect(seedBoot(qc, boot({ queue: { query: { ...query, departmentId: 'd1' }, page: { rows: [], total: 0 } } } as unknown as Partial<Boot>, ['d1']))).toBe(true)
    expect(qc.getQueryData(ticketKeys.page({ ...defaultFilter('all_open', '', ''), departmentId: 'd1' }, 0))).toBeDefined()
  })

  it('leaves the queue out when Go read another query than the page asks', () => {
    const qc = makeQueryClient()
    expect(seedBoot(qc, boot({ queue: { query: { ...query, sort: 'number' }, page: { rows: [], total: 0 } } } as unknown as Partial<Boot>))).toBe(false)
    expect(seedBoot(qc, boot({}, ['d1', 'd2']))).toBe(true) // two departments: every department's desk
    expect(seedBoot(qc, boot({}, ['d1']))).toBe(false) // one: the page asks for its department's
    expect(qc.getQueryData(sessionKeys.me)).toBeDefined()
  })

  it('on the sign-in screen seeds the state alone', () => {
    const qc = makeQueryClient()
    const b = boot({ me: undefined, reference: undefined, queue: undefined })
    expect(seedBoot(qc, b)).toBe(false)
    expect(qc.getQueryData(sessionKeys.signIn)).toBeDefined()
    expect(qc.getQueryData(sessionKeys.me)).toBeUndefined()
  })
})
