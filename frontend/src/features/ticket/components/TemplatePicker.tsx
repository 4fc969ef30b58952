import { useEffect, useRef } from 'react'
import type { Reply } from '../../../api/templates'

interface Props {
  items: Reply[]
  active: number
  onActive: (i: number) => void
  onPick: (r: Reply) => void
  /** The picker's own filter (from the palette); absent when the box's `/filter` drives it. */
  filter?: { value: string; onChange: (v: string) => void; onKey: (e: React.KeyboardEvent) => void }
}

/**
 * TemplatePicker lists canned replies under the comment box: filtered by what follows `/`
 * (or its own filter), arrows move, Enter picks, Escape closes. Options keep the box's focus
 * on a click, so the caret stays where the reply goes.
 */
export function TemplatePicker({ items, active, onActive, onPick, filter }: Props) {
  const list = useRef<HTMLUListElement>(null)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => {
    input.current?.focus()
  }, [])
  useEffect(() => {
    list.current?.querySelector('[aria-selected="true"]')?.scrollIntoView({ block: 'nearest' })
  }, [active])
  return (
    <div className="template-picker" data-testid="template-picker">
      {filter && (
        <input
          ref={input}
          className="template-picker-filter"
          placeholder="Canned reply…"
          aria-label="Find a canned reply"
          value={filter.value}
          onChange={(e) => filter.onChange(e.target.value)}
          onKeyDown={filter.onKey}
          data-testid="template-picker-filter"
        />
      )}
      <ul ref={list} role="listbox" aria-label="Canned replies">
        {items.length === 0 && <li className="template-picker-empty">No canned reply matches.</li>}
        {items.map((r, i) => (
          <li
            key={r.id}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'template-option active' : 'template-option'}
            onMouseDown={(e) => e.preventDefault()}
            onMouseEnter={() => onActive(i)}
            onClick={() => onPick(r)}
            data-testid="template-option"
            data-name={r.name}
          >
            <span className="template-option-name">{r.name}</span>
            <span className="template-option-body">{r.body.length > 90 ? `${r.body.slice(0, 90)}…` : r.body}</span>
          </li>
        ))}
      </ul>
      <div className="template-picker-foot muted small">↑↓ to choose · Enter to insert · Esc to close</div>
    </div>
  )
}
