/**
 * charCount counts characters as Go's limits do: Unicode code points, so an emoji or an
 * accented letter is one character (String.length would count UTF-16 units).
 */
export function charCount(s: string): number {
  let n = 0
  for (const _ of s) n++
  return n
}

/** The counter beside a field shows from this share of its limit on. */
export const COUNT_FROM = 0.8

/** countText says how much of a limit a text uses, or '' while it is far from it. */
export function countText(value: string, limit: number | undefined): string {
  if (!limit) return ''
  const n = charCount(value)
  if (n < limit * COUNT_FROM) return ''
  if (n > limit) return `${n} / ${limit} characters: ${n - limit} too many`
  return `${n} / ${limit} characters`
}
