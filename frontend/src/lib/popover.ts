// A panel that drops below a top-bar button: Escape and a click elsewhere close it.
import { useEffect, useRef, useState } from 'react'
import { useHotkey } from './hotkeys'

/** usePopover gives the open state and the ref of the element (button and panel) that a click
 * may land in without closing it. description names the Escape binding in the key help. */
export function usePopover(description: string) {
  const [open, setOpen] = useState(false)
  const ref = useRef<HTMLDivElement>(null)
  useHotkey('escape', () => setOpen(false), { enabled: open, allowInInput: true, description })
  useEffect(() => {
    if (!open) return
    const away = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node)) setOpen(false)
    }
    document.addEventListener('mousedown', away)
    return () => document.removeEventListener('mousedown', away)
  }, [open])
  return { open, setOpen, ref }
}
