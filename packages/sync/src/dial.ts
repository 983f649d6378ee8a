// Opening sessions from this side: when a peer connects, for each notebook it
// may sync (the smaller PeerId of the pair goes first, the larger after the
// tie-break delay), and whenever a caller needs the pair's session. Whoever
// needs a pair's session waits on its slot and follows the slot that
// supersedes it; a dial that fails for a reason worth retrying is redialled.
import type { PeerId } from '@libp2p/interface'
import { notebookIdFor } from '@techo/identity'
import { peerIdFromString } from '@techo/net'
import createDebug from 'debug'
import type { SyncContext } from './context.js'
import { SyncError } from './errors.js'
import { initiate } from './handshake.js'
import type { Reconnects } from './reconnect.js'
import type { Replica } from './replica.js'
import type { ReplicaKeeper } from './replicas.js'
import type { Session } from './session.js'
import type { SessionKeeper } from './sessions.js'
import type { Slot } from './slots.js'

const log = createDebug('techo:sync')

export class Dialler {
  readonly #ctx: SyncContext
  readonly #sessions: SessionKeeper
  readonly #reconnects: Reconnects
  readonly #keeper: ReplicaKeeper
  readonly #timers = new Set<NodeJS.Timeout>()
  #unlisten: (() => void) | undefined

  constructor (ctx: SyncContext, keeper: ReplicaKeeper, sessions: SessionKeeper, reconnects: Reconnects) {
    this.#ctx = ctx
    this.#keeper = keeper
    this.#sessions = sessions
    this.#reconnects = reconnects
  }

  /** Opens sessions with every peer already connected and with each peer that connects from now on. */
  start (): void {
    const { node } = this.#ctx.opts
    const connected = (event: CustomEvent<PeerId>): void => this.connected(event.detail)
    node.addEventListener('peer:connect', connected)
    this.#unlisten = () => node.removeEventListener('peer:connect', connected)
    for (const peer of node.getPeers()) this.connected(peer)
  }

  /** Stops following connections and drops the openings still waiting out their tie-break delay. */
  stop (): void {
    this.#unlisten?.()
    this.#unlisten = undefined
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
  }

  /**
   * A peer connected: open a session for each notebook it may sync that is open here, and for its own
   * notebook when it is a patient's device and this node holds that (opening it); the smaller PeerId of
   * the pair goes first. A clinic's own devices sync a replica only while one of them has it open.
   */
  connected (peerId: PeerId): void {
    const ctx = this.#ctx
    if (!ctx.running) return
    const peer = peerId.toString()
    // Only over a connection that still stands: one the peer dropped at once (a relay refusing us)
    // must not be redialled by the session's stream, whose connection would open the next session.
    const standing = (): boolean => ctx.opts.node.getConnections(peerId).length > 0
    const open = (): void => {
      this.notebooksFor(peer).then(replicas => {
        for (const replica of replicas) {
          if (ctx.running && ctx.holds(replica) && standing()) this.ensure(peer, replica).catch(() => {})
        }
      }, err => log('sessions with %s did not open: %s', peer, (err as Error).message))
    }
    if (ctx.selfPeer < peer) return open()
    const timer = setTimeout(() => { this.#timers.delete(timer); open() }, ctx.limits.tieBreakMs)
    this.#timers.add(timer)
  }

  /**
   * The notebooks `peer` may sync with this node: those open here that it keeps (a clinic relay keeps
   * only those placed on it), and its own if it is a patient's device and this node holds it (opened).
   */
  async notebooksFor (peer: string): Promise<Replica[]> {
    const ctx = this.#ctx
    const replicas = [...ctx.replicas.values()].filter(r => ctx.keeps(peer, r.id) && ctx.authorise(peer, r).ok)
    const party = ctx.opts.view.device(peer)?.party
    const theirs = party === undefined ? undefined : ownNotebookOf(party)
    if (theirs !== undefined && this.#keeper.ownerOf(theirs) === party && !replicas.some(r => r.id === theirs)) {
      const replica = await this.#keeper.acquire(theirs)
      if (replica !== undefined && ctx.authorise(peer, replica).ok) replicas.push(replica)
    }
    return replicas
  }

  /** The open session with `peer` for `replica`, dialling one if there is none; follows a session that supersedes the one awaited. */
  async ensure (peer: string, replica: Replica, signal?: AbortSignal): Promise<Session> {
    const { slots, limits } = this.#ctx
    for (;;) {
      const slot = slots.get(peer, replica.id) ?? this.#outbound(peer, replica)
      try {
        return await (signal === undefined ? slot.opened : Promise.race([slot.opened, rejectOnAbort(signal, peer)]))
      } catch (err) {
        let next = slots.get(peer, replica.id)
        // The peer refused ours because its own session is on the way: wait for that one.
        if (next === undefined && (err as SyncError).refusal === 'duplicate') {
          next = await slots.next(peer, replica.id, AbortSignal.any([signal ?? new AbortController().signal, AbortSignal.timeout(limits.handshakeTimeoutMs)]))
        }
        if (signal?.aborted === true || next === undefined || next === slot) throw err
      }
    }
  }

  #outbound (peer: string, replica: Replica): Slot {
    const abort = new AbortController()
    const opened = this.#dial(peer, replica, abort.signal)
    const slot: Slot = { direction: 'outbound', abort, opened }
    this.#ctx.slots.set(peer, replica.id, slot)
    opened.catch(err => this.#dialFailed(peer, replica, slot, err as Error))
    return slot
  }

  async #dial (peer: string, replica: Replica, signal: AbortSignal): Promise<Session> {
    const ctx = this.#ctx
    const decision = ctx.authorise(peer, replica)
    if (!decision.ok) throw new SyncError('ERR_NOT_AUTHORISED', `Device ${peer} may not sync notebook ${replica.id}: ${decision.reason}.`)
    const channel = await initiate(ctx.opts.node, peerIdFromString(peer), replica.id, ctx.limits, AbortSignal.any([signal, AbortSignal.timeout(ctx.limits.handshakeTimeoutMs)]))
    const slot = ctx.slots.get(peer, replica.id)
    // The peer's own session won the tie while we were dialling, or the replica went away.
    if (signal.aborted || slot?.direction !== 'outbound' || !ctx.holds(replica)) {
      await channel.close()
      throw new SyncError('ERR_SESSION_CLOSED', `The session with device ${peer} was superseded before it opened.`, { cause: signal.reason })
    }
    const session = await this.#sessions.begin(peer, replica, decision, channel, 'outbound')
    slot.session = session
    return session
  }

  #dialFailed (peer: string, replica: Replica, slot: Slot, err: Error): void {
    this.#ctx.slots.delete(peer, replica.id, slot)
    log('session with %s for %s did not open: %s', peer, replica.id, err.message)
    const refusal = (err as SyncError).refusal
    if (refusal !== undefined) {
      this.#ctx.events.emit('refused', { notebook: replica.id, peer, reason: err.message, by: 'peer' })
      if (refusal === 'duplicate') return
    }
    if ((err as SyncError).code === 'ERR_NOT_AUTHORISED') return
    this.#reconnects.schedule(peer, replica)
  }
}

// The notebook a party owns if it is a patient (any party id maps to one; only a patient's is held).
function ownNotebookOf (party: string): string | undefined {
  try {
    return notebookIdFor(party)
  } catch {
    return undefined
  }
}

function rejectOnAbort (signal: AbortSignal, peer: string): Promise<never> {
  return new Promise((_resolve, reject) => {
    const fail = (): void => reject(new SyncError('ERR_TIMEOUT', `Could not open a sync session with device ${peer} in time.`))
    if (signal.aborted) fail()
    else signal.addEventListener('abort', fail, { once: true })
  })
}
