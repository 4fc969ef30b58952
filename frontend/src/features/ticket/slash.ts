// The `/` that opens the canned-reply picker in the comment box, and where a reply goes.

/** The longest filter typed after `/` before the text is taken for ordinary writing. */
const MAX_QUERY = 60

/**
 * slashQuery finds the `/filter` the caret ends, if any: a slash at the start of the text or
 * after whitespace (so "and/or" or a path never opens the picker), then no newline.
 */
export function slashQuery(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret)
  const i = before.lastIndexOf('/')
  if (i < 0 || (i > 0 && !/\s/.test(before[i - 1]))) return null
  const query = before.slice(i + 1)
  if (query.includes('\n') || query.length > MAX_QUERY) return null
  return { start: i, query }
}

/** filterByName keeps the items whose name holds the filter (any case), those it starts first. */
export function filterByName<T extends { name: string }>(items: readonly T[], query: string): T[] {
  const q = query.trim().toLowerCase()
  if (!q) return [...items]
  const hits = items.filter((t) => t.name.toLowerCase().includes(q))
  return [...hits.filter((t) => t.name.toLowerCase().startsWith(q)), ...hits.filter((t) => !t.name.toLowerCase().startsWith(q))]
}

/** splice replaces text[start:end] with insert and says where the caret goes after it. */
export function splice(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  return { text: text.slice(0, start) + insert + text.slice(end), caret: start + insert.length }
}
