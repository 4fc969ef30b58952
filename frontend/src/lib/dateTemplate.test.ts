import { describe, expect, test } from 'vitest'
import { isTemplate, learn, render } from './dateTemplate'

const formats: Intl.DateTimeFormatOptions[] = [
  { dateStyle: 'medium', timeStyle: 'short' },
  { month: 'short', day: 'numeric' },
  { hour: '2-digit', minute: '2-digit' },
  { year: 'numeric', month: 'short', day: 'numeric' },
]

/** Dates the learning never saw: spread over 35 years, at any minute. */
function randomDates(n: number): Date[] {
  let seed = 42
  const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const from = new Date(2000, 0, 1).getTime()
  const to = new Date(2035, 0, 1).getTime()
  return Array.from({ length: n }, () => new Date(from + Math.floor(next() * (to - from) / 60_000) * 60_000))
}

describe('date templates', () => {
  const dates = randomDates(3000)

  test.each(['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'it-IT', 'nl-NL', 'pt-BR', 'ru-RU', 'pl-PL', 'ja-JP', 'zh-CN', 'ko-KR', 'sv-SE', 'en-IN'])(
    'in %s, a template reads as Intl does, on dates it was not checked on',
    (locale) => {
      for (const options of formats) {
        const t = learn(options, locale)
        // These locales write Latin digits on the Gregorian calendar: each has a template.
        expect(t, JSON.stringify(options)).not.toBeNull()
        const f = new Intl.DateTimeFormat(locale, options)
        for (const d of dates) expect(render(t!, d)).toBe(f.format(d))
        // What storage gives back is what was learnt.
        expect(isTemplate(JSON.parse(JSON.stringify(t)))).toBe(true)
      }
    },
  )

  test.each(['ar-EG', 'th-TH-u-ca-buddhist', 'fa-IR', 'hi-IN-u-nu-deva'])('in %s (other digits or calendar), there is no template', (locale) => {
    for (const options of formats) expect(learn(options, locale)).toBeNull()
  })

  test('what is not a template is refused', () => {
    const good = learn({ month: 'short', day: 'numeric' }, 'en-US')!
    expect(isTemplate(good)).toBe(true)
    for (const bad of [
      null,
      'x',
      { parts: [] },
      { parts: [['weekday']] },
      { ...good, months: ['Jan'] },
      { parts: [['period']] },
      { parts: [['hour', 'pad']] },
      { parts: [['day', 'wide']] },
      { parts: [['lit', 3]] },
    ]) {
      expect(isTemplate(bad), JSON.stringify(bad)).toBe(false)
    }
  })
})
