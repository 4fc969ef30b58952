// How an SLA target reads: "15 min", "8 business hours", "3 business days".

export interface TargetLike {
  value: number
  unit: string
}

const units: Record<string, [string, string]> = {
  minutes: ['min', 'min'],
  hours: ['hour', 'hours'],
  days: ['day', 'days'],
}

export function formatTarget(t: TargetLike | undefined, business: boolean): string {
  if (!t || !t.value) return '—'
  const [one, many] = units[t.unit] ?? [t.unit, t.unit]
  const unit = t.value === 1 ? one : many
  return `${t.value} ${business && t.unit !== 'minutes' ? 'business ' : ''}${unit}${business && t.unit === 'minutes' ? ' (business)' : ''}`
}
