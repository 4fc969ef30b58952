import type { AssetFields } from '../../../api/assets'
import { label } from '../../../api/assets'
import type { Reference } from '../../../api/session'
import { Field } from '../../../components/ui/Field'

interface Props {
  cls: string
  fields: AssetFields
  onChange: (f: AssetFields) => void
  hardwareTypes: string[]
  reference: Reference
  errors: Readonly<Record<string, string>>
  readOnly?: boolean
}

/** costText shows cents as an amount; parseCost reads one back (null when empty). */
export const costText = (cents: number | null) => (cents == null ? '' : (cents / 100).toFixed(2))
export function parseCost(s: string): number | null {
  const t = s.trim().replace(',', '.')
  if (t === '') return null
  const n = Number(t)
  return Number.isFinite(n) ? Math.round(n * 100) : NaN
}

/** AssetForm edits an asset's own fields; Go judges them and names the field it refuses. */
export function AssetForm({ cls, fields, onChange, hardwareTypes, reference, errors, readOnly }: Props) {
  const set = (patch: Partial<AssetFields>) => onChange({ ...fields, ...patch })
  const text = (name: keyof AssetFields, title: string, limit?: number) => (
    <Field label={title} error={errors[name]} limit={limit} value={String(fields[name] ?? '')}>
      <input
        value={String(fields[name] ?? '')}
        readOnly={readOnly}
        onChange={(e) => set({ [name]: e.target.value } as Partial<AssetFields>)}
        data-testid={`asset-field-${name}`}
      />
    </Field>
  )
  return (
    <div className="asset-form">
      {text('name', 'Name', 200)}
      {cls === 'hardware' && (
        <Field label="Type" error={errors.type}>
          <select value={fields.type} disabled={readOnly} onChange={(e) => set({ type: e.target.value })} data-testid="asset-field-type">
            <option value="">Pick a type</option>
            {hardwareTypes.map((t) => (
              <option key={t} value={t}>
                {label(t)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {text('serial', 'Serial number', 100)}
      {text('model', 'Model', 100)}
      {text('manufacturer', 'Manufacturer', 100)}
      <Field label="Owner" error={errors.ownerId}>
        <select
          value={fields.ownerId ?? ''}
          disabled={readOnly}
          onChange={(e) => set({ ownerId: e.target.value || null })}
          data-testid="asset-field-owner"
        >
          <option value="">Nobody</option>
          {reference.users.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      </Field>
      {text('location', 'Location', 100)}
      <Field label="Purchase date" error={errors.purchaseDate}>
        <input type="date" value={fields.purchaseDate} readOnly={readOnly} onChange={(e) => set({ purchaseDate: e.target.value })} data-testid="asset-field-purchaseDate" />
      </Field>
      <Field label="Cost" error={errors.cost}>
        <input
          inputMode="decimal"
          defaultValue={costText(fields.cost)}
          readOnly={readOnly}
          onChange={(e) => set({ cost: parseCost(e.target.value) })}
          data-testid="asset-field-cost"
        />
      </Field>
      <Field label="Warranty end" error={errors.warrantyEnd}>
        <input type="date" value={fields.warrantyEnd} readOnly={readOnly} onChange={(e) => set({ warrantyEnd: e.target.value })} data-testid="asset-field-warrantyEnd" />
      </Field>
      <Field label="Attributes (JSON)" error={errors.attributes} hint="The class's own fields, e.g. {&quot;os&quot;: &quot;Debian 12&quot;, &quot;cpuCount&quot;: 8}">
        <textarea rows={3} value={fields.attributes} readOnly={readOnly} onChange={(e) => set({ attributes: e.target.value })} data-testid="asset-field-attributes" />
      </Field>
    </div>
  )
}
