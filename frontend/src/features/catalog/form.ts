// The request form's logic, as Go's catalog.Shown decides it: which fields are asked, and the
// answers that are sent (a hidden field's answer is dropped, since Go refuses it).
import type { Answer, Answers, FormField } from '../../api/catalog'

/** matches reports whether an answer satisfies a condition's value (a multi-choice: includes it). */
export function matches(answer: Answer | undefined, want: string): boolean {
  if (answer === undefined) return false
  if (Array.isArray(answer)) return answer.includes(want)
  if (typeof answer === 'boolean') return String(answer) === want
  return answer === want
}

/** shownFields lists the fields asked for these answers, in order. */
export function shownFields(fields: FormField[], answers: Answers): FormField[] {
  const shown = new Set<string>()
  return fields.filter((f) => {
    const ok = !f.showWhen || (shown.has(f.showWhen.field) && matches(answers[f.showWhen.field], f.showWhen.equals))
    if (ok) shown.add(f.key)
    return ok
  })
}

/** isEmpty: an answer that says nothing (Go's empty). */
export function isEmpty(a: Answer | undefined): boolean {
  return a === undefined || a === '' || a === false || (Array.isArray(a) && a.length === 0)
}

/** answersToSend keeps the non-empty answers of the shown fields. */
export function answersToSend(fields: FormField[], answers: Answers): Answers {
  const out: Answers = {}
  for (const f of shownFields(fields, answers)) {
    const a = answers[f.key]
    if (!isEmpty(a)) out[f.key] = typeof a === 'string' ? a.trim() : (a as Answer)
  }
  return out
}

/** keyFor makes a field key from its label ("Why a workstation?" → "why_a_workstation"). */
export function keyFor(label: string, taken: string[]): string {
  let base = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 36)
  if (!base) base = 'field'
  let key = base
  for (let n = 2; taken.includes(key); n++) key = `${base}_${n}`
  return key
}
