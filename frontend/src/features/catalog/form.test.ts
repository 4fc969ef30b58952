import { describe, expect, it } from 'vitest'
import type { FormField } from '../../api/catalog'
import { answersToSend, keyFor, shownFields } from './form'

const field = (key: string, type: FormField['type'], showWhen: FormField['showWhen'] = null): FormField => ({
  key,
  label: key,
  type,
  required: false,
  help: '',
  choices: [],
  showWhen,
})

const fields = [
  field('model', 'choice'),
  field('reason', 'text', { field: 'model', equals: 'Workstation' }),
  field('why', 'text', { field: 'reason', equals: 'CAD' }),
  field('extras', 'multichoice'),
  field('dock', 'text', { field: 'extras', equals: 'Dock' }),
  field('wipe', 'checkbox'),
  field('wipeby', 'date', { field: 'wipe', equals: 'true' }),
]

describe('shownFields', () => {
  it('asks a conditional field only when its condition holds', () => {
    expect(shownFields(fields, { model: 'Standard' }).map((f) => f.key)).toEqual(['model', 'extras', 'wipe'])
    expect(shownFields(fields, { model: 'Workstation', extras: ['Dock'], wipe: true }).map((f) => f.key)).toEqual([
      'model',
      'reason',
      'extras',
      'dock',
      'wipe',
      'wipeby',
    ])
  })
  it('hides a field whose condition names a hidden field', () => {
    expect(shownFields(fields, { model: 'Standard', reason: 'CAD' }).map((f) => f.key)).not.toContain('why')
  })
})

describe('answersToSend', () => {
  it('drops a hidden field’s answer and empty answers', () => {
    expect(answersToSend(fields, { model: 'Standard', reason: 'CAD', extras: [], wipe: false, wipeby: '2026-01-01' })).toEqual({
      model: 'Standard',
    })
  })
})

describe('keyFor', () => {
  it('makes a key Go accepts, unique in the form', () => {
    expect(keyFor('Why a workstation?', [])).toBe('why_a_workstation')
    expect(keyFor('Model', ['model'])).toBe('model_2')
    expect(keyFor('123', [])).toBe('field')
  })
})
