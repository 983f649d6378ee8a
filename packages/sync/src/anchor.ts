// Anchoring: after sync sessions or local edits changed the patient's notebook,
// the patient's node puts the notebook's salted digest on chain, batched: at most
// one anchor per interval, none when the heads have not moved since the last one.
// The chain orders each signer's anchors on a notebook apart from other signers',
// so the sequence is one past the highest this device has used, by its own memory
// or by the chain's (which a restarted node has only from the chain); two devices
// of one patient never contend for a number. A refusal as stale can then only
// mean the view had not yet seen this device's last anchor: the next interval
// tries again past it. Any other failure (the chain unreachable, a receipt that
// never came) is tried again with backoff, so the day's last edit is anchored
// once the chain answers again, not at the next edit.
import * as Automerge from '@automerge/automerge'
import { Backoff } from '@techo/backoff'
import type { DeviceKey } from '@techo/identity'
import type { AnchorInput } from '@techo/ledger'
import createDebug from 'debug'
import type { ConsentView } from './consent.js'
import { sameHeads } from '@techo/notebook'
import type { Replica } from './replica.js'

const log = createDebug('techo:sync:anchor')

/** What anchoring needs from the ledger client (the `Ledger` class fits). */
export interface AnchorLedger {
  anchor (signer: DeviceKey, anchor: AnchorInput): Promise<unknown>
}

export interface AnchorerInit {
  ledger: AnchorLedger
  /** The device key that signs (an approved device of the patient). */
  signer: DeviceKey
  view: Pick<ConsentView, 'lastAnchorSeq'>
  replica: Replica
  /** The notebook's salted digest now. */
  digest: () => string
  /** At most one anchor per this many ms. */
  intervalMs: number
  /** Told after each anchor, and after each failure (which is retried with backoff). */
  anchored: (result: { digest: string, seq: number }) => void
  failed: (err: Error) => void
}

export class Anchorer {
  readonly #init: AnchorerInit
  #timer: NodeJS.Timeout | undefined
  #running: Promise<void> | undefined
  #lastHeads: string[] = []
  #lastAt = 0
  #seq = 0
  #stopped = false
  readonly #retries = new Backoff()

  constructor (init: AnchorerInit) {
    this.#init = init
  }

  /** Notes that a session changed the notebook; an anchor follows within the interval. */
  touch (): void {
    if (this.#stopped || this.#timer !== undefined) return
    const wait = Math.max(0, this.#lastAt + this.#init.intervalMs - Date.now())
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      // One anchor at a time; a touch during one is served by the next timer.
      if (this.#running !== undefined) return this.touch()
      this.#running = this.#anchor().finally(() => { this.#running = undefined })
    }, wait)
  }

  /** Cancels a pending anchor and waits for one in flight. */
  async stop (): Promise<void> {
    this.#stopped = true
    clearTimeout(this.#timer)
    this.#timer = undefined
    await this.#running
  }

  // A failed anchor is tried again after a delay that grows with each failure in a row (30 s at most).
  #retryLater (): void {
    if (this.#stopped || this.#timer !== undefined) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.touch()
    }, this.#retries.next())
  }

  async #anchor (): Promise<void> {
    const { replica, view, ledger, signer } = this.#init
    const heads = Automerge.getHeads(replica.doc)
    if (heads.length === 0 || sameHeads(heads, this.#lastHeads)) return
    this.#lastAt = Date.now()
    const digest = this.#init.digest()
    const seq = Math.max(this.#seq, view.lastAnchorSeq(replica.id, signer.peerId)) + 1
    try {
      await ledger.anchor(signer, { notebook: replica.id, digest, seq })
    } catch (err) {
      log('anchoring notebook %s failed: %s', replica.id, (err as Error).message)
      if ((err as { code?: unknown }).code === 'ERR_STALE_SEQUENCE') {
        this.#seq = seq
        return this.touch()
      }
      this.#init.failed(err as Error)
      this.#retryLater()
      return
    }
    this.#retries.reset()
    this.#seq = seq
    this.#lastHeads = heads
    log('anchored notebook %s at seq %d', replica.id, seq)
    this.#init.anchored({ digest, seq })
  }
}
