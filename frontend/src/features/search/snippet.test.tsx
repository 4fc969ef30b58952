import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Snippet } from './components/Snippet'
import { parseSnippet } from './snippet'

describe('parseSnippet', () => {
  it.each([
    ['plain text', [{ text: 'plain text', mark: false }]],
    ['\u0002printer\u0003 on fire', [{ text: 'printer', mark: true }, { text: ' on fire', mark: false }]],
    [
      '…the \u0002vpn\u0003 and \u0002VPN\u0003 again…',
      [
        { text: '…the ', mark: false },
        { text: 'vpn', mark: true },
        { text: ' and ', mark: false },
        { text: 'VPN', mark: true },
        { text: ' again…', mark: false },
      ],
    ],
    ['\u0002unclosed', [{ text: 'unclosed', mark: true }]],
    ['stray\u0003 end', [{ text: 'stray', mark: false }, { text: ' end', mark: false }]],
    ['', []],
  ])('%j', (input, want) => {
    expect(parseSnippet(input)).toEqual(want)
  })
})

describe('Snippet', () => {
  it('renders highlights as <mark> and markup as text', () => {
    const { container } = render(
      <Snippet text={'<img src=x onerror=alert(1)> \u0002<b>bold</b>\u0003 <script>alert(2)</script>'} />,
    )
    expect(container.querySelectorAll('mark')).toHaveLength(1)
    expect(container.querySelector('mark')?.textContent).toBe('<b>bold</b>')
    expect(container.querySelector('img')).toBeNull()
    expect(container.querySelector('b')).toBeNull()
    expect(container.querySelector('script')).toBeNull()
    expect(container.textContent).toBe('<img src=x onerror=alert(1)> <b>bold</b> <script>alert(2)</script>')
  })
})
