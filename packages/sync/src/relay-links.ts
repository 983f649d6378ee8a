// Staying connected to the relays that hold this node's open notebooks. A patient's device reaches
// the relays its clinics placed its notebook on; a practitioner's device and a relay reach their own
// clinic's relays for the replicas they have open. Which relays those are follows from the chain
// (placement.ts); where they are, from the peer store or else the DHT. Once a connection stands, the
// dialler opens the sessions. A relay that does not answer is tried again later, each time later;
// one that goes away is replaced at once by the next check, so the other holder keeps serving.
// A clinic's own devices also learn where all of its relays are while one of them answers: a
// practitioner who knows one relay, and loses it, can still find the holders of what it opens next.
import type { PeerId } from '@libp2p/interface'
import { Backoff } from '@techo/backoff'
import { STABLE_CONNECTION_MS, findPeer, peerIdFromString } from '@techo/net'
import createDebug from 'debug'
import { backgroundInterval } from './background-interval.js'
import type { SyncContext } from './context.js'
import { placeNotebook } from './placement.js'

const log = createDebug('techo:sync:relays')
/** How long a relay of this party, once located, goes before the peer store is asked about it again. */
const LOCATED_RECHECK_MS = 60_000

export class RelayLinks {
  readonly #ctx: SyncContext
  readonly #failures = new Map<string, { backoff: Backoff, next: number }>()
  /** When this node last connected to each relay it dialled: one dropped sooner than STABLE_CONNECTION_MS is a failed try, else each hang-up's check would redial at once. */
  readonly #reachedAt = new Map<string, number>()
  readonly #dialling = new Set<string>()
  /** For each of this party's relays: when it may be looked up again (sooner while it has not been found). */
  readonly #locating = new Map<string, { backoff: Backoff, next: number }>()
  readonly #checked: Array<() => void> = []
  #timer: ReturnType<typeof setInterval> | undefined
  #unlisten: (() => void) | undefined

  constructor (ctx: SyncContext) {
    this.#ctx = ctx
  }

  /** Checks now, whenever a peer disconnects, and every `relayCheckMs`; `onCheck` runs with each check. */
  start (onCheck?: () => void): void {
    const { node } = this.#ctx.opts
    if (onCheck !== undefined) this.#checked.push(onCheck)
    const gone = (_event: CustomEvent<PeerId>): void => this.check()
    node.addEventListener('peer:disconnect', gone)
    this.#unlisten = () => node.removeEventListener('peer:disconnect', gone)
    this.#timer = backgroundInterval(() => this.check(), this.#ctx.limits.relayCheckMs)
    this.check()
  }

  stop (): void {
    clearInterval(this.#timer)
    this.#timer = undefined
    this.#unlisten?.()
    this.#unlisten = undefined
    this.#checked.length = 0
  }

  /** The relays (PeerIds) that hold a notebook open here, other than this node. */
  wanted (): Set<string> {
    const { replicas, directory, opts, selfPeer } = this.#ctx
    const relays = new Set<string>()
    for (const replica of replicas.values()) {
      const clinics = replica.owner === opts.self.party
        ? opts.view.grants(replica.id).filter(g => g.active).map(g => g.clinic)
        : [opts.self.party]
      for (const clinic of clinics) {
        for (const relay of placeNotebook(replica.id, directory.activeRelays(clinic))) relays.add(relay)
      }
    }
    relays.delete(selfPeer)
    return relays
  }

  /** Dials every wanted relay this node is not connected to and not already waiting on. */
  check (): void {
    if (!this.#ctx.running) return
    const now = Date.now()
    for (const relay of this.wanted()) {
      if (this.#connected(relay)) {
        if (now - (this.#reachedAt.get(relay) ?? 0) >= STABLE_CONNECTION_MS) this.#failures.delete(relay)
        continue
      }
      const reachedAt = this.#reachedAt.get(relay)
      this.#reachedAt.delete(relay)
      if (reachedAt !== undefined && now - reachedAt < STABLE_CONNECTION_MS) this.#failed(relay, 'it hung up at once')
      if (this.#dialling.has(relay) || (this.#failures.get(relay)?.next ?? 0) > now) continue
      this.#dialling.add(relay)
      this.reach(relay).catch(() => {}).finally(() => this.#dialling.delete(relay))
    }
    this.#locateOwnRelays(now)
    for (const onCheck of this.#checked) onCheck()
  }

  /** Looks up (without dialling) each relay of this node's own party whose addresses it does not know; a patient's party has none. */
  #locateOwnRelays (now: number): void {
    const { node, self } = this.#ctx.opts
    for (const relay of this.#ctx.directory.activeRelays(self.party)) {
      if (relay === this.#ctx.selfPeer || this.#connected(relay)) continue
      let locating = this.#locating.get(relay)
      if (locating === undefined) this.#locating.set(relay, locating = { backoff: new Backoff(this.#ctx.limits.backoff), next: 0 })
      if (locating.next > now) continue
      // Until it answers, each try waits longer (a node with no peer yet finds nobody).
      const attempt = locating
      attempt.next = Infinity
      const id = peerIdFromString(relay)
      void node.peerStore.get(id)
        .then(peer => peer.addresses.length > 0, () => false)
        .then(async known => { if (!known) await findPeer(node, id, { timeoutMs: this.#ctx.limits.handshakeTimeoutMs }) })
        .then(() => {
          attempt.backoff.reset()
          attempt.next = Date.now() + LOCATED_RECHECK_MS
        }, (err: Error) => {
          attempt.next = Date.now() + attempt.backoff.next()
          log('relay %s not located: %s', relay, err.message)
        })
    }
  }

  /** Connects to `relay`, found in the peer store or through the DHT; a failure delays its next try. */
  async reach (relay: string): Promise<void> {
    const ctx = this.#ctx
    if (this.#connected(relay)) return
    try {
      const addresses = await findPeer(ctx.opts.node, relay, { timeoutMs: ctx.limits.handshakeTimeoutMs })
      await ctx.opts.node.dial(addresses, { signal: AbortSignal.timeout(ctx.limits.handshakeTimeoutMs) })
      this.#reachedAt.set(relay, Date.now())
    } catch (err) {
      this.#failed(relay, (err as Error).message)
      throw err
    }
  }

  /** Delays the next try of `relay`, each time longer until a connection to it lasts. */
  #failed (relay: string, why: string): void {
    let failure = this.#failures.get(relay)
    if (failure === undefined) this.#failures.set(relay, failure = { backoff: new Backoff(this.#ctx.limits.backoff), next: 0 })
    failure.next = Date.now() + failure.backoff.next()
    log('relay %s not reached: %s', relay, why)
  }

  #connected (relay: string): boolean {
    return this.#ctx.opts.node.getConnections(peerIdFromString(relay)).length > 0
  }
}
