import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { RefPicker, searchList } from './RefPicker'

const services = [
  { id: 's-1', label: 'E-mail' },
  { id: 's-2', label: 'VPN' },
  { id: 's-3', label: 'Payroll' },
]

describe('RefPicker', () => {
  it('lists what matches the typed text and picks one by click or keys', async () => {
    const user = userEvent.setup()
    const onPick = vi.fn()
    render(<RefPicker label="Service" value="" valueLabel="" search={searchList(services)} onPick={onPick} testId="p" />)
    const box = screen.getByRole('combobox', { name: 'Service' })
    await user.type(box, 'pa')
    expect((await screen.findAllByRole('option')).map((o) => o.textContent)).toEqual(['Payroll'])
    await user.click(screen.getByRole('option', { name: 'Payroll' }))
    expect(onPick).toHaveBeenCalledWith('s-3', 'Payroll')

    await user.clear(box)
    await user.type(box, 'n')
    await screen.findAllByRole('option')
    await user.keyboard('{ArrowDown}{Enter}')
    expect(onPick).toHaveBeenLastCalledWith('s-2', 'VPN') // E-mail, then VPN
  })

  it('shows the pick, keeps it on Escape and clears it with the button', async () => {
    const user = userEvent.setup()
    const onPick = vi.fn()
    render(<RefPicker label="Service" value="s-2" valueLabel="VPN" search={searchList(services)} onPick={onPick} testId="p" />)
    const box = screen.getByRole<HTMLInputElement>('combobox', { name: 'Service' })
    expect(box.value).toBe('VPN')
    await user.click(box)
    await user.type(box, 'e')
    await user.keyboard('{Escape}')
    expect(onPick).not.toHaveBeenCalled()
    expect(box.value).toBe('VPN')
    await user.click(screen.getByRole('button', { name: 'Clear Service' }))
    expect(onPick).toHaveBeenCalledWith('', '')
  })
})
