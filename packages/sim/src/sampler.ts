// Periodic measurements of this process: memory, CPU time and event-loop delay (the first sign
// that a process holds more nodes than its core can serve), plus whatever counters the caller adds.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { Sample } from './shard-result.js'

export type Counters = Pick<Sample, 'devices' | 'sessions' | 'bytes' | 'writes' | 'receipts'>

export class Sampler {
  readonly samples: Sample[] = []
  readonly #loop = monitorEventLoopDelay({ resolution: 10 })
  readonly #counters: () => Counters
  #timer: NodeJS.Timeout | undefined

  constructor (counters: () => Counters) {
    this.#counters = counters
    this.#loop.enable()
  }

  /** Samples now, then every `intervalMs` until stop(). */
  start (intervalMs: number): void {
    this.take()
    this.#timer = setInterval(() => this.take(), intervalMs)
  }

  /** Takes one sample now and returns it. */
  take (): Sample {
    const cpu = process.cpuUsage()
    const memory = process.memoryUsage()
    const sample: Sample = {
      t: Date.now(),
      rssBytes: memory.rss,
      heapBytes: memory.heapUsed,
      cpuMs: (cpu.user + cpu.system) / 1000,
      loopP99Ms: this.#loop.percentile(99) / 1e6,
      loopMaxMs: this.#loop.max / 1e6,
      ...this.#counters()
    }
    this.#loop.reset()
    this.samples.push(sample)
    return sample
  }

  stop (): void {
    clearInterval(this.#timer)
    this.#loop.disable()
  }
}
