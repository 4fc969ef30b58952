import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { QueryClient, QueryClientProvider, useMutation, useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../api/client'
import type { Me, Reference } from '../../api/session'
import type { Draft } from '../../api/tickets'
import { emptyDraft, NewTicketDialog } from './components/NewTicketDialog'

// Only the src/api boundary is replaced: the form, its state and its rendering are real.
const create = vi.fn<(d: Draft) => Promise<unknown>>()
vi.mock('../../api/tickets', () => ({
  useCreateTicket: () => useMutation({ mutationFn: (d: Draft) => create(d) }),
}))
vi.mock('../../api/templates', () => ({
  useTicketTemplates: () => ({
    data: [
      {
        id: 't-printer', ownerId: 'u-admin', groupId: '', name: 'Printer jam', type: 'incident', title: 'Printer jams',
        description: 'Which printer:', category: 'Hardware', subcategory: 'Printer', service: '', impact: 2, urgency: 2,
        assignmentGroupId: 'g-desk', createdAt: 0, updatedAt: 0,
      },
    ],
  }),
}))

// Knowledge: suggestions come from a fake search over two articles.
const suggest = vi.fn<(text: string) => Promise<unknown[]>>()
const openArticle = vi.fn<(id: string) => Promise<unknown>>()
const deflected = vi.fn<(ids: string[]) => Promise<void>>()
vi.mock('../../api/knowledge', () => ({
  useSuggestions: (text: string) =>
    useQuery({ queryKey: ['suggest', text], queryFn: () => suggest(text), enabled: text.trim().length >= 3 }),
  kbApi: { open: (id: string) => openArticle(id), deflected: (ids: string[]) => deflected(ids) },
}))

const reference = {
  users: [
    { id: 'u-admin', name: 'Local Admin', email: '', role: 'admin', active: true, createdAt: 0, updatedAt: 0 },
    { id: 'u-ana', name: 'Ana Agent', email: '', role: 'agent', active: true, createdAt: 0, updatedAt: 0 },
    { id: 'u-bo', name: 'Bo Agent', email: '', role: 'agent', active: true, createdAt: 0, updatedAt: 0 },
    { id: 'u-rita', name: 'Rita Requester', email: '', role: 'requester', active: true, createdAt: 0, updatedAt: 0 },
  ],
  groups: [
    { id: 'g-net', name: 'Network', description: '', createdAt: 0, members: ['u-ana'] },
    { id: 'g-desk', name: 'Service Desk', description: '', createdAt: 0, members: ['u-bo'] },
  ],
  categories: [{ name: 'Hardware', subcategories: ['Laptop', 'Printer'] }],
  matrix: [
    [1, 2, 3],
    [2, 3, 4],
    [3, 4, 5],
  ],
  sources: ['phone', 'email', 'portal'],
  holdReasons: [],
  resolutionCodes: [],
  views: [],
  limits: { 'ticket.title': 200, 'ticket.description': 100000 },
} as unknown as Reference

const me = {
  user: reference.users[0],
  groups: [],
  profilePath: '',
  deviceId: '',
  demoOffered: true,
  testHooks: false,
} as unknown as Me

function renderForm(props: Partial<Parameters<typeof NewTicketDialog>[0]> = {}) {
  const qc = new QueryClient({ defaultOptions: { mutations: { retry: false } } })
  const wrap = ({ children }: { children: ReactNode }) => <QueryClientProvider client={qc}>{children}</QueryClientProvider>
  const onCreated = vi.fn()
  render(<NewTicketDialog reference={reference} me={me} onCreated={onCreated} onClose={vi.fn()} {...props} />, { wrapper: wrap })
  return { onCreated }
}

beforeEach(() => {
  create.mockReset()
  suggest.mockReset()
  suggest.mockResolvedValue([])
  openArticle.mockReset()
  deflected.mockReset()
  deflected.mockResolvedValue()
})

describe('NewTicketDialog', () => {
  it('computes the priority live from impact × urgency', async () => {
    const user = userEvent.setup()
    renderForm()
    const chip = () => within(screen.getByRole('dialog')).getByTestId('priority-chip').textContent
    expect(chip()).toBe('P5')
    await user.selectOptions(screen.getByLabelText('Impact'), '1')
    expect(chip()).toBe('P3')
    await user.selectOptions(screen.getByLabelText('Urgency'), '1')
    expect(chip()).toBe('P1')
    await user.selectOptions(screen.getByLabelText('Impact'), '3')
    await user.selectOptions(screen.getByLabelText('Urgency'), '2')
    expect(chip()).toBe('P4')
  })

  it('keeps every field and shows Go’s messages next to the inputs', async () => {
    const user = userEvent.setup()
    create.mockRejectedValue(
      new ApiError('validation', 'invalid input: priorityReason: overriding needs a reason; title: a title is required', {
        title: 'a title is required',
        priorityReason: 'overriding the computed priority P3 needs a reason',
      }),
    )
    const { onCreated } = renderForm()
    await user.type(screen.getByLabelText('Description'), 'Fan makes a grinding noise')
    await user.selectOptions(screen.getByLabelText('Category'), 'Hardware')
    await user.selectOptions(screen.getByLabelText('Subcategory'), 'Laptop')
    await user.selectOptions(screen.getByLabelText('Impact'), '2')
    await user.selectOptions(screen.getByLabelText('Urgency'), '2')
    await user.click(screen.getByTestId('nt-override'))
    await user.selectOptions(screen.getByLabelText('Priority'), '1')
    await user.type(screen.getByLabelText('Tags'), 'noise, laptop')
    await user.click(screen.getByTestId('nt-submit'))

    expect(await screen.findByTestId('error-banner')).toHaveTextContent('invalid input')
    const title = screen.getByLabelText('Title')
    expect(title).toHaveAttribute('aria-invalid', 'true')
    expect(title).toHaveAccessibleDescription('a title is required')
    expect(screen.getByLabelText('Reason for the override')).toHaveAccessibleDescription(
      'overriding the computed priority P3 needs a reason',
    )
    // Nothing typed is lost.
    expect(screen.getByLabelText('Description')).toHaveValue('Fan makes a grinding noise')
    expect(screen.getByLabelText('Category')).toHaveValue('Hardware')
    expect(screen.getByLabelText('Subcategory')).toHaveValue('Laptop')
    expect(screen.getByLabelText('Impact')).toHaveValue('2')
    expect(screen.getByLabelText('Priority')).toHaveValue('1')
    expect(screen.getByLabelText('Tags')).toHaveValue('noise, laptop')
    expect(onCreated).not.toHaveBeenCalled()

    // Fixing the fields and sending again goes through with everything.
    create.mockResolvedValue({ id: 't1', number: 'INC0001002' })
    await user.type(title, 'Laptop fan noise')
    await user.type(screen.getByLabelText('Reason for the override'), 'VIP device')
    await user.click(screen.getByTestId('nt-submit'))
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith({ id: 't1', number: 'INC0001002' }))
    expect(create).toHaveBeenLastCalledWith(
      expect.objectContaining({
        title: 'Laptop fan noise',
        description: 'Fan makes a grinding noise',
        impact: 2,
        urgency: 2,
        priority: 1,
        priorityReason: 'VIP device',
        tags: ['noise', 'laptop'],
        category: 'Hardware',
        subcategory: 'Laptop',
      }),
    )
  })

  it('offers only the chosen group’s members as assignees', async () => {
    const user = userEvent.setup()
    renderForm()
    const assignee = screen.getByLabelText('Assignee')
    expect(within(assignee).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Unassigned',
      'Local Admin',
      'Ana Agent',
      'Bo Agent',
    ])
    await user.selectOptions(screen.getByLabelText('Assignment group'), 'g-net')
    expect(within(assignee).getAllByRole('option').map((o) => o.textContent)).toEqual(['Unassigned', 'Ana Agent'])
  })

  it('keeps a title past its limit whole, counts it, and shows Go’s refusal beside it', async () => {
    const user = userEvent.setup()
    const long = 'x'.repeat(10_000)
    const msg = 'a title has at most 200 characters; this one has 10000'
    create.mockRejectedValue(new ApiError('validation', `invalid input: title: ${msg}`, { title: msg }))
    const { onCreated } = renderForm()
    const title = screen.getByLabelText('Title')
    await user.click(title)
    await user.paste(long)
    expect((title as HTMLInputElement).value.length).toBe(long.length)
    expect(screen.getByTestId('char-count')).toHaveTextContent('10000 / 200 characters: 9800 too many')
    await user.click(screen.getByTestId('nt-submit'))
    expect(await screen.findByText(msg)).toBeInTheDocument()
    expect(title).toHaveAccessibleDescription(msg)
    expect((title as HTMLInputElement).value.length).toBe(long.length)
    // Go got the whole title, not a cut one.
    expect(create.mock.calls.map((c) => c[0].title.length)).toEqual([long.length])

    // Shortened, it goes through.
    create.mockResolvedValue({ id: 't2', number: 'INC0001003' })
    await user.clear(title)
    await user.type(title, 'Printer jams')
    expect(screen.queryByTestId('char-count')).toBeNull()
    await user.click(screen.getByTestId('nt-submit'))
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith({ id: 't2', number: 'INC0001003' }))
  }, 60_000) // a ceiling for a loaded machine, not a speed claim

  it('starts from a kept draft', () => {
    renderForm({ initialDraft: { ...emptyDraft('request'), title: 'Half-typed' } })
    expect(screen.getByLabelText('Title')).toHaveValue('Half-typed')
    expect(screen.getByTestId('nt-type-request')).toBeChecked()
  })

  it('fills the form from a ticket template, and asks before replacing what was typed', async () => {
    const user = userEvent.setup()
    renderForm()
    await user.type(screen.getByTestId('nt-title'), 'My own words')
    await user.selectOptions(screen.getByTestId('nt-template'), 't-printer')
    expect(screen.getByTestId('nt-template-ask').textContent).toMatch(/replace what you set in Title/)
    expect(screen.getByTestId<HTMLInputElement>('nt-title').value).toBe('My own words')
    await user.click(screen.getByTestId('nt-template-keep'))
    expect(screen.getByTestId<HTMLInputElement>('nt-title').value).toBe('My own words')
    expect(screen.getByTestId<HTMLTextAreaElement>('nt-description').value).toBe('Which printer:')
    expect(screen.getByTestId<HTMLSelectElement>('nt-group').value).toBe('g-desk')
    expect(screen.getByTestId<HTMLSelectElement>('nt-subcategory').value).toBe('Printer')
    await user.selectOptions(screen.getByTestId('nt-template'), 't-printer')
    await user.click(screen.getByTestId('nt-template-replace'))
    expect(screen.getByTestId<HTMLInputElement>('nt-title').value).toBe('Printer jams')
    // Still editable.
    await user.type(screen.getByTestId('nt-title'), ' again')
    expect(screen.getByTestId<HTMLInputElement>('nt-title').value).toBe('Printer jams again')
  })

  it('suggests articles while the person types; reading one and giving up is a deflection', async () => {
    const user = userEvent.setup()
    suggest.mockImplementation(async (text) =>
      /vpn/i.test(text) ? [{ id: 'a1', number: 'KB0001001', title: 'Reset the VPN', snippet: 'Open the \u0002VPN\u0003 client' }] : [],
    )
    openArticle.mockResolvedValue({ article: { id: 'a1', title: 'Reset the VPN' }, bodyHtml: '<p>Open the client.</p>' })
    const onClose = vi.fn()
    renderForm({ onClose })
    await user.type(screen.getByLabelText('Title'), 'My VPN drops')
    const item = await screen.findByTestId('nt-suggestion')
    // The snippet's marks never reach the page as markup.
    expect(item).toHaveTextContent('Reset the VPNOpen the VPN client')
    await user.click(item)
    expect(await screen.findByTestId('nt-article-body')).toHaveTextContent('Open the client.')
    await user.click(screen.getByTestId('nt-cancel'))
    expect(deflected).toHaveBeenCalledWith(['a1'])
    expect(onClose).toHaveBeenCalled()
  })

  it('closing without reading an article is no deflection', async () => {
    const user = userEvent.setup()
    const onClose = vi.fn()
    renderForm({ onClose })
    await user.type(screen.getByLabelText('Title'), 'Printer')
    await user.click(screen.getByTestId('nt-cancel'))
    expect(deflected).not.toHaveBeenCalled()
    expect(onClose).toHaveBeenCalled()
  })
})
