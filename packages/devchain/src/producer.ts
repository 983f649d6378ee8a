// The block clock: produces a block every interval (IOST's 0.5 s by default), each one timed
// from the start of the previous so production time does not stretch the interval. It stops
// when told, or for good when a block cannot be stored.
import createDebug from 'debug'

const log = createDebug('techo:ledger:devchain')

/** A running block clock. */
export interface Producer {
  /** Stops the clock and waits for the block in progress. */
  stop: () => Promise<void>
}

/** Calls `produce` every `intervalMs` until stopped. */
export function startProducer (intervalMs: number, produce: () => Promise<number>): Producer {
  let stopped = false
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> = Promise.resolve()

  const tick = (): void => {
    const started = Date.now()
    running = produce().then(
      () => { if (!stopped) timer = setTimeout(tick, Math.max(0, intervalMs - (Date.now() - started))) },
      (err: unknown) => { log('block production stopped: %O', err) }
    )
  }
  timer = setTimeout(tick, intervalMs)

  return {
    stop: async () => {
      stopped = true
      clearTimeout(timer)
      await running
    }
  }
}
