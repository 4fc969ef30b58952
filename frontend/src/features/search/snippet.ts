// Go marks search highlights with \x02 … \x03 (see domain/ticket.Hit). We split on them and
// render each part as a React text node, so a snippet can never carry markup into the page.

export interface SnippetPart {
  text: string
  mark: boolean
}

const START = '\u0002'
const END = '\u0003'

export function parseSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = []
  let mark = false
  let buf = ''
  const flush = () => {
    if (buf) parts.push({ text: buf, mark })
    buf = ''
  }
  for (const ch of snippet) {
    if (ch === START) {
      flush()
      mark = true
    } else if (ch === END) {
      flush()
      mark = false
    } else {
      buf += ch
    }
  }
  flush()
  return parts
}
