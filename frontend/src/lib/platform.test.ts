import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { applyPlatform, platformOf } from './platform'

describe('platformOf', () => {
  it('tells the desktops apart by the webview user agent', () => {
    expect(platformOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0')).toBe('windows')
    expect(platformOf('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)')).toBe('mac')
    expect(platformOf('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Safari/605.1.15')).toBe('linux')
    expect(platformOf('')).toBe('linux')
  })

  it('sets the attribute the font stacks key on', () => {
    const root = document.createElement('html')
    applyPlatform(root, 'Mozilla/5.0 (Windows NT 10.0; Win64; x64)')
    expect(root.dataset.platform).toBe('windows')
  })
})

describe('the Linux font stack', () => {
  // WebKitGTK resolves -webkit-system-font (GTK's UI font) in one fontconfig match; system-ui
  // first cost a failed match per size and weight on a desk without fontconfig's UI fonts.
  it('names GTK’s UI font before system-ui', () => {
    const css = readFileSync(resolve(__dirname, '../styles.css'), 'utf8')
    const root = /:root \{\s*--font-ui: ([^;]+);/.exec(css)
    expect(root?.[1]).toBe('-webkit-system-font, system-ui, sans-serif')
  })
})
