import { describe, expect, it, vi } from 'vitest'
import { comboLabel, HotkeyRegistry, isTypingTarget, matches, parseCombo, type KeyLike } from './hotkeys'

const key = (k: string, mods: Partial<KeyLike> = {}): KeyLike => ({
  key: k,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  target: document.body,
  ...mods,
})

describe('parseCombo and matches', () => {
  it('mod is Ctrl on Linux and Windows, Cmd on macOS', () => {
    expect(matches(key('k', { ctrlKey: true }), parseCombo('mod+k', false))).toBe(true)
    expect(matches(key('k', { metaKey: true }), parseCombo('mod+k', false))).toBe(false)
    expect(matches(key('k', { metaKey: true }), parseCombo('mod+k', true))).toBe(true)
    expect(matches(key('k', { ctrlKey: true }), parseCombo('mod+k', true))).toBe(false)
  })

  it('a plain letter needs no modifier, not even shift', () => {
    const j = parseCombo('j', false)
    expect(matches(key('j'), j)).toBe(true)
    expect(matches(key('J', { shiftKey: true }), j)).toBe(false)
    expect(matches(key('j', { ctrlKey: true }), j)).toBe(false)
  })

  it('symbols and named keys', () => {
    expect(matches(key('/'), parseCombo('/', false))).toBe(true)
    expect(matches(key('?', { shiftKey: true }), parseCombo('?', false))).toBe(true)
    expect(matches(key('Escape'), parseCombo('esc', false))).toBe(true)
    expect(matches(key('Enter'), parseCombo('enter', false))).toBe(true)
  })
})

describe('isTypingTarget', () => {
  it.each([
    ['<input>', true],
    ['<input type="search">', true],
    ['<textarea></textarea>', true],
    ['<select></select>', true],
    ['<input type="checkbox">', false],
    ['<button></button>', false],
    ['<div></div>', false],
  ])('%s → %s', (html, want) => {
    const host = document.createElement('div')
    host.innerHTML = html
    expect(isTypingTarget(host.firstElementChild)).toBe(want)
  })
})

describe('HotkeyRegistry', () => {
  it('runs the newest matching binding only', () => {
    const r = new HotkeyRegistry(false)
    const older = vi.fn()
    const newer = vi.fn()
    r.register({ combo: 'escape', handler: older })
    const off = r.register({ combo: 'escape', handler: newer })
    expect(r.handle(key('Escape'))).toBe(true)
    expect(newer).toHaveBeenCalledTimes(1)
    expect(older).not.toHaveBeenCalled()
    off()
    r.handle(key('Escape'))
    expect(older).toHaveBeenCalledTimes(1)
  })

  it('stays quiet while the person types, unless the binding allows it', () => {
    const r = new HotkeyRegistry(false)
    const j = vi.fn()
    const palette = vi.fn()
    r.register({ combo: 'j', handler: j })
    r.register({ combo: 'mod+k', handler: palette, allowInInput: true })
    const input = document.createElement('input')
    expect(r.handle(key('j', { target: input }))).toBe(false)
    expect(j).not.toHaveBeenCalled()
    expect(r.handle(key('k', { ctrlKey: true, target: input }))).toBe(true)
    expect(palette).toHaveBeenCalledTimes(1)
    expect(r.handle(key('j'))).toBe(true)
    expect(j).toHaveBeenCalledTimes(1)
  })

  it('lets a non-matching key through', () => {
    const r = new HotkeyRegistry(false)
    r.register({ combo: 'n', handler: vi.fn() })
    expect(r.handle(key('m'))).toBe(false)
  })
})

describe('comboLabel', () => {
  it('reads like the platform', () => {
    expect(comboLabel('mod+k', false)).toBe('Ctrl+K')
    expect(comboLabel('mod+k', true)).toBe('⌘K')
    expect(comboLabel('escape', false)).toBe('Esc')
  })
})
