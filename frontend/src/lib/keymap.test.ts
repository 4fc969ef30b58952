import { describe, expect, it } from 'vitest'
import { comboLabel, matches, parseCombo } from './hotkeys'
import { keymap } from './keymap'
import { isSubmitKey } from './submitKey'

const press = (key: string, mods: { ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean; altKey?: boolean } = {}) => ({
  key,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  altKey: false,
  ...mods,
})

describe('keymap', () => {
  it('binds each combo once and labels it for people', () => {
    const combos = Object.values(keymap).map((k) => k.combo)
    expect(new Set(combos).size).toBe(combos.length)
    expect(comboLabel(keymap.submit.combo, false)).toBe('Ctrl+Enter')
    expect(comboLabel(keymap.submit.combo, true)).toBe('⌘Enter')
    expect(comboLabel(keymap.print.combo, false)).toBe('Ctrl+P')
    expect(comboLabel(keymap.shortcuts.combo, false)).toBe('Shift+?')
  })

  it('the submit key it lists is the one the forms answer to', () => {
    for (const mac of [false, true]) {
      const e = mac ? press('Enter', { metaKey: true }) : press('Enter', { ctrlKey: true })
      expect(matches(e, parseCombo(keymap.submit.combo, mac))).toBe(true)
      expect(isSubmitKey(e)).toBe(true)
    }
  })

  it('"?" is Shift+/ on a US layout and still matches', () => {
    expect(matches(press('?', { shiftKey: true }), parseCombo(keymap.shortcuts.combo, false))).toBe(true)
    expect(matches(press('n'), parseCombo(keymap.newTicket.combo, false))).toBe(true)
    expect(matches(press('N', { shiftKey: true }), parseCombo(keymap.newTicket.combo, false))).toBe(false)
  })
})
