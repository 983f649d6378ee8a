// The transactions waiting for a block, in arrival order, within limits: a total (go-iost refuses
// a transaction with "txpool is full" past 30,000; the dev chain keeps a tenth of that, and a cap
// on the JSON they hold) and a share per publisher, so one account flooding the pool leaves room
// for the others. Transactions a block had no time for go back to the front, in their order.
import { MAX_PENDING_CHARS, MAX_PENDING_PER_PUBLISHER, MAX_PENDING_TXS } from './constants.js'
import type { AcceptedTx } from './records.js'
import { NodeRefusal } from './refusal.js'

interface Share { count: number, chars: number }

/** The pending transactions and their limits. */
export class PendingPool {
  private waiting: AcceptedTx[] = []
  private readonly hashes = new Set<string>()
  private readonly shares = new Map<string, Share>()
  private chars = 0

  /** Transactions waiting for the next block, oldest first. */
  list (): readonly AcceptedTx[] {
    return this.waiting
  }

  /** True while a transaction with this hash waits. */
  has (hash: string): boolean {
    return this.hashes.has(hash)
  }

  /** Throws the node's refusal if one more transaction of `json`'s size by `publisher` would overfill the pool or that publisher's share. */
  checkRoom (publisher: string, json: string): void {
    if (this.waiting.length >= MAX_PENDING_TXS || this.chars + json.length > MAX_PENDING_CHARS) throw new NodeRefusal('txpool is full')
    const share = this.shares.get(publisher) ?? { count: 0, chars: 0 }
    if (share.count >= MAX_PENDING_PER_PUBLISHER.count || share.chars + json.length > MAX_PENDING_PER_PUBLISHER.chars) {
      throw new NodeRefusal(`txpool is full for publisher ${publisher}: ${share.count} of its transactions are pending`)
    }
  }

  /** Adds an admitted transaction at the end (after `checkRoom`). */
  add (tx: AcceptedTx): void {
    this.waiting.push(tx)
    this.count(tx, 1)
  }

  /** Removes and returns every waiting transaction, oldest first. */
  takeAll (): AcceptedTx[] {
    const taken = this.waiting
    this.waiting = []
    for (const tx of taken) this.count(tx, -1)
    return taken
  }

  /** Puts transactions back at the front, in their order (those a block left for the next). */
  putBack (txs: readonly AcceptedTx[]): void {
    this.waiting = [...txs, ...this.waiting]
    for (const tx of txs) this.count(tx, 1)
  }

  private count (tx: AcceptedTx, sign: 1 | -1): void {
    if (sign > 0) this.hashes.add(tx.hash)
    else this.hashes.delete(tx.hash)
    this.chars += sign * tx.json.length
    const share = this.shares.get(tx.context.publisher) ?? { count: 0, chars: 0 }
    share.count += sign
    share.chars += sign * tx.json.length
    if (share.count === 0) this.shares.delete(tx.context.publisher)
    else this.shares.set(tx.context.publisher, share)
  }
}
