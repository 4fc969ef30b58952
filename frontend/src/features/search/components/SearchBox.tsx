import { useEffect, useId, useState, type RefObject } from 'react'
import { useSearch, type Hit } from '../../../api/tickets'
import { PriorityChip, StateChip } from '../../../components/ui/Chip'
import { Snippet } from './Snippet'

interface Props {
  inputRef: RefObject<HTMLInputElement | null>
  onOpen: (id: string) => void
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value)
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms)
    return () => clearTimeout(h)
  }, [value, ms])
  return v
}

/** SearchBox searches every ticket's number, title, description and comments as you type. */
export function SearchBox({ inputRef, onOpen }: Props) {
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const query = useDebounced(text, 120)
  const q = useSearch(query)
  const hits: Hit[] = q.data ?? []
  const listId = useId()
  const show = open && text.trim().length > 0

  const choose = (h: Hit | undefined) => {
    if (!h) return
    onOpen(h.id)
    setOpen(false)
    inputRef.current?.blur()
  }

  return (
    <div className="search" role="search">
      <input
        ref={inputRef}
        type="search"
        className="search-input"
        placeholder="Search tickets   /"
        aria-label="Search tickets"
        role="combobox"
        aria-expanded={show}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={show && hits[active] ? `${listId}-${active}` : undefined}
        value={text}
        onChange={(e) => {
          setText(e.target.value)
          setActive(0)
          setOpen(true)
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setActive((a) => Math.min(hits.length - 1, a + 1))
          } else if (e.key === 'ArrowUp') {
            e.preventDefault()
            setActive((a) => Math.max(0, a - 1))
          } else if (e.key === 'Enter') {
            e.preventDefault()
            choose(hits[active])
          } else if (e.key === 'Escape') {
            setText('')
            setOpen(false)
            e.currentTarget.blur()
          }
        }}
        data-testid="search-input"
      />
      {show && (
        <ul className="search-results" id={listId} role="listbox" aria-label="Search results" data-testid="search-results">
          {q.error && <li className="search-empty">{q.error.message}</li>}
          {!q.error && hits.length === 0 && <li className="search-empty">{q.isFetching ? 'Searching…' : 'No matches'}</li>}
          {hits.map((h, i) => (
            <li
              key={h.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'hit active' : 'hit'}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(h)}
              onMouseEnter={() => setActive(i)}
              data-testid="search-result"
              data-number={h.number}
            >
              <div className="hit-head">
                <span className="mono">{h.number}</span>
                <PriorityChip priority={h.priority} />
                <StateChip state={h.state} />
                <span className="hit-title">{h.title}</span>
              </div>
              <div className="hit-snippet">
                <Snippet text={h.snippet} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
