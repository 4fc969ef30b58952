import { useMemo, useState } from 'react'
import { Dialog } from '../../../components/ui/Dialog'
import { comboLabel } from '../../../lib/hotkeys'

export interface Command {
  id: string
  label: string
  hint?: string
  run: () => void
}

interface Props {
  commands: Command[]
  /** Opens a ticket by its number (INC…, REQ…). */
  onOpenNumber: (number: string) => void
  onClose: () => void
}

const numberLike = /^(inc|req|prb|chg|kb)?\s*\d{1,10}$/i

/** CommandPalette (Ctrl+K / ⌘K): go anywhere, do anything, open a ticket by number. */
export function CommandPalette({ commands, onOpenNumber, onClose }: Props) {
  const [text, setText] = useState('')
  const [active, setActive] = useState(0)
  const items = useMemo(() => {
    const q = text.trim().toLowerCase()
    const list: Command[] = commands.filter((c) => !q || c.label.toLowerCase().includes(q))
    if (q && numberLike.test(q)) {
      const n = q.replace(/\s+/g, '').toUpperCase()
      list.unshift({ id: 'open-number', label: `Open ticket ${n}`, run: () => onOpenNumber(n) })
    }
    return list
  }, [text, commands, onOpenNumber])

  const run = (c: Command | undefined) => {
    if (!c) return
    onClose()
    c.run()
  }

  return (
    <Dialog title="Command palette" onClose={onClose} width={560} testId="palette" hideTitle className="palette">
      <input
        className="palette-input"
        placeholder="Type a command or a ticket number…"
        aria-label="Command"
        value={text}
        data-autofocus
        onChange={(e) => {
          setText(e.target.value)
          setActive(0)
        }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault()
            setActive((a) => Math.min(items.length - 1, a + 1))
          } else if (e.key === 'ArrowUp') {
            e.preventDefault()
            setActive((a) => Math.max(0, a - 1))
          } else if (e.key === 'Enter') {
            e.preventDefault()
            run(items[active])
          }
        }}
        data-testid="palette-input"
      />
      <ul className="palette-list" role="listbox" aria-label="Commands">
        {items.length === 0 && <li className="palette-empty">No command matches.</li>}
        {items.map((c, i) => (
          <li
            key={c.id}
            role="option"
            aria-selected={i === active}
            className={i === active ? 'palette-item active' : 'palette-item'}
            onMouseEnter={() => setActive(i)}
            onClick={() => run(c)}
            data-testid="palette-item"
            data-command={c.id}
          >
            <span>{c.label}</span>
            {c.hint && <kbd>{comboLabel(c.hint)}</kbd>}
          </li>
        ))}
      </ul>
    </Dialog>
  )
}
