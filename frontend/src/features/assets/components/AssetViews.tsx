import { useRef, useState, type FormEvent } from 'react'
import type { AssetQuery } from '../../../api/assets'
import { toApiError } from '../../../api/client'
import {
  createAssetView,
  deleteView,
  renameAssetView,
  reorderViews,
  updateAssetView,
  useAssetViews,
  useViewWrite,
  type AssetView,
} from '../../../api/views'
import { ErrorBanner } from '../../../components/ui/Banner'
import { DeleteViewDialog, ViewNameDialog, type ViewDialogIds } from '../../queue/components/ViewDialogs'

interface Props {
  /** The list's filters and sort on screen. */
  query: AssetQuery
  columns: string[]
  /** The saved view on screen, if any. */
  current: AssetView | null
  /** The list on screen differs from the view's filters, sort or columns. */
  modified: boolean
  /** Open a saved view; null: the view on screen was deleted. */
  onOpen: (v: AssetView | null) => void
}

type Dialogs = 'save' | 'rename' | 'delete' | null

/** AssetViews lists the person's saved views of the asset list to reopen, saves the list on
 * screen as one, and renames, moves or deletes the one on screen. Go judges every change (the
 * same rules as the queue's views) and says why it refuses one; what was typed stays. */
const dialogIds: ViewDialogIds = {
  nameDialog: 'asset-view-dialog',
  name: 'asset-view-name',
  submit: 'asset-view-submit',
  deleteDialog: 'asset-view-delete-dialog',
  confirm: 'asset-view-delete-confirm',
}

export function AssetViews({ query, columns, current, modified, onOpen }: Props) {
  const views = useAssetViews()
  const [open, setOpen] = useState<Dialogs>(null)
  const [name, setName] = useState('')
  const menu = useRef<HTMLDetailsElement>(null)
  const create = useViewWrite(createAssetView)
  const update = useViewWrite((id: string) => updateAssetView(id, { name: current?.name ?? '', query, columns }))
  const rename = useViewWrite((v: { id: string; name: string }) => renameAssetView(v.id, v.name))
  const remove = useViewWrite(deleteView)
  const reorder = useViewWrite(reorderViews)
  const list = views.data ?? []
  const pos = current ? list.findIndex((v) => v.id === current.id) : -1

  const close = () => {
    setOpen(null)
    create.reset()
    rename.reset()
    remove.reset()
  }
  const show = (d: Dialogs) => {
    if (menu.current) menu.current.open = false
    setName(d === 'rename' ? (current?.name ?? '') : '')
    setOpen(d)
  }
  const move = (by: number) => {
    if (menu.current) menu.current.open = false
    const ids = list.map((v) => v.id)
    const j = pos + by
    if (pos < 0 || j < 0 || j >= ids.length) return
    ;[ids[pos], ids[j]] = [ids[j], ids[pos]]
    reorder.mutate(ids)
  }
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (open === 'save') create.mutate({ name, query, columns }, { onSuccess: (v) => (close(), onOpen(v)) })
    else if (current) rename.mutate({ id: current.id, name }, { onSuccess: (v) => (close(), onOpen(v)) })
  }
  const err = (m: { error: unknown }) => (m.error ? toApiError(m.error) : null)
  const nameError = err(create) ?? err(rename)
  const failed = [update, reorder].find((m) => m.error)?.error ?? views.error

  return (
    <div className="asset-views" data-testid="asset-views">
      {list.length > 0 && (
        <nav className="asset-view-list" aria-label="Saved asset views">
          {list.map((v) => (
            <button
              key={v.id}
              type="button"
              className="btn btn-small"
              aria-pressed={current?.id === v.id}
              onClick={() => onOpen(v)}
              data-testid="asset-view"
              data-name={v.name}
            >
              {v.name}
            </button>
          ))}
        </nav>
      )}
      {current && modified && (
        <span className="muted small" data-testid="asset-view-modified">
          Changed
        </span>
      )}
      <div className="spacer" />
      {current && (
        <button
          type="button"
          className="btn btn-small btn-primary"
          disabled={!modified || update.isPending}
          onClick={() => update.mutate(current.id, { onSuccess: (v) => onOpen(v) })}
          data-testid="asset-view-save-changes"
        >
          Save changes
        </button>
      )}
      <button type="button" className="btn btn-small" onClick={() => show('save')} data-testid="asset-view-save">
        {current ? 'Save as new view' : 'Save view'}
      </button>
      {current && (
        <details className="menu" ref={menu}>
          <summary className="btn btn-small" aria-label="View options" data-testid="asset-view-menu">
            View ▾
          </summary>
          <div className="menu-pop menu-right" role="menu">
            <button type="button" role="menuitem" className="btn btn-small btn-ghost" onClick={() => show('rename')} data-testid="asset-view-rename">
              Rename…
            </button>
            <button type="button" role="menuitem" className="btn btn-small btn-ghost" disabled={pos <= 0} onClick={() => move(-1)} data-testid="asset-view-left">
              Move left
            </button>
            <button
              type="button"
              role="menuitem"
              className="btn btn-small btn-ghost"
              disabled={pos < 0 || pos >= list.length - 1}
              onClick={() => move(1)}
              data-testid="asset-view-right"
            >
              Move right
            </button>
            <button type="button" role="menuitem" className="btn btn-small btn-ghost" onClick={() => show('delete')} data-testid="asset-view-delete">
              Delete…
            </button>
          </div>
        </details>
      )}
      {failed && <ErrorBanner message={toApiError(failed).message} />}
      {(open === 'save' || open === 'rename') && (
        <ViewNameDialog
          title={open === 'save' ? 'Save asset view' : 'Rename asset view'}
          saving={open === 'save'}
          hint="Keeps the asset list's filters, sort and columns under this name."
          name={name}
          onName={setName}
          error={nameError}
          pending={create.isPending || rename.isPending}
          ids={dialogIds}
          onSubmit={submit}
          onClose={close}
        />
      )}
      {open === 'delete' && current && (
        <DeleteViewDialog
          title="Delete asset view"
          error={remove.error}
          pending={remove.isPending}
          ids={dialogIds}
          onConfirm={() => remove.mutate(current.id, { onSuccess: () => (close(), onOpen(null)) })}
          onClose={close}
        >
          Delete the view “{current.name}”? Its assets stay as they are.
        </DeleteViewDialog>
      )}
    </div>
  )
}
