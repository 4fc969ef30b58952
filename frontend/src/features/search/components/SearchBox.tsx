import { useEffect, useId, useState, type RefObject } from 'react'
import { useSearch, type Hit } from '../../../api/tickets'
import { PriorityChip, StateChip } from '../../../components/ui/Chip'
import { Snippet } from './Snippet'

interface Props {
  inputRef: RefObject<HTMLInputElement | null>
  onOpen: (id: string) => void
  /** Shows every result as a queue, pageable and sortable like any view. */
  onSearchAll: (text: string) => void
}

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value)
  useEffect(() => {
    const h = setTimeout(() => setV(value), ms)
    return () => clearTimeout(h)
  }, [value, ms])
  return v
}

/**
 * SearchBox suggests tickets as you type (number, text, people, category; field:value
 * filters). Enter shows every result as a queue, unless the arrows chose a suggestion.
 */
export function SearchBox({ inputRef, onOpen, onSearchAll }: Props) {
  const [text, setText] = useState('')
  const [open, setOpen] = useState(false)
  /** The suggestion the arrows are on; -1 while none is. */
  const [active, setActive] = useState(-1)
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
  const searchAll = () => {
    if (!text.trim()) return
    onSearchAll(text.trim())
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
          setActive(-1)
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
            setActive((a) => Math.max(-1, a - 1))
          } else if (e.key === 'Enter') {
            e.preventDefault()
            if (active >= 0 && hits[active]) choose(hits[active])
            else searchAll()
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
          <li
            role="option"
            aria-selected={false}
            className="hit hit-all"
            onMouseDown={(e) => e.preventDefault()}
            onClick={searchAll}
            data-testid="search-all"
          >
            All results for “{text.trim()}” <kbd>Enter</kbd>
          </li>
        </ul>
      )}
    </div>
  )
}
