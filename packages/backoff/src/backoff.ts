// Reconnect delays: exponential with jitter (half fixed, half random) and a cap, so a clinic relay
// that restarts is not hit by every phone at the same instant, and a phone that
// stays away costs at most one dial per `maxMs`.

export interface BackoffOptions {
  /** The first delay's upper bound (default 250 ms). */
  baseMs: number
  /** The largest delay (default 30 s). */
  maxMs: number
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 30_000 }

export class Backoff {
  readonly #options: BackoffOptions
  readonly #random: () => number
  #failures = 0

  constructor (options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random) {
    this.#options = options
    this.#random = random
  }

  /** How many failures in a row since the last reset. */
  get failures (): number { return this.#failures }

  /** Counts one more failure and returns the delay before the next try: uniform in [ceiling/2, ceiling], ceiling = min(max, base·2^n). */
  next (): number {
    const ceiling = Math.min(this.#options.maxMs, this.#options.baseMs * 2 ** this.#failures)
    this.#failures = Math.min(this.#failures + 1, 40)
    return Math.round(ceiling / 2 + this.#random() * ceiling / 2)
  }

  /** Forgets past failures (after a session succeeded). */
  reset (): void {
    this.#failures = 0
  }
}
