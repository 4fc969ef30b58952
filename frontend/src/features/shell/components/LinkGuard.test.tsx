import { afterEach, describe, expect, test } from 'vitest'
import { guardNavigation } from './LinkGuard'

describe('guardNavigation', () => {
  let stop = () => {}
  afterEach(() => {
    stop()
    document.body.innerHTML = ''
  })

  const click = (el: Element, init: MouseEventInit = {}) => {
    const e = new MouseEvent(init.button === 1 ? 'auxclick' : 'click', { bubbles: true, cancelable: true, ...init })
    el.dispatchEvent(e)
    return e
  }

  test('a link in user content is held back and handed over with its full address', () => {
    document.body.innerHTML = '<div class="md"><p><a href="https://evil.example/login?next=%2F" rel="nofollow"><em>the KB</em></a></p></div>'
    const seen: string[] = []
    stop = guardNavigation(document, (h) => seen.push(h))
    const e = click(document.querySelector('em')!)
    expect(e.defaultPrevented).toBe(true)
    expect(seen).toEqual(['https://evil.example/login?next=%2F'])
    expect(click(document.querySelector('a')!, { button: 1 }).defaultPrevented).toBe(true)
  })

  test('any other link and a native form submit never navigate, and are not offered', () => {
    document.body.innerHTML = '<nav><a href="https://example.com/">x</a></nav><form action="https://example.com/"><button>go</button></form>'
    const seen: string[] = []
    stop = guardNavigation(document, (h) => seen.push(h))
    expect(click(document.querySelector('a')!).defaultPrevented).toBe(true)
    const submit = new Event('submit', { bubbles: true, cancelable: true })
    document.querySelector('form')!.dispatchEvent(submit)
    expect(submit.defaultPrevented).toBe(true)
    expect(seen).toEqual([])
  })
})
