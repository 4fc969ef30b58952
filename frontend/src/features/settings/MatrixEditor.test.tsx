import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { computePriority } from '../../lib/priority'
import { DEFAULT_MATRIX, MatrixEditor, sameMatrix, setCell, type Matrix } from './components/MatrixEditor'

function Harness({ onChange, disabled }: { onChange?: (m: Matrix) => void; disabled?: boolean }) {
  const [m, setM] = useState<Matrix>(DEFAULT_MATRIX)
  return (
    <MatrixEditor
      value={m}
      disabled={disabled}
      onChange={(next) => {
        setM(next)
        onChange?.(next)
      }}
    />
  )
}

describe('setCell', () => {
  it('changes one cell and leaves the input alone', () => {
    const next = setCell(DEFAULT_MATRIX, 3, 3, 4)
    expect(next).toEqual([
      [1, 2, 3],
      [2, 3, 4],
      [3, 4, 4],
    ])
    expect(DEFAULT_MATRIX[2][2]).toBe(5)
    expect(sameMatrix(next, DEFAULT_MATRIX)).toBe(false)
    expect(sameMatrix(setCell(next, 3, 3, 5), DEFAULT_MATRIX)).toBe(true)
  })

  it('is read the way the new-ticket form reads it: row = impact, column = urgency', () => {
    const next = setCell(DEFAULT_MATRIX, 1, 3, 5)
    expect(computePriority(next, 1, 3)).toBe(5)
    expect(computePriority(next, 3, 1)).toBe(3)
  })
})

describe('MatrixEditor', () => {
  it('shows every cell and reports an edit of one as a whole new matrix', async () => {
    const onChange = vi.fn()
    render(<Harness onChange={onChange} />)
    const cells = screen.getAllByRole('combobox')
    expect(cells).toHaveLength(9)
    expect(screen.getByLabelText('Priority for impact 2, urgency 3')).toHaveValue('4')

    await userEvent.selectOptions(screen.getByLabelText('Priority for impact 2, urgency 3'), '5')
    expect(onChange).toHaveBeenLastCalledWith([
      [1, 2, 3],
      [2, 3, 5],
      [3, 4, 5],
    ])
    // The cell takes the colour of its priority.
    expect(screen.getByLabelText('Priority for impact 2, urgency 3')).toHaveClass('chip-p5')
  })

  it('is read-only when disabled', () => {
    render(<Harness disabled />)
    for (const c of screen.getAllByRole('combobox')) expect(c).toBeDisabled()
  })

  it('shows Go’s message for the matrix', () => {
    render(<MatrixEditor value={DEFAULT_MATRIX} onChange={() => {}} error="every cell must be a priority from 1 to 5" />)
    expect(screen.getByRole('alert')).toHaveTextContent('every cell must be a priority from 1 to 5')
    expect(screen.getByLabelText('Priority for impact 1, urgency 1')).toHaveAttribute('aria-invalid', 'true')
  })
})
