// Go marks matches in a knowledge snippet with \x02 … \x03 (domain/knowledge.Hit). Each part
// becomes a React text node, so a snippet never carries markup into the page.
const START = '\u0002'
const END = '\u0003'

export interface Part {
  text: string
  mark: boolean
}

export function parts(snippet: string): Part[] {
  const out: Part[] = []
  let mark = false
  let buf = ''
  for (const ch of snippet) {
    if (ch === START || ch === END) {
      if (buf) out.push({ text: buf, mark })
      buf = ''
      mark = ch === START
    } else {
      buf += ch
    }
  }
  if (buf) out.push({ text: buf, mark })
  return out
}

export function Snippet({ text }: { text: string }) {
  return (
    <>
      {parts(text).map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </>
  )
}
