// The desk's clock as Go sees it. Go's clock is the wall clock in normal use, but the test
// hook (Session.AdvanceClock) moves it ahead; SLA countdowns must count from Go's "now", so
// we keep the offset between the two and learn it from every answer that carries Go's now.
import { useEffect, useState, useSyncExternalStore } from 'react'

let offset = 0
const listeners = new Set<() => void>()

function changed() {
  for (const l of listeners) l()
}

/** goNow is Go's current time in unix ms. */
export function goNow(): number {
  return Date.now() + offset
}

/** learnGoNow records Go's now from an answer (e.g. an SLA status) taken at about this moment. */
export function learnGoNow(now: number): void {
  if (!now) return
  const next = now - Date.now()
  // A round trip takes milliseconds; only a real jump is worth a re-render.
  if (Math.abs(next - offset) < 1000) return
  offset = next
  changed()
}

/** advanceGoClock follows Go's clock:advanced event. */
export function advanceGoClock(minutes: number): void {
  offset += minutes * 60_000
  changed()
}

function subscribe(l: () => void) {
  listeners.add(l)
  return () => {
    listeners.delete(l)
  }
}

const getOffset = () => offset

/**
 * useGoNow re-renders every `everyMs` (and when Go's clock jumps) and returns Go's now. The
 * countdowns derive from due times, so a tick costs no call to Go.
 */
export function useGoNow(everyMs = 30_000): number {
  const off = useSyncExternalStore(subscribe, getOffset, getOffset)
  const [tick, setTick] = useState(0)
  useEffect(() => {
    const h = setInterval(() => setTick((t) => t + 1), everyMs)
    return () => clearInterval(h)
  }, [everyMs])
  void tick
  return Date.now() + off
}
