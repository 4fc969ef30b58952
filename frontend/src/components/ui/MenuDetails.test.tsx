import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { useState } from 'react'
import { describe, expect, it } from 'vitest'
import { MenuDetails } from './MenuDetails'

/** A menu with a form, its text held by the owner, as MoreFilters holds its form. */
function Owner() {
  const [text, setText] = useState('')
  return (
    <MenuDetails className="menu" summary={<summary data-testid="open">Filters</summary>}>
      <div className="menu-pop">
        <input aria-label="Tag" value={text} onChange={(e) => setText(e.target.value)} />
      </div>
    </MenuDetails>
  )
}

describe('MenuDetails', () => {
  it('has its pop-up in the page only while open, and what was typed survives closing', async () => {
    const user = userEvent.setup()
    const { container } = render(<Owner />)
    expect(screen.queryByRole('textbox', { name: 'Tag' })).toBeNull()

    await user.click(screen.getByTestId('open'))
    const box = await screen.findByRole('textbox', { name: 'Tag' })
    await user.type(box, 'vpn')

    await user.click(screen.getByTestId('open'))
    await expect.poll(() => screen.queryByRole('textbox', { name: 'Tag' })).toBeNull()
    expect(container.querySelector('details')?.open).toBe(false)

    await user.click(screen.getByTestId('open'))
    expect(await screen.findByRole('textbox', { name: 'Tag' })).toHaveValue('vpn')
  })

  it('closes from code, as the menus do after a choice', async () => {
    const user = userEvent.setup()
    const { container } = render(<Owner />)
    await user.click(screen.getByTestId('open'))
    await screen.findByRole('textbox', { name: 'Tag' })
    container.querySelector('details')!.removeAttribute('open')
    await expect.poll(() => screen.queryByRole('textbox', { name: 'Tag' })).toBeNull()
  })
})
