import { parseSnippet } from '../snippet'

/** Snippet shows a search snippet with its highlights; every part is a text node. */
export function Snippet({ text }: { text: string }) {
  return (
    <span className="snippet">
      {parseSnippet(text).map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </span>
  )
}
