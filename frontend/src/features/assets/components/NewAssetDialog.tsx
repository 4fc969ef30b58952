import { useState } from 'react'
import { classLabels, emptyFields, statusLabels, useAssetMeta, useCreateAsset, type AssetFields } from '../../../api/assets'
import { toApiError } from '../../../api/client'
import type { Reference } from '../../../api/session'
import { ErrorBanner } from '../../../components/ui/Banner'
import { Dialog } from '../../../components/ui/Dialog'
import { Field } from '../../../components/ui/Field'
import { AssetForm } from './AssetForm'

interface Props {
  reference: Reference
  onClose: () => void
  onCreated: (id: string) => void
}

/** NewAssetDialog registers an asset: its class and first status, then its fields. A refusal
 * keeps what was typed and names the field. */
export function NewAssetDialog({ reference, onClose, onCreated }: Props) {
  const meta = useAssetMeta()
  const create = useCreateAsset()
  const [cls, setCls] = useState('hardware')
  const [status, setStatus] = useState('in_use')
  const [fields, setFields] = useState<AssetFields>(emptyFields)
  const err = create.error ? toApiError(create.error) : null
  const submit = () =>
    create.mutate(
      { class: cls, status, fields: { ...fields, type: cls === 'hardware' ? fields.type : '' } },
      { onSuccess: (a) => onCreated(a.id) },
    )
  return (
    <Dialog
      title="New asset"
      onClose={onClose}
      width={620}
      testId="new-asset-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="btn btn-primary" disabled={create.isPending} onClick={submit} data-testid="new-asset-save">
            Register
          </button>
        </>
      }
    >
      <ErrorBanner message={err && err.code !== 'validation' ? err.message : undefined} />
      <div className="asset-form">
        <Field label="Class" error={err?.field('class')}>
          <select value={cls} onChange={(e) => setCls(e.target.value)} data-testid="new-asset-class">
            {(meta.data?.classes ?? []).map((c) => (
              <option key={c} value={c}>
                {classLabels[c] ?? c}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Status" error={err?.field('status')}>
          <select value={status} onChange={(e) => setStatus(e.target.value)} data-testid="new-asset-status">
            {['ordered', 'in_stock', 'in_use'].map((s) => (
              <option key={s} value={s}>
                {statusLabels[s]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <AssetForm
        cls={cls}
        fields={fields}
        onChange={setFields}
        hardwareTypes={meta.data?.hardwareTypes ?? []}
        reference={reference}
        errors={err?.fields ?? {}}
      />
    </Dialog>
  )
}
