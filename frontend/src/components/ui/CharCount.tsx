import { countText } from '../../lib/limits'

/** CharCount shows how much of its limit a text uses once it nears it; Go still decides. */
export function CharCount({ value, limit }: { value: string; limit?: number }) {
  const text = countText(value, limit)
  if (!text) return null
  const over = text.includes('too many')
  return (
    <div className={`char-count${over ? ' over' : ''}`} data-testid="char-count" aria-live="polite">
      {text}
    </div>
  )
}
