// @name completion in the composer. The rules of what a mention is live in Go
// (domain/notify/mention.go); this only finds the partial handle being typed and puts the
// chosen person's handle (their login, or email when logins clash) in its place.

const handleChar = /[\p{L}\p{N}._+-]/u

/** mentionAt finds the "@partial" the caret is at the end of, or null. */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  let i = caret
  while (i > 0 && handleChar.test(text[i - 1])) i--
  if (i === 0 || text[i - 1] !== '@') return null
  const at = i - 1
  if (at > 0 && (handleChar.test(text[at - 1]) || text[at - 1] === '@' || text[at - 1] === '`')) return null
  return { start: at, query: text.slice(i, caret).toLowerCase() }
}

export interface Candidate {
  id: string
  name: string
  handle: string
}

/** matchCandidates lists who a partial names: by handle or any word of the name, at most max. */
export function matchCandidates<T extends Candidate>(list: T[], query: string, max = 6): T[] {
  const q = query.toLowerCase()
  const starts = (p: T) => p.handle.startsWith(q) || p.name.toLowerCase().split(/\s+/).some((w) => w.startsWith(q))
  return list.filter(starts).slice(0, max)
}

/** insertMention replaces "@partial" (start..caret) with "@handle " and says where the caret goes. */
export function insertMention(text: string, start: number, caret: number, handle: string): { text: string; caret: number } {
  const ins = `@${handle} `
  return { text: text.slice(0, start) + ins + text.slice(caret).replace(/^ /, ''), caret: start + ins.length }
}
