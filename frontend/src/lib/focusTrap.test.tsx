import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { beforeAll, describe, expect, it } from 'vitest'
import { Dialog } from '../components/ui/Dialog'
import { installHotkeys } from './hotkeys'

beforeAll(() => {
  installHotkeys()
})

// Only buttons in the dialogs: jsdom's querySelectorAll returns a selector list such as
// "input, button" out of document order, so a mix would test jsdom, not the trap. The e2e test
// (e2e/habits.test.mjs) tabs through real forms in Chromium.

/** A page with a button outside, and a dialog with three buttons that can open a second one. */
function Page() {
  const [open, setOpen] = useState(false)
  const [inner, setInner] = useState(false)
  return (
    <>
      <button type="button" onClick={() => setOpen(true)}>
        Open
      </button>
      <input aria-label="Outside" />
      {open && (
        <Dialog
          title="Outer"
          onClose={() => setOpen(false)}
          footer={
            <button type="button" onClick={() => setInner(true)}>
              More
            </button>
          }
        >
          <button type="button">First</button>
          <button type="button">Second</button>
          <button type="button" disabled>
            Disabled
          </button>
        </Dialog>
      )}
      {inner && (
        <Dialog title="Inner" onClose={() => setInner(false)}>
          <button type="button">Inner</button>
        </Dialog>
      )}
    </>
  )
}

const active = () => document.activeElement as HTMLElement

describe('the dialog focus trap', () => {
  it('starts on the first field, wraps Tab forwards and Shift+Tab backwards, never leaves', async () => {
    const user = userEvent.setup()
    render(<Page />)
    await user.click(screen.getByRole('button', { name: 'Open' }))
    const button = (name: string) => screen.getByRole('button', { name })
    expect(active()).toBe(button('First'))
    // In document order: the header's Close, the body, the footer; the disabled one is skipped.
    for (const name of ['Second', 'More', 'Close', 'First', 'Second']) {
      await user.tab()
      expect(active()).toBe(button(name))
    }
    for (const name of ['First', 'Close', 'More', 'Second', 'First']) {
      await user.tab({ shift: true })
      expect(active()).toBe(button(name))
    }
    for (let i = 0; i < 12; i++) {
      await user.tab({ shift: i % 3 === 0 })
      expect(screen.getByRole('dialog').contains(active())).toBe(true)
    }
  })

  it('Escape closes it and the focus goes back to the opener', async () => {
    const user = userEvent.setup()
    render(<Page />)
    const opener = screen.getByRole('button', { name: 'Open' })
    await user.click(opener)
    await user.tab()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(active()).toBe(opener)
  })

  it('a dialog over a dialog traps on its own, and closing it resumes the one below', async () => {
    const user = userEvent.setup()
    render(<Page />)
    await user.click(screen.getByRole('button', { name: 'Open' }))
    const more = screen.getByRole('button', { name: 'More' })
    await user.click(more)
    const inner = screen.getByRole('dialog', { name: 'Inner' })
    expect(active()).toBe(screen.getByRole('button', { name: 'Inner' }))
    for (let i = 0; i < 5; i++) {
      await user.tab()
      expect(inner.contains(active())).toBe(true)
    }
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('dialog', { name: 'Inner' })).toBeNull()
    expect(active()).toBe(more)
    await user.tab()
    expect(screen.getByRole('dialog', { name: 'Outer' }).contains(active())).toBe(true)
  })
})
