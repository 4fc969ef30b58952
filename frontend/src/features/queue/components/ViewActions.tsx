import { useRef, useState, type FormEvent } from 'react'
import { toApiError } from '../../../api/client'
import type { Reference } from '../../../api/session'
import type { QueueFilter } from '../../../api/tickets'
import {
  createView,
  deleteView,
  renameView,
  reorderViews,
  shareView,
  updateView,
  useViewWrite,
  type SavedView,
} from '../../../api/views'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Dialog } from '../../../components/ui/LazyDialog'
import { Field } from '../../../components/ui/Field'
import { MenuDetails } from '../../../components/ui/MenuDetails'
import { DeleteViewDialog, ViewNameDialog, type ViewDialogIds } from './ViewDialogs'

interface Props {
  filter: QueueFilter
  columns: string[]
  /** The saved view on screen, if any. */
  saved?: SavedView
  /** The person's own views in their order (to move one up or down). */
  own: SavedView[]
  meId: string
  /** Managers and admins may share a view with a group (Go checks it again). */
  canShare: boolean
  modified: boolean
  reference: Reference | undefined
  /** A view was saved or changed: show it. null: the view on screen was deleted. */
  onView: (v: SavedView | null) => void
}

type Dialogs = 'save' | 'rename' | 'share' | 'delete' | null

/** ViewActions saves the queue as a view, and changes, moves, shares or deletes a saved one. */
const dialogIds: ViewDialogIds = {
  nameDialog: 'view-name-dialog',
  name: 'view-name',
  submit: 'view-name-submit',
  deleteDialog: 'view-delete-dialog',
  confirm: 'view-delete-confirm',
}

export function ViewActions({ filter, columns, saved, own, meId, canShare, modified, reference, onView }: Props) {
  const [open, setOpen] = useState<Dialogs>(null)
  const menu = useRef<HTMLDetailsElement>(null)
  const [name, setName] = useState('')
  const [group, setGroup] = useState('')
  const create = useViewWrite(createView)
  const update = useViewWrite((id: string) => updateView(id, { name: saved?.name ?? '', query: filter, columns }))
  const rename = useViewWrite((v: { id: string; name: string }) => renameView(v.id, v.name))
  const share = useViewWrite((v: { id: string; group: string }) => shareView(v.id, v.group))
  const remove = useViewWrite(deleteView)
  const reorder = useViewWrite(reorderViews)
  const mine = !!saved && saved.ownerId === meId
  // A manager or admin in the group a view is shared with edits it too; the order stays the
  // owner's (Go checks both again).
  const editable = mine || (!!saved && saved.groupId !== '' && canShare)
  const failed = [update, reorder].find((m) => m.error)?.error

  const close = () => {
    setOpen(null)
    create.reset()
    rename.reset()
    share.reset()
    remove.reset()
  }
  const show = (d: Dialogs) => {
    if (menu.current) menu.current.open = false // a chosen item closes the menu
    setName(d === 'rename' ? (saved?.name ?? '') : '')
    setGroup(saved?.groupId ?? '')
    setOpen(d)
  }
  const move = (by: number) => {
    if (menu.current) menu.current.open = false
    if (!saved) return
    const ids = own.map((v) => v.id)
    const i = ids.indexOf(saved.id)
    const j = i + by
    if (i < 0 || j < 0 || j >= ids.length) return
    ;[ids[i], ids[j]] = [ids[j], ids[i]]
    reorder.mutate(ids)
  }
  const submitSave = (e: FormEvent) => {
    e.preventDefault()
    create.mutate({ name, query: filter, columns }, { onSuccess: (v) => (close(), onView(v)) })
  }
  const submitRename = (e: FormEvent) => {
    e.preventDefault()
    if (saved) rename.mutate({ id: saved.id, name }, { onSuccess: (v) => (close(), onView(v)) })
  }
  const submitShare = (e: FormEvent) => {
    e.preventDefault()
    if (saved) share.mutate({ id: saved.id, group }, { onSuccess: (v) => (close(), onView(v)) })
  }
  const pos = saved ? own.findIndex((v) => v.id === saved.id) : -1
  const err = (m: { error: unknown }) => (m.error ? toApiError(m.error) : null)
  const nameError = err(create) ?? err(rename)

  return (
    <div className="view-actions">
      {saved && !mine && (
        <span className="muted" data-testid="view-shared-by">
          Shared by {saved.ownerName}
        </span>
      )}
      {editable && (
        <button
          type="button"
          className="btn btn-small btn-primary"
          disabled={!modified || update.isPending}
          onClick={() => saved && update.mutate(saved.id, { onSuccess: (v) => onView(v) })}
          data-testid="view-save-changes"
        >
          Save changes
        </button>
      )}
      <button type="button" className="btn btn-small" onClick={() => show('save')} data-testid="view-save">
        {saved ? 'Save as new view' : 'Save view'}
      </button>
      {editable && (
        <MenuDetails
          className="menu"
          ref={menu}
          summary={
            <summary className="btn btn-small" aria-label="View options" data-testid="view-menu">
              View ▾
            </summary>
          }
        >
          <div className="menu-pop menu-right" role="menu">
            <button type="button" role="menuitem" className="btn btn-small btn-ghost" onClick={() => show('rename')} data-testid="view-rename">
              Rename…
            </button>
            {mine && (
              <button
                type="button"
                role="menuitem"
                className="btn btn-small btn-ghost"
                disabled={pos <= 0}
                onClick={() => move(-1)}
                data-testid="view-up"
              >
                Move up
              </button>
            )}
            {mine && (
              <button
                type="button"
                role="menuitem"
                className="btn btn-small btn-ghost"
                disabled={pos < 0 || pos >= own.length - 1}
                onClick={() => move(1)}
                data-testid="view-down"
              >
                Move down
              </button>
            )}
            {canShare && (
              <button type="button" role="menuitem" className="btn btn-small btn-ghost" onClick={() => show('share')} data-testid="view-share">
                Share with a group…
              </button>
            )}
            <button type="button" role="menuitem" className="btn btn-small btn-ghost" onClick={() => show('delete')} data-testid="view-delete">
              Delete…
            </button>
          </div>
        </MenuDetails>
      )}
      {failed && <ErrorBanner message={toApiError(failed).message} />}
      {(open === 'save' || open === 'rename') && (
        <ViewNameDialog
          title={open === 'save' ? 'Save view' : 'Rename view'}
          saving={open === 'save'}
          hint="Keeps this queue's filters, sort and columns in the sidebar."
          name={name}
          onName={setName}
          error={nameError}
          pending={create.isPending || rename.isPending}
          ids={dialogIds}
          onSubmit={open === 'save' ? submitSave : submitRename}
          onClose={close}
        />
      )}
      {open === 'share' && saved && (
        <Dialog title="Share view" onClose={close} width={400} testId="view-share-dialog">
          <form onSubmit={submitShare}>
            <Field label="Members of this group see the view (only you change it)" error={err(share)?.field('group') ?? err(share)?.message}>
              <select value={group} onChange={(e) => setGroup(e.target.value)} data-testid="view-share-group">
                <option value="">Not shared</option>
                {(reference?.groups ?? []).map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.name}
                  </option>
                ))}
              </select>
            </Field>
            <div className="dialog-actions">
              <button type="submit" className="btn btn-primary" disabled={share.isPending} data-testid="view-share-submit">
                Save
              </button>
            </div>
          </form>
        </Dialog>
      )}
      {open === 'delete' && saved && (
        <DeleteViewDialog
          title="Delete view"
          error={remove.error}
          pending={remove.isPending}
          ids={dialogIds}
          onConfirm={() => remove.mutate(saved.id, { onSuccess: () => (close(), onView(null)) })}
          onClose={close}
        >
          Delete the view “{saved.name}”? Its tickets stay as they are.
          {saved.groupId && ' Its group no longer sees it either.'}
        </DeleteViewDialog>
      )}
    </div>
  )
}
