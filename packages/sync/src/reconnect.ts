// Reconnect scheduling: the side that dialled a session redials a (peer,
// notebook) pair after a failure, each time later (see Backoff), until a
// session with the peer reaches the same state, the peer loses its standing,
// or the replica goes away.
import { Backoff } from '@techo/backoff'
import type { SyncContext } from './context.js'
import type { Replica } from './replica.js'

/** A (peer, notebook) pair waiting to reconnect. */
export interface RetryInfo {
  peer: string
  notebook: string
  failures: number
  at: Date
}

interface Retry {
  peer: string
  notebook: string
  backoff: Backoff
  timer?: NodeJS.Timeout
  at: number
}

export class Reconnects {
  readonly #ctx: SyncContext
  readonly #redial: (peer: string, replica: Replica) => Promise<unknown>
  readonly #retries = new Map<string, Retry>()

  /** `redial` opens the pair's session again when its delay is up. */
  constructor (ctx: SyncContext, redial: (peer: string, replica: Replica) => Promise<unknown>) {
    this.#ctx = ctx
    this.#redial = redial
  }

  /** Schedules the pair's next dial after its next backoff delay, unless the peer may no longer sync the replica. */
  schedule (peer: string, replica: Replica): void {
    const ctx = this.#ctx
    if (!ctx.running || !ctx.holds(replica) || !ctx.authorise(peer, replica).ok) return
    const key = `${peer}/${replica.id}`
    let retry = this.#retries.get(key)
    if (retry === undefined) this.#retries.set(key, retry = { peer, notebook: replica.id, backoff: new Backoff(ctx.limits.backoff), at: 0 })
    clearTimeout(retry.timer)
    const delay = retry.backoff.next()
    retry.at = Date.now() + delay
    const mine = retry
    retry.timer = setTimeout(() => {
      mine.timer = undefined
      if (!ctx.running || !ctx.holds(replica) || ctx.slots.get(peer, replica.id) !== undefined) return
      this.#redial(peer, replica).catch(() => {})
    }, delay)
  }

  /** Redials the pair only once the replica changes: the peer refused what it holds now, and would refuse it again. */
  scheduleOnChange (peer: string, replica: Replica): void {
    const unsubscribe = replica.onChange(() => {
      unsubscribe()
      this.schedule(peer, replica)
    })
  }

  /** Forgets the pair's failures: its next failure is redialled at the base rate. */
  forgive (peer: string, notebook: string): void {
    const retry = this.#retries.get(`${peer}/${notebook}`)
    clearTimeout(retry?.timer)
    this.#retries.delete(`${peer}/${notebook}`)
  }

  /** Drops every pending redial for `notebook`. */
  cancel (notebook: string): void {
    for (const [key, retry] of this.#retries) {
      if (retry.notebook === notebook) { clearTimeout(retry.timer); this.#retries.delete(key) }
    }
  }

  /** Drops every pending redial. */
  clear (): void {
    for (const retry of this.#retries.values()) clearTimeout(retry.timer)
    this.#retries.clear()
  }

  /** The pairs waiting to reconnect, with their failures so far and the time of the next dial. */
  list (): RetryInfo[] {
    return [...this.#retries.values()].map(r => ({ peer: r.peer, notebook: r.notebook, failures: r.backoff.failures, at: new Date(r.at) }))
  }
}
