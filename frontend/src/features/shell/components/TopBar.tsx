import { useRef, type ReactNode } from 'react'
import type { Me, User } from '../../../api/session'
import { MenuDetails } from '../../../components/ui/MenuDetails'
import { humanize } from '../../../lib/format'
import type { Theme } from '../../../lib/theme'
import './TopBar.css'

interface Props {
  search: ReactNode
  /** The department desk switcher, composed by the app (staff in several departments). */
  desk?: ReactNode
  /** The notification bell, composed by the app. */
  bell?: ReactNode
  /** The sync status indicator, composed by the app. */
  sync?: ReactNode
  me: Me | undefined
  users: User[]
  /** Admins switch to anyone; others may only switch back to the profile's admin. */
  canSwitch: boolean
  onSwitch: (userId: string) => void
  onChangePassword: () => void
  /** Lock and sign out: only on a desk where someone has a password. */
  onLock?: () => void
  onSignOut?: () => void
  theme: Theme
  onTheme: (t: Theme) => void
  onPalette: () => void
}

const themeIcons: Record<Theme, string> = { system: '◐', light: '☀', dark: '☾' }

export function TopBar({ search, desk, bell, sync, me, users, canSwitch, onSwitch, onChangePassword, onLock, onSignOut, theme, onTheme, onPalette }: Props) {
  const menu = useRef<HTMLDetailsElement>(null)
  const close = () => menu.current?.removeAttribute('open')
  return (
    <header className="topbar">
      {search}
      {desk}
      <div className="spacer" />
      {sync}
      <button type="button" className="btn btn-small btn-ghost" onClick={onPalette} aria-label="Open command palette" data-testid="palette-button">
        Commands
      </button>
      {bell}
      <div className="theme-switch" role="radiogroup" aria-label="Theme">
        {(['system', 'light', 'dark'] as const).map((t) => (
          <button
            key={t}
            type="button"
            role="radio"
            aria-checked={theme === t}
            aria-label={`${humanize(t)} theme`}
            title={`${humanize(t)} theme`}
            className={theme === t ? 'on' : ''}
            onClick={() => onTheme(t)}
            data-testid={`theme-${t}`}
          >
            {themeIcons[t]}
          </button>
        ))}
      </div>
      <MenuDetails
        className="menu user-menu"
        ref={menu}
        summary={
          <summary className="user-btn" aria-label="Signed-in user" data-testid="user-menu">
            <span className="avatar" aria-hidden="true">
              {(me?.user.name ?? '?').slice(0, 1)}
            </span>
            <span className="user-name" data-testid="user-name">
              {me?.user.name ?? ''}
            </span>
            <span className="muted small">{me ? humanize(me.user.role) : ''}</span>
          </summary>
        }
      >
        <div className="menu-pop menu-right" role="menu" aria-label="Switch user">
          <div className="menu-title">{canSwitch ? 'Switch user' : 'Switch back'}</div>
          {users.length > 0 ? (
            users
              .filter((u) => u.active && u.role !== 'system')
              .map((u) => (
                <button
                  key={u.id}
                  type="button"
                  role="menuitemradio"
                  aria-checked={u.id === me?.user.id}
                  className={u.id === me?.user.id ? 'menu-item on' : 'menu-item'}
                  onClick={() => {
                    menu.current?.removeAttribute('open')
                    onSwitch(u.id)
                  }}
                  data-testid={`switch-user-${u.id}`}
                >
                  {u.name} <span className="muted small">{humanize(u.role)}</span>
                </button>
              ))
          ) : (
            <div className="menu-note muted">Only the profile's admin can switch users.</div>
          )}
          <div className="menu-title">Me</div>
          <button
            type="button"
            role="menuitem"
            className="menu-item"
            onClick={() => {
              close()
              onChangePassword()
            }}
            data-testid="change-password"
          >
            Change my password…
          </button>
          {onLock && (
            <button
              type="button"
              role="menuitem"
              className="menu-item"
              onClick={() => {
                close()
                onLock()
              }}
              data-testid="lock-desk"
            >
              Lock the desk
            </button>
          )}
          {onSignOut && (
            <button
              type="button"
              role="menuitem"
              className="menu-item"
              onClick={() => {
                close()
                onSignOut()
              }}
              data-testid="sign-out"
            >
              Sign out
            </button>
          )}
        </div>
      </MenuDetails>
    </header>
  )
}
