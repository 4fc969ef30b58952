// Priority from impact × urgency, the same lookup Go's ticket.Matrix does.

/** computePriority returns matrix[impact-1][urgency-1], or 0 when either is out of 1..3. */
export function computePriority(matrix: readonly (readonly number[])[] | undefined, impact: number, urgency: number): number {
  if (!matrix || !Number.isInteger(impact) || !Number.isInteger(urgency)) return 0
  if (impact < 1 || impact > 3 || urgency < 1 || urgency > 3) return 0
  const p = matrix[impact - 1]?.[urgency - 1]
  return typeof p === 'number' && p >= 1 && p <= 5 ? p : 0
}

export const LEVELS = [
  { value: 1, label: '1 – High' },
  { value: 2, label: '2 – Medium' },
  { value: 3, label: '3 – Low' },
] as const

export const PRIORITY_NAMES: Record<number, string> = {
  1: 'Critical',
  2: 'High',
  3: 'Moderate',
  4: 'Low',
  5: 'Planning',
}
