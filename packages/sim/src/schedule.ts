// Runs timed events at their wall-clock times with one timer at a time, and notes how late each
// ran: a run whose events fall behind is a run this machine could not keep up with, and the
// report says so.
import type { SimClock } from './clock.js'

export interface Scheduled<E> { t: number, event: E }

/** Calls `run` for each event at clock.wallAt(event.t), in order; resolves after the last. `stop()` ends it early. */
export function runSchedule<E> (clock: SimClock, events: Array<Scheduled<E>>, run: (event: E, index: number) => void, lateness: number[]): { done: Promise<void>, stop: () => void } {
  let next = 0
  let timer: NodeJS.Timeout | undefined
  let finish!: () => void
  const done = new Promise<void>(resolve => { finish = resolve })
  const tick = (): void => {
    timer = undefined
    const now = Date.now()
    while (next < events.length) {
      const item = events[next] as Scheduled<E>
      const due = clock.wallAt(item.t)
      if (due > now) break
      lateness.push(now - due)
      run(item.event, next++)
    }
    if (next >= events.length) return finish()
    timer = setTimeout(tick, Math.max(0, clock.wallAt((events[next] as Scheduled<E>).t) - Date.now()))
  }
  tick()
  return {
    done,
    stop: () => {
      clearTimeout(timer)
      next = events.length
      finish()
    }
  }
}
