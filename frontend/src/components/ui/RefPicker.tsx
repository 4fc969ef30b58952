import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'

/** RefOption is a record a picker offers: its id and what it reads as. */
export interface RefOption {
  id: string
  label: string
}

interface Props {
  /** The accessible name of the search box ("Configuration item"). */
  label: string
  /** The picked record's id ('' for none) and what it reads as. */
  value: string
  valueLabel: string
  /** The records matching typed text (Go searches; the picker shows the first few). */
  search: (text: string) => Promise<RefOption[]>
  onPick: (id: string, label: string) => void
  disabled?: boolean
  testId: string
  placeholder?: string
  /** Set by Field: the search box's id and its error state. */
  id?: string
  'aria-invalid'?: boolean
  'aria-describedby'?: string
}

/**
 * RefPicker picks one record by searching for it: the box shows the picked record; typing
 * lists the records that match, to choose with the mouse or the arrow keys and Enter;
 * Escape leaves the pick as it was, and the clear button unlinks it.
 */
export function RefPicker({ label, value, valueLabel, search, onPick, disabled, testId, placeholder, ...field }: Props) {
  const [text, setText] = useState<string | null>(null) // null: not searching, the box shows the pick
  const [options, setOptions] = useState<RefOption[]>([])
  const [active, setActive] = useState(0)
  const listId = useId()
  const searchRef = useRef(search)
  searchRef.current = search

  useEffect(() => {
    if (text === null) return
    let live = true
    searchRef.current(text).then(
      (found) => {
        if (live) {
          setOptions(found)
          setActive(0)
        }
      },
      () => live && setOptions([]),
    )
    return () => {
      live = false
    }
  }, [text])

  const pick = (o: RefOption | null) => {
    setText(null)
    setOptions([])
    if (o) onPick(o.id, o.label)
  }
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      setActive((a) => Math.min(a + 1, options.length - 1))
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      setActive((a) => Math.max(a - 1, 0))
    } else if (e.key === 'Enter' && text !== null) {
      e.preventDefault()
      pick(options[active] ?? null)
    } else if (e.key === 'Escape' && text !== null) {
      e.stopPropagation()
      pick(null)
    }
  }
  const open = text !== null && options.length > 0
  return (
    <span className="ref-picker" data-testid={testId}>
      <input
        {...field}
        role="combobox"
        aria-label={label}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        value={text ?? (valueLabel || (value ? 'a record this desk does not hold' : ''))}
        placeholder={placeholder ?? 'Search…'}
        disabled={disabled}
        onFocus={() => setText((t) => t ?? '')}
        onChange={(e) => setText(e.target.value)}
        onBlur={() => setTimeout(() => pick(null), 150)}
        onKeyDown={onKey}
        data-testid={`${testId}-search`}
      />
      {value && !disabled && (
        <button type="button" className="btn btn-small btn-ghost" aria-label={`Clear ${label}`} onClick={() => onPick('', '')} data-testid={`${testId}-clear`}>
          ×
        </button>
      )}
      {open && (
        <ul id={listId} role="listbox" className="ref-picker-list" aria-label={label}>
          {options.map((o, i) => (
            <li
              key={o.id}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              onMouseDown={(e) => {
                e.preventDefault() // keep the focus: the pick happens before the blur
                pick(o)
              }}
              data-testid={`${testId}-option`}
            >
              {o.label}
            </li>
          ))}
        </ul>
      )}
    </span>
  )
}

/** searchList is a picker's search over a list held in the page (the services). */
export function searchList(items: RefOption[], limit = 20): (text: string) => Promise<RefOption[]> {
  return (text) => {
    const t = text.trim().toLowerCase()
    return Promise.resolve(items.filter((o) => o.label.toLowerCase().includes(t)).slice(0, limit))
  }
}
