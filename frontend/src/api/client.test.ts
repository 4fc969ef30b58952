import { describe, expect, it } from 'vitest'
import { ApiError, call, toApiError } from './client'

const validation = { code: 'validation', message: 'invalid input: title: a title is required', fields: { title: 'a title is required' } }

describe('toApiError', () => {
  it.each([
    ['the object itself', validation],
    ['a JSON string', JSON.stringify(validation)],
    // What Wails v2.16's runtime actually delivers: new Error(<the JSON text Go sent>).
    ['an Error holding JSON text', new Error(JSON.stringify(validation))],
  ])('reads code, message and fields from %s', (_, reason) => {
    const e = toApiError(reason)
    expect(e).toBeInstanceOf(ApiError)
    expect(e.code).toBe('validation')
    expect(e.message).toBe(validation.message)
    expect(e.fields).toEqual({ title: 'a title is required' })
    expect(e.field('title')).toBe('a title is required')
  })

  it.each([
    ['not_found', 'not_found'],
    ['invalid_transition', 'invalid_transition'],
    ['forbidden', 'forbidden'],
    ['something_new', 'unknown'],
  ])('maps code %s to %s', (code, want) => {
    expect(toApiError({ code, message: 'm' }).code).toBe(want)
  })

  it('keeps a plain message when there is no JSON', () => {
    const e = toApiError(new Error('Call to Tickets.Get timed out'))
    expect(e.code).toBe('unknown')
    expect(e.message).toBe('Call to Tickets.Get timed out')
    expect(e.fields).toEqual({})
  })

  it('survives broken JSON, odd fields and nothing at all', () => {
    expect(toApiError('{"code": broken').message).toBe('{"code": broken')
    expect(toApiError({ code: 'validation', message: 'x', fields: { a: 1, b: 'ok' } }).fields).toEqual({ b: 'ok' })
    expect(toApiError(undefined).code).toBe('unknown')
    expect(toApiError(42).message).toBe('Something went wrong')
  })

  it('passes an ApiError through', () => {
    const e = new ApiError('conflict', 'changed meanwhile')
    expect(toApiError(e)).toBe(e)
  })
})

describe('call', () => {
  it('rejects only with ApiError', async () => {
    await expect(call(() => Promise.reject(new Error(JSON.stringify(validation))))).rejects.toMatchObject({
      name: 'ApiError',
      code: 'validation',
    })
    await expect(call(() => Promise.resolve(7))).resolves.toBe(7)
  })
})
