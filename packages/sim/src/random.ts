// Seeded randomness. Every stream is named (`readings`, `churn`, ...) and seeded from the scenario
// seed and its name, so adding draws to one stream never shifts another: the same seed gives the
// same workload, and a scenario change touches only what it changes.
import { createHash } from 'node:crypto'

/** A deterministic random stream (sfc32). */
export class Random {
  #a: number
  #b: number
  #c: number
  #d: number

  /** The stream `name` of the scenario seeded `seed`. */
  constructor (seed: string, name: string) {
    const h = createHash('sha256').update(`techo-sim/${seed}/${name}`).digest()
    this.#a = h.readUInt32LE(0)
    this.#b = h.readUInt32LE(4)
    this.#c = h.readUInt32LE(8)
    this.#d = h.readUInt32LE(12)
    // The first outputs of sfc32 still echo the seed words: skip them.
    for (let i = 0; i < 12; i++) this.next()
  }

  /** Uniform in [0, 1). */
  next (): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0
    this.#d = (this.#d + 1) | 0
    this.#a = this.#b ^ (this.#b >>> 9)
    this.#b = (this.#c + (this.#c << 3)) | 0
    this.#c = (this.#c << 21) | (this.#c >>> 11)
    this.#c = (this.#c + t) | 0
    return (t >>> 0) / 4294967296
  }

  /** Uniform in [min, max). */
  between (min: number, max: number): number {
    return min + (max - min) * this.next()
  }

  /** A whole number in [0, n). */
  below (n: number): number {
    return Math.floor(this.next() * n)
  }

  /** One item of a non-empty list. */
  pick<T> (items: readonly T[]): T {
    return items[this.below(items.length)] as T
  }

  /** The time to the next event of a Poisson process with this rate (events per unit). */
  gap (rate: number): number {
    return -Math.log(1 - this.next()) / rate
  }

  /** `round(share × items.length)` distinct items, in a random order. */
  sample<T> (items: readonly T[], share: number): T[] {
    const copy = [...items]
    const k = Math.min(copy.length, Math.round(share * copy.length))
    for (let i = 0; i < k; i++) {
      const j = i + this.below(copy.length - i)
      const tmp = copy[i] as T
      copy[i] = copy[j] as T
      copy[j] = tmp
    }
    return copy.slice(0, k)
  }
}
