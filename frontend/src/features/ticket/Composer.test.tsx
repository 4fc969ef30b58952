import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { describe, expect, it, vi } from 'vitest'
import { ticketKeys, type Detail } from '../../api/tickets'
import { Composer } from './components/Composer'

// Only the src/api boundary is replaced: the entry's send and the draft's saves.
const sends: { body: string; done: (d: Detail) => void }[] = []
const saved: string[] = []
vi.mock('../../api/tickets', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../api/tickets')>()),
  addComment: (_id: string, _kind: string, body: string) => new Promise<Detail>((done) => sends.push({ body, done })),
  saveDraft: (_id: string, _kind: string, body: string) => {
    saved.push(body)
    return Promise.resolve()
  },
}))

describe('Composer', () => {
  it('keeps what is typed while an entry is on its way, and saves it as the next draft', async () => {
    const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
    qc.setQueryData(ticketKeys.drafts('t1'), {})
    render(
      <QueryClientProvider client={qc}>
        <Composer ticketId="t1" disabled={false} internal />
      </QueryClientProvider>,
    )
    const box = screen.getByTestId('composer-body') as HTMLTextAreaElement
    fireEvent.change(box, { target: { value: 'Follow-up 1' } })
    fireEvent.click(screen.getByTestId('composer-submit'))
    await waitFor(() => expect(sends).toHaveLength(1))
    expect(sends[0].body).toBe('Follow-up 1')
    // Go has announced the entry; the person starts the next one before the answer comes.
    fireEvent.change(box, { target: { value: 'Follow-up 2' } })
    await act(async () => sends[0].done({} as Detail))
    await waitFor(() => expect(saved.at(-1)).toBe('Follow-up 2'))
    expect(box.value).toBe('Follow-up 2')

    // Sent with nothing typed since, the composer is emptied.
    fireEvent.click(screen.getByTestId('composer-submit'))
    await waitFor(() => expect(sends).toHaveLength(2))
    await act(async () => sends[1].done({} as Detail))
    await waitFor(() => expect(box.value).toBe(''))
  })
})
