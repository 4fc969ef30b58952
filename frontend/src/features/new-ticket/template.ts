// Filling the New ticket form from a ticket template without losing what was typed.
import type { Draft } from '../../api/tickets'
import type { TicketTemplate } from '../../api/templates'

type Filled = Pick<Draft, 'type' | 'title' | 'description' | 'category' | 'subcategory' | 'service' | 'impact' | 'urgency' | 'groupId'>

/** The form's names of the fields a template fills, in the form's order. */
export const FIELD_LABELS: Record<keyof Filled, string> = {
  type: 'Type',
  title: 'Title',
  description: 'Description',
  category: 'Category',
  subcategory: 'Subcategory',
  impact: 'Impact',
  urgency: 'Urgency',
  groupId: 'Assignment group',
  service: 'Service',
}

/** templateFields are the form fields t fills: those it gives a value (an empty text fills nothing). */
export function templateFields(t: TicketTemplate): Partial<Filled> {
  const all: Filled = {
    type: t.type,
    title: t.title,
    description: t.description,
    category: t.category,
    subcategory: t.subcategory,
    service: t.service,
    impact: t.impact,
    urgency: t.urgency,
    groupId: t.assignmentGroupId,
  }
  const out: Partial<Filled> = {}
  for (const k of Object.keys(all) as (keyof Filled)[]) {
    if (all[k] !== '') (out as Record<string, unknown>)[k] = all[k]
  }
  // A category's subcategory comes with it: a kept subcategory of another category is wrong.
  if (out.category !== undefined && out.subcategory === undefined) out.subcategory = ''
  return out
}

/** overwritten lists the fields the person already set (away from the blank form's value) that
 * the template would change: what the form asks about before filling. */
export function overwritten(draft: Draft, fields: Partial<Filled>, blank: Draft): (keyof Filled)[] {
  return (Object.keys(fields) as (keyof Filled)[]).filter((k) => draft[k] !== blank[k] && draft[k] !== fields[k])
}

/** fillDraft fills draft from the template's fields; keepSet keeps what the person already set. */
export function fillDraft(draft: Draft, fields: Partial<Filled>, blank: Draft, keepSet: boolean): Draft {
  const next: Draft = { ...draft }
  for (const k of Object.keys(fields) as (keyof Filled)[]) {
    if (keepSet && draft[k] !== blank[k]) continue
    ;(next as unknown as Record<string, unknown>)[k] = fields[k]
  }
  if (keepSet && draft.category !== blank.category) next.subcategory = draft.subcategory
  return next
}
