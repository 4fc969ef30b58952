// A row of tabs: one button per item, the chosen one marked for the eye and for assistive tech.
export interface TabItem<T extends string> {
  id: T
  label: string
}

export function Tabs<T extends string>({
  items,
  value,
  onChange,
  label,
  testid,
  className = 'tabs',
}: {
  items: readonly TabItem<T>[]
  value: T
  onChange: (id: T) => void
  label: string
  testid: string // each tab's data-testid is `${testid}-${id}`
  className?: string
}) {
  return (
    <div className={className} role="tablist" aria-label={label}>
      {items.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          aria-selected={value === t.id}
          className={value === t.id ? 'tab on' : 'tab'}
          onClick={() => onChange(t.id)}
          data-testid={`${testid}-${t.id}`}
        >
          {t.label}
        </button>
      ))}
    </div>
  )
}
