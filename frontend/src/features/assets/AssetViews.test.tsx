import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query'
import type { ReactNode } from 'react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AssetQuery } from '../../api/assets'
import { ApiError } from '../../api/client'
import type { AssetView, AssetViewSpec } from '../../api/views'
import { AssetViews } from './components/AssetViews'

// Only the src/api boundary is replaced: the component, its dialogs and its state are real.
const list = vi.fn<() => Promise<AssetView[]>>()
const create = vi.fn<(s: AssetViewSpec) => Promise<AssetView>>()
const update = vi.fn<(id: string, s: AssetViewSpec) => Promise<AssetView>>()
const rename = vi.fn<(id: string, name: string) => Promise<AssetView>>()
const remove = vi.fn<(id: string) => Promise<void>>()
const reorder = vi.fn<(ids: string[]) => Promise<void>>()
vi.mock('../../api/views', async (importActual) => {
  const actual = await importActual<typeof import('../../api/views')>()
  return {
    ...actual,
    useAssetViews: () => useQuery({ queryKey: actual.viewKeys.assets, queryFn: () => list() }),
    createAssetView: (s: AssetViewSpec) => create(s),
    updateAssetView: (id: string, s: AssetViewSpec) => update(id, s),
    renameAssetView: (id: string, name: string) => rename(id, name),
    deleteView: (id: string) => remove(id),
    reorderViews: (ids: string[]) => reorder(ids),
  }
})

const laptops: AssetQuery = { text: '', class: 'hardware', type: 'laptop', status: 'in_use', ownerId: '', sort: 'name', desc: true, offset: 0, limit: 0 }
const servers: AssetQuery = { ...laptops, type: 'server', status: '' }
const cols = ['tag', 'name', 'status']
const saved: AssetView[] = [
  { id: 'v1', ownerId: 'u1', name: 'Laptops in use', position: 0, query: laptops, columns: cols },
  { id: 'v2', ownerId: 'u1', name: 'Servers', position: 1, query: servers, columns: cols },
]

function wrap(ui: ReactNode) {
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  return render(<QueryClientProvider client={qc}>{ui}</QueryClientProvider>)
}

describe('AssetViews', () => {
  beforeEach(() => {
    for (const f of [list, create, update, rename, remove, reorder]) f.mockReset()
    list.mockResolvedValue(saved)
  })

  it('lists the saved views to reopen', async () => {
    const onOpen = vi.fn()
    wrap(<AssetViews query={laptops} columns={cols} current={null} modified={false} onOpen={onOpen} />)
    const nav = await screen.findByRole('navigation', { name: 'Saved asset views' })
    await userEvent.click(within(nav).getByRole('button', { name: 'Servers' }))
    expect(onOpen).toHaveBeenCalledWith(saved[1])
  })

  it('saves the list on screen; a refusal shows beside the name and keeps what was typed', async () => {
    const onOpen = vi.fn()
    wrap(<AssetViews query={laptops} columns={cols} current={null} modified={false} onOpen={onOpen} />)
    await userEvent.click(screen.getByRole('button', { name: 'Save view' }))
    // The dialogs load when the first one opens (components/ui/LazyDialog.tsx).
    const name = await screen.findByTestId('asset-view-name')
    const long = 'x'.repeat(61)
    await userEvent.type(name, long)
    create.mockRejectedValueOnce(
      new ApiError('validation', 'invalid input', { name: "a view's name has at most 60 characters; this one has 61" }),
    )
    await userEvent.click(screen.getByTestId('asset-view-submit'))
    expect(await screen.findByRole('alert')).toHaveTextContent('at most 60 characters')
    expect(screen.getByTestId('asset-view-name')).toHaveValue(long)
    expect(create).toHaveBeenLastCalledWith({ name: long, query: laptops, columns: cols })
    expect(onOpen).not.toHaveBeenCalled()

    // An unknown filter is refused with Go's word for it, the dialog still open.
    create.mockRejectedValueOnce(
      new ApiError('validation', 'invalid input: status: unknown asset status "lost"', { status: 'unknown asset status "lost"' }),
    )
    await userEvent.clear(name)
    await userEvent.type(name, 'Laptops')
    await userEvent.click(screen.getByTestId('asset-view-submit'))
    expect(await screen.findByRole('alert')).toHaveTextContent('unknown asset status "lost"')
    expect(screen.getByTestId('asset-view-name')).toHaveValue('Laptops')

    const made: AssetView = { id: 'v3', ownerId: 'u1', name: 'Laptops', position: 2, query: laptops, columns: cols }
    create.mockResolvedValueOnce(made)
    await userEvent.click(screen.getByTestId('asset-view-submit'))
    expect(await screen.findByRole('navigation', { name: 'Saved asset views' })).toBeInTheDocument()
    expect(onOpen).toHaveBeenCalledWith(made)
    expect(screen.queryByTestId('asset-view-dialog')).not.toBeInTheDocument()
  })

  it('saves changes to, renames, moves and deletes the view on screen', async () => {
    const onOpen = vi.fn()
    const narrower = { ...laptops, text: 'rack' }
    wrap(<AssetViews query={narrower} columns={cols} current={saved[0]} modified={true} onOpen={onOpen} />)
    await screen.findByRole('navigation', { name: 'Saved asset views' })
    expect(screen.getByTestId('asset-view-modified')).toBeInTheDocument()

    update.mockResolvedValueOnce({ ...saved[0], query: narrower })
    await userEvent.click(screen.getByRole('button', { name: 'Save changes' }))
    expect(update).toHaveBeenCalledWith('v1', { name: 'Laptops in use', query: narrower, columns: cols })

    await userEvent.click(screen.getByTestId('asset-view-menu'))
    await userEvent.click(screen.getByRole('menuitem', { name: 'Rename…' }))
    expect(await screen.findByTestId('asset-view-name')).toHaveValue('Laptops in use')
    rename.mockRejectedValueOnce(new ApiError('validation', 'invalid input', { name: 'a view needs a name' }))
    await userEvent.clear(screen.getByTestId('asset-view-name'))
    await userEvent.click(screen.getByTestId('asset-view-submit'))
    expect(await screen.findByRole('alert')).toHaveTextContent('a view needs a name')
    rename.mockResolvedValueOnce({ ...saved[0], name: 'Laptops' })
    await userEvent.type(screen.getByTestId('asset-view-name'), 'Laptops')
    await userEvent.click(screen.getByTestId('asset-view-submit'))
    expect(rename).toHaveBeenLastCalledWith('v1', 'Laptops')

    reorder.mockResolvedValueOnce()
    await userEvent.click(screen.getByTestId('asset-view-menu'))
    expect(screen.getByRole('menuitem', { name: 'Move left' })).toBeDisabled()
    await userEvent.click(screen.getByRole('menuitem', { name: 'Move right' }))
    expect(reorder).toHaveBeenCalledWith(['v2', 'v1'])

    remove.mockResolvedValueOnce()
    await userEvent.click(screen.getByTestId('asset-view-menu'))
    await userEvent.click(screen.getByRole('menuitem', { name: 'Delete…' }))
    await userEvent.click(await screen.findByTestId('asset-view-delete-confirm'))
    expect(remove).toHaveBeenCalledWith('v1')
    expect(onOpen).toHaveBeenLastCalledWith(null)
  })
})
