// The UI theme: system, light or dark. Stored locally, applied as a data attribute that the
// CSS variables key on, and passed to Go so the native title bar matches.
export type Theme = 'system' | 'light' | 'dark'

export const THEMES: readonly Theme[] = ['system', 'light', 'dark']
const KEY = 'outpost.theme'

export function loadTheme(storage: Pick<Storage, 'getItem'> = localStorage): Theme {
  const v = storage.getItem(KEY)
  return v === 'light' || v === 'dark' || v === 'system' ? v : 'system'
}

export function saveTheme(t: Theme, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY, t)
}

export function applyTheme(t: Theme, root: HTMLElement = document.documentElement): void {
  root.dataset.theme = t
}

export function nextTheme(t: Theme): Theme {
  return THEMES[(THEMES.indexOf(t) + 1) % THEMES.length]
}

/** resolvedTheme is what the person sees: system follows prefers-color-scheme. */
export function resolvedTheme(t: Theme): 'light' | 'dark' {
  if (t !== 'system') return t
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}
