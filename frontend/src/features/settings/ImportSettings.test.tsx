import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { ImportMapping, ImportPreview, ImportReport } from '../../api/imports'
import { ApiError } from '../../api/client'
import { ImportSettings } from './components/ImportSettings'

// Only the src/api boundary is replaced.
const choose = vi.fn<() => Promise<string>>()
const preview = vi.fn<(path: string, m: ImportMapping) => Promise<ImportPreview>>()
const run = vi.fn<(path: string, m: ImportMapping, skip: boolean) => Promise<ImportReport>>()
vi.mock('../../api/imports', () => ({
  chooseImportFile: () => choose(),
  previewImport: (path: string, m: ImportMapping) => preview(path, m),
  runImport: (path: string, m: ImportMapping, skip: boolean) => run(path, m, skip),
  emptyMapping: (kind: string) => ({ format: 'csv', kind, columns: {} }),
}))

const fields = [
  { key: 'title', label: 'Title', type: 'text', required: true },
  { key: 'state', label: 'State', type: 'enum', required: false, values: ['new', 'in_progress', 'on_hold'] },
  { key: 'description', label: 'Description', type: 'text', required: false },
]

function previewOf(m: ImportMapping): ImportPreview {
  return {
    header: ['Summary', 'Status', 'Notes'],
    rows: [['Printer jams', 'Open', 'tray 3']],
    total: 2,
    mapping: { ...m, delimiter: ',', encoding: 'utf-8', columns: Object.keys(m.columns).length ? m.columns : { Summary: 'title', Status: 'state', Notes: '' }, values: m.values ?? { state: { Open: 'new' } } },
    fields,
    values: { Status: [{ value: 'Open', count: 1, to: 'new' }, { value: 'Parked', count: 1, to: '' }] },
    dateLayouts: ['2006-01-02'],
  } as unknown as ImportPreview
}

describe('ImportSettings', () => {
  beforeEach(() => {
    for (const f of [choose, preview, run]) f.mockReset()
    choose.mockResolvedValue('/tmp/t.csv')
    preview.mockImplementation(async (_p, m) => previewOf(m))
  })

  it('previews the guessed mapping, keeps the edits when rows are refused, and shows the report', async () => {
    run.mockResolvedValue({
      kind: 'ticket', rows: 2, accepted: 1, imported: 0, refusedRows: 1, written: false,
      refused: [{ line: 3, column: 'Status', field: 'state', code: 'validation', message: '"Parked" is not a state here' }],
    } as unknown as ImportReport)
    render(<ImportSettings />)
    await userEvent.click(screen.getByTestId('import-choose'))
    const table = await screen.findByTestId('import-preview')
    expect(within(table).getByLabelText('Field for Summary')).toHaveValue('title')
    await userEvent.selectOptions(within(table).getByLabelText('Field for Notes'), 'description')
    expect(preview).toHaveBeenLastCalledWith('/tmp/t.csv', expect.objectContaining({ columns: expect.objectContaining({ Notes: 'description' }) }))
    await userEvent.selectOptions(await screen.findByLabelText('State for Parked'), 'on_hold')
    await userEvent.click(screen.getByTestId('import-run'))
    expect(await screen.findByTestId('import-imported')).toHaveTextContent('Imported nothing: 1 of 2 rows were refused.')
    expect(screen.getByTestId('import-refused-row')).toHaveTextContent('3Status"Parked" is not a state here')
    const sent = run.mock.calls[0][1]
    expect(sent.columns.Notes).toBe('description')
    expect((sent.values as Record<string, Record<string, string>>).state.Parked).toBe('on_hold')
    expect(run.mock.calls[0][2]).toBe(false)
    // The mapping is still the person's.
    expect(screen.getByLabelText('Field for Notes')).toHaveValue('description')
    expect(screen.getByLabelText('State for Parked')).toHaveValue('on_hold')
  })

  it('shows a refused file with its code message', async () => {
    preview.mockRejectedValue(new ApiError('import_header', 'import_header: line 1: the header is one column'))
    render(<ImportSettings />)
    await userEvent.click(screen.getByTestId('import-choose'))
    expect(await screen.findByTestId('import-error')).toHaveTextContent('the header is one column')
  })
})
