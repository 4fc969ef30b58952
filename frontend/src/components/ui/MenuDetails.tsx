import { useState, type DetailsHTMLAttributes, type ReactNode, type Ref } from 'react'

interface Props extends Omit<DetailsHTMLAttributes<HTMLDetailsElement>, 'children' | 'open'> {
  /** The menu's <summary>, always there. */
  summary: ReactNode
  /** The pop-up: in the page only while the menu is open. */
  children: ReactNode
  ref?: Ref<HTMLDetailsElement>
}

/**
 * MenuDetails is a <details> menu whose pop-up is in the page only while it is open. A closed
 * <details> hides its content, but React builds it all the same: the first screen's five menus
 * held ~170 of its ~390 elements (the user menu lists every person, More filters every
 * requester), built before the queue showed (docs/bench-method.md, "Start-up (session 16)").
 * What a pop-up's form holds must live in its owner's state, so closing and reopening keeps it.
 */
export function MenuDetails({ summary, children, onToggle, ref, ...rest }: Props) {
  const [open, setOpen] = useState(false)
  return (
    <details
      {...rest}
      ref={ref}
      onToggle={(e) => {
        setOpen(e.currentTarget.open)
        onToggle?.(e)
      }}
    >
      {summary}
      {open && children}
    </details>
  )
}
