// One keyboard registry for the whole app. Combos are written like "mod+k", "j", "/",
// "shift+?", "escape"; `mod` is Cmd on macOS and Ctrl elsewhere.
import { useEffect, useRef } from 'react'

export interface KeyLike {
  key: string
  ctrlKey: boolean
  metaKey: boolean
  altKey: boolean
  shiftKey: boolean
  target?: EventTarget | null
}

export interface Combo {
  key: string
  ctrl: boolean
  meta: boolean
  alt: boolean
  shift: boolean | undefined // undefined: either
}

export interface Binding {
  combo: string
  handler: (e: KeyLike) => void
  /** Fire even while the focus is in a text field (palette, Escape in dialogs). */
  allowInInput?: boolean
  /** Help text for the palette and the shortcut list. */
  description?: string
}

const aliases: Record<string, string> = { esc: 'escape', return: 'enter', space: ' ', slash: '/' }

export function isMacPlatform(): boolean {
  if (typeof navigator === 'undefined') return false
  return /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent)
}

/** parseCombo reads a combo string; `mod` becomes meta on macOS and ctrl elsewhere. */
export function parseCombo(combo: string, mac = isMacPlatform()): Combo {
  const parts = combo.toLowerCase().split('+')
  // "mod++" or "+" alone would split into empty parts: the last part is the key.
  let key = parts.pop() ?? ''
  if (key === '' && combo.endsWith('+')) key = '+'
  const c: Combo = { key: aliases[key] ?? key, ctrl: false, meta: false, alt: false, shift: undefined }
  for (const p of parts) {
    if (p === 'mod') {
      if (mac) c.meta = true
      else c.ctrl = true
    } else if (p === 'ctrl' || p === 'control') c.ctrl = true
    else if (p === 'meta' || p === 'cmd') c.meta = true
    else if (p === 'alt' || p === 'option') c.alt = true
    else if (p === 'shift') c.shift = true
  }
  // A plain letter means the unshifted letter; symbols like "/" or "?" take whatever shift
  // the layout needs.
  if (c.shift === undefined && /^[a-z0-9]$/.test(c.key)) c.shift = false
  return c
}

export function matches(e: KeyLike, c: Combo): boolean {
  if (e.key.toLowerCase() !== c.key) return false
  if (e.ctrlKey !== c.ctrl || e.metaKey !== c.meta || e.altKey !== c.alt) return false
  return c.shift === undefined || e.shiftKey === c.shift
}

/** isTypingTarget: the key belongs to a text field, not to the app. */
export function isTypingTarget(target: EventTarget | null | undefined): boolean {
  if (!target || typeof (target as HTMLElement).tagName !== 'string') return false
  const el = target as HTMLElement
  if (el.isContentEditable) return true
  const tag = el.tagName
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true
  if (tag === 'INPUT') {
    const type = ((el as HTMLInputElement).type || 'text').toLowerCase()
    return !['button', 'checkbox', 'radio', 'submit', 'reset', 'file', 'range', 'color'].includes(type)
  }
  return false
}

interface Entry {
  binding: Binding
  combo: Combo
}

/** HotkeyRegistry dispatches a key to the most recently registered binding that matches. */
export class HotkeyRegistry {
  private entries: Entry[] = []
  private readonly mac: boolean

  constructor(mac = isMacPlatform()) {
    this.mac = mac
  }

  register(binding: Binding): () => void {
    const entry = { binding, combo: parseCombo(binding.combo, this.mac) }
    this.entries.push(entry)
    return () => {
      this.entries = this.entries.filter((x) => x !== entry)
    }
  }

  /** handle runs the newest matching binding; it returns whether one ran. */
  handle(e: KeyLike): boolean {
    const typing = isTypingTarget(e.target)
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const { binding, combo } = this.entries[i]
      if (!matches(e, combo)) continue
      if (typing && !binding.allowInInput) continue
      binding.handler(e)
      return true
    }
    return false
  }

  list(): Binding[] {
    return this.entries.map((x) => x.binding)
  }
}

export const hotkeys = new HotkeyRegistry()

let installed = false

/** installHotkeys attaches the registry to the window once. */
export function installHotkeys(target: Window = window, registry: HotkeyRegistry = hotkeys): () => void {
  if (installed) return () => {}
  installed = true
  const onKey = (e: KeyboardEvent) => {
    if (e.defaultPrevented || e.isComposing) return
    if (registry.handle(e)) e.preventDefault()
  }
  target.addEventListener('keydown', onKey)
  return () => {
    installed = false
    target.removeEventListener('keydown', onKey)
  }
}

/** useHotkey binds a combo while the component is mounted and `enabled` holds. */
export function useHotkey(
  combo: string,
  handler: (e: KeyLike) => void,
  opts: { enabled?: boolean; allowInInput?: boolean; description?: string } = {},
): void {
  const ref = useRef(handler)
  ref.current = handler
  const { enabled = true, allowInInput = false, description } = opts
  useEffect(() => {
    if (!enabled) return
    return hotkeys.register({ combo, handler: (e) => ref.current(e), allowInInput, description })
  }, [combo, enabled, allowInInput, description])
}

/** comboLabel renders a combo for people: "Ctrl+K" or "⌘K". */
export function comboLabel(combo: string, mac = isMacPlatform()): string {
  const parts = combo.split('+')
  return parts
    .map((p) => {
      const l = p.toLowerCase()
      if (l === 'mod') return mac ? '⌘' : 'Ctrl'
      if (l === 'escape' || l === 'esc') return 'Esc'
      return p.length === 1 ? p.toUpperCase() : p[0].toUpperCase() + p.slice(1)
    })
    .join(mac ? '' : '+')
}
