import { LEVELS } from '../../../lib/priority'

export type Matrix = number[][]

/** The ServiceNow default: impact × urgency → P1…P5. */
export const DEFAULT_MATRIX: Matrix = [
  [1, 2, 3],
  [2, 3, 4],
  [3, 4, 5],
]

/** setCell returns a copy of m with one cell changed (the matrix is never edited in place). */
export function setCell(m: Matrix, impact: number, urgency: number, priority: number): Matrix {
  return m.map((row, i) => row.map((p, u) => (i === impact - 1 && u === urgency - 1 ? priority : p)))
}

export function sameMatrix(a: Matrix, b: Matrix): boolean {
  return a.length === b.length && a.every((row, i) => row.length === b[i].length && row.every((p, u) => p === b[i][u]))
}

interface Props {
  value: Matrix
  onChange: (m: Matrix) => void
  disabled?: boolean
  error?: string
}

/** MatrixEditor edits the 3×3 priority matrix: rows are impact, columns urgency. */
export function MatrixEditor({ value, onChange, disabled, error }: Props) {
  return (
    <div className="matrix-editor" data-testid="matrix-editor">
      <table className="matrix" aria-label="Priority by impact and urgency">
        <thead>
          <tr>
            <th scope="col" className="matrix-corner">
              Impact ↓ / Urgency →
            </th>
            {LEVELS.map((u) => (
              <th key={u.value} scope="col">
                {u.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {LEVELS.map((imp) => (
            <tr key={imp.value}>
              <th scope="row">{imp.label}</th>
              {LEVELS.map((urg) => {
                const p = value[imp.value - 1]?.[urg.value - 1] ?? 0
                return (
                  <td key={urg.value}>
                    <select
                      className={`matrix-cell chip-p${p}`}
                      aria-label={`Priority for impact ${imp.value}, urgency ${urg.value}`}
                      value={p}
                      disabled={disabled}
                      aria-invalid={error ? true : undefined}
                      onChange={(e) => onChange(setCell(value, imp.value, urg.value, Number(e.target.value)))}
                      data-testid={`matrix-cell-${imp.value}-${urg.value}`}
                    >
                      {[1, 2, 3, 4, 5].map((n) => (
                        <option key={n} value={n}>
                          P{n}
                        </option>
                      ))}
                    </select>
                  </td>
                )
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {error && (
        <div className="field-error" role="alert">
          {error}
        </div>
      )}
    </div>
  )
}
