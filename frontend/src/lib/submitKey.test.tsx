import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import { Dialog } from '../components/ui/Dialog'
import { isSubmitKey, installSubmitKey } from './submitKey'

beforeAll(() => {
  installSubmitKey()
})

const onSubmit = () => vi.fn((e: { preventDefault: () => void }) => e.preventDefault())

describe('isSubmitKey', () => {
  const k = (mods: { ctrlKey?: boolean; metaKey?: boolean; shiftKey?: boolean; altKey?: boolean }, key = 'Enter') => ({
    key,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  })
  it('is Ctrl+Enter or Cmd+Enter only', () => {
    expect(isSubmitKey(k({ ctrlKey: true }))).toBe(true)
    expect(isSubmitKey(k({ metaKey: true }))).toBe(true)
    expect(isSubmitKey(k({}))).toBe(false)
    expect(isSubmitKey(k({ ctrlKey: true, shiftKey: true }))).toBe(false)
    expect(isSubmitKey(k({ ctrlKey: true, altKey: true }))).toBe(false)
    expect(isSubmitKey(k({ ctrlKey: true }, 'a'))).toBe(false)
  })
})

describe('Ctrl+Enter on the window', () => {
  it('submits the form of a text area once, with Ctrl or Cmd; plain Enter writes a newline', async () => {
    const user = userEvent.setup()
    const submit = onSubmit()
    render(
      <form onSubmit={submit}>
        <textarea aria-label="Body" />
        <button type="submit">Send</button>
      </form>,
    )
    await user.type(screen.getByLabelText('Body'), 'one{Enter}two')
    expect(submit).not.toHaveBeenCalled()
    await user.keyboard('{Control>}{Enter}{/Control}')
    expect(submit).toHaveBeenCalledTimes(1)
    await user.keyboard('{Meta>}{Enter}{/Meta}')
    expect(submit).toHaveBeenCalledTimes(2)
    expect(screen.getByLabelText<HTMLTextAreaElement>('Body').value).toBe('one\ntwo')
  })

  it('does nothing while the submit button is disabled (a save in flight)', async () => {
    const user = userEvent.setup()
    const submit = onSubmit()
    render(
      <form onSubmit={submit}>
        <input aria-label="Title" />
        <button type="submit" disabled>
          Save
        </button>
      </form>,
    )
    await user.click(screen.getByLabelText('Title'))
    await user.keyboard('{Control>}{Enter}{/Control}')
    expect(submit).not.toHaveBeenCalled()
  })

  it('in a dialog, submits its form from any field or footer button, as the footer submit button', async () => {
    const user = userEvent.setup()
    const submit = vi.fn((e: React.FormEvent<HTMLFormElement>) => {
      e.preventDefault()
      return ((e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null)?.textContent
    })
    render(
      <Dialog
        title="New"
        onClose={() => {}}
        footer={
          <>
            <button type="button">Cancel</button>
            <button type="submit" form="f">
              Create
            </button>
          </>
        }
      >
        <form id="f" onSubmit={submit}>
          <select aria-label="Type">
            <option>incident</option>
          </select>
        </form>
      </Dialog>,
    )
    await user.click(screen.getByLabelText('Type'))
    await user.keyboard('{Control>}{Enter}{/Control}')
    expect(submit).toHaveBeenCalledTimes(1)
    expect(submit.mock.results[0].value).toBe('Create')
    screen.getByRole('button', { name: 'Cancel' }).focus()
    await user.keyboard('{Control>}{Enter}{/Control}')
    expect(submit).toHaveBeenCalledTimes(2)
  })

  it('a dialog drawn inside a form does not submit that form', async () => {
    const user = userEvent.setup()
    const submit = onSubmit()
    render(
      <form onSubmit={submit}>
        <textarea aria-label="Body" />
        <button type="submit">Send</button>
        <Dialog title="Discard?" onClose={() => {}}>
          <button type="button">Keep writing</button>
        </Dialog>
      </form>,
    )
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep writing' }))
    await user.keyboard('{Control>}{Enter}{/Control}')
    expect(submit).not.toHaveBeenCalled()
  })

  it('an editor that is not a form clicks its data-submit button', async () => {
    const user = userEvent.setup()
    const save = vi.fn()
    const { rerender } = render(
      <div data-submit-scope>
        <input aria-label="Name" />
        <button type="button" onClick={save} data-submit>
          Save
        </button>
      </div>,
    )
    await user.click(screen.getByLabelText('Name'))
    await user.keyboard('{Control>}{Enter}{/Control}')
    expect(save).toHaveBeenCalledTimes(1)
    rerender(
      <div data-submit-scope>
        <input aria-label="Name" />
        <button type="button" onClick={save} data-submit disabled>
          Save
        </button>
      </div>,
    )
    await user.keyboard('{Control>}{Enter}{/Control}')
    expect(save).toHaveBeenCalledTimes(1)
  })

  it('outside any form it leaves the key alone', async () => {
    const user = userEvent.setup()
    const seen = vi.fn()
    render(<input aria-label="Loose" onKeyDown={(e) => seen(e.key)} />)
    await user.click(screen.getByLabelText('Loose'))
    const ev = new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true })
    screen.getByLabelText('Loose').dispatchEvent(ev)
    expect(ev.defaultPrevented).toBe(false)
  })
})
