import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { createRef } from 'react'
import { describe, expect, it, vi } from 'vitest'
import type { Hit } from '../../api/tickets'
import { SearchBox } from './components/SearchBox'

// Only the src/api boundary is replaced: the box, its keys and its list are real.
const hits: Hit[] = [
  { id: 't-1', number: 'INC0001190', title: 'Monitor flickers', state: 'new', priority: 3, snippet: '', rank: 0 },
  { id: 't-2', number: 'REQ0001190', title: 'New monitor', state: 'new', priority: 4, snippet: '', rank: 0 },
]
vi.mock('../../api/tickets', () => ({
  useSearch: (q: string) => ({ data: q ? hits : [], error: null, isFetching: false }),
}))

function setup() {
  const onOpen = vi.fn<(id: string) => void>()
  const onSearchAll = vi.fn<(text: string) => void>()
  render(<SearchBox inputRef={createRef<HTMLInputElement>()} onOpen={onOpen} onSearchAll={onSearchAll} />)
  return { onOpen, onSearchAll, input: screen.getByTestId('search-input') }
}

describe('SearchBox', () => {
  it('Enter shows every result as a queue', async () => {
    const { onOpen, onSearchAll, input } = setup()
    await userEvent.type(input, ' 1190 state:open {Enter}')
    expect(onSearchAll).toHaveBeenCalledWith('1190 state:open')
    expect(onOpen).not.toHaveBeenCalled()
  })

  it('Enter opens the suggestion the arrows chose', async () => {
    const { onOpen, onSearchAll, input } = setup()
    await userEvent.type(input, '1190')
    await screen.findAllByTestId('search-result')
    await userEvent.keyboard('{ArrowDown}{ArrowDown}{Enter}')
    expect(onOpen).toHaveBeenCalledWith('t-2')
    expect(onSearchAll).not.toHaveBeenCalled()
  })

  it('the arrows can go back to no suggestion', async () => {
    const { onOpen, onSearchAll, input } = setup()
    await userEvent.type(input, 'monitor')
    await screen.findAllByTestId('search-result')
    await userEvent.keyboard('{ArrowDown}{ArrowUp}{Enter}')
    expect(onSearchAll).toHaveBeenCalledWith('monitor')
    expect(onOpen).not.toHaveBeenCalled()
  })

  it('the last line of the list shows every result', async () => {
    const { onSearchAll, input } = setup()
    await userEvent.type(input, 'monitor')
    await userEvent.click(await screen.findByTestId('search-all'))
    expect(onSearchAll).toHaveBeenCalledWith('monitor')
  })
})
