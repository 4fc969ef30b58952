import { afterEach, describe, expect, it, vi } from 'vitest'
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

// Each test loads the module afresh: the first screen's release is the module's own state.
async function freshClient() {
  vi.resetModules()
  return import('./client')
}

describe('the shell side answers', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('wait for the frame after the first screen to be painted', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'requestAnimationFrame'] })
    const c = await freshClient()
    const asked = vi.fn(() => Promise.resolve(1))
    const answer = c.afterFirstScreen(asked)
    const painted = vi.fn()
    c.firstScreenPainted(painted)
    await vi.advanceTimersByTimeAsync(0)
    expect(asked).not.toHaveBeenCalled() // the frame is not painted yet
    vi.advanceTimersToNextFrame()
    await vi.advanceTimersByTimeAsync(1) // the task posted from the frame (fake timers run a 0 ms one at 1)
    expect(asked).toHaveBeenCalledOnce()
    await expect(answer).resolves.toBe(1)
    expect(painted).toHaveBeenCalledWith(expect.any(Number))
  })

  it('are asked a second on, after a painted frame, when no first screen shows', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'requestAnimationFrame'] })
    const c = await freshClient()
    const asked = vi.fn(() => Promise.resolve(1))
    void c.afterFirstScreen(asked)
    await vi.advanceTimersByTimeAsync(999)
    expect(asked).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(asked).not.toHaveBeenCalled() // a second on, but no frame painted since
    vi.advanceTimersToNextFrame()
    await vi.advanceTimersByTimeAsync(1) // the task posted from the frame (fake timers run a 0 ms one at 1)
    expect(asked).toHaveBeenCalledOnce()
  })
})
