// The service's side of each open session: the hooks it gives the session
// (re-authorise, apply, count, reject), the read receipts it tallies for the
// audit log, the per-peer sync state it saves, and what follows the session's
// end (bookkeeping, and a redial by the side that dialled).
import createDebug from 'debug'
import { ReadTally, auditEvent, writeEvent } from './audit.js'
import type { Decision } from './authorise.js'
import type { Channel } from './channel.js'
import type { SyncContext } from './context.js'
import type { SyncError } from './errors.js'
import type { GateResult } from './gate.js'
import type { Reconnects } from './reconnect.js'
import type { Replica } from './replica.js'
import type { ReplicaKeeper } from './replicas.js'
import { sessionInfo } from './session-info.js'
import { Session, type SessionEnd } from './session.js'
import { loadSyncState, saveSyncState } from './sync-state.js'

const log = createDebug('techo:sync')
// Refusals already written to the audit log, by peer, notebook and reason (bounded).
const MAX_REJECTIONS_REMEMBERED = 10_000

interface Tracked {
  tally: ReadTally
  stateTimer?: NodeJS.Timeout
}

export class SessionKeeper {
  readonly #ctx: SyncContext
  readonly #keeper: ReplicaKeeper
  readonly #reconnects: Reconnects
  readonly #tracked = new Map<Session, Tracked>()
  /** Each ended session's bookkeeping (read receipts, sync state), which stop() waits for. */
  readonly #endings = new Set<Promise<void>>()
  readonly #audited = new Set<string>()
  #auditTimer: NodeJS.Timeout | undefined

  constructor (ctx: SyncContext, keeper: ReplicaKeeper, reconnects: Reconnects) {
    this.#ctx = ctx
    this.#keeper = keeper
    this.#reconnects = reconnects
  }

  /** Starts writing read receipts to the audit log every `auditIntervalMs`. */
  start (): void {
    this.#auditTimer = setInterval(() => { void this.#flushReads() }, this.#ctx.limits.auditIntervalMs)
  }

  /** Stops the read receipts timer. */
  stop (): void {
    clearInterval(this.#auditTimer)
  }

  /** Resolves once every session has ended and its bookkeeping is written. */
  async settled (): Promise<void> {
    await Promise.all([...this.#tracked.keys()].map(async session => await session.ended))
    await Promise.all([...this.#endings])
  }

  /** Starts a session on an accepted channel, resuming from the sync state saved for the peer. */
  async begin (peer: string, replica: Replica, decision: Decision & { ok: true }, channel: Channel, direction: 'inbound' | 'outbound'): Promise<Session> {
    const ctx = this.#ctx
    const state = await loadSyncState(ctx, replica.id, peer)
    const tracked: Tracked = { tally: new ReadTally() }
    const session: Session = new Session({
      peer,
      direction,
      access: decision.access,
      channel,
      replica,
      directory: ctx.directory,
      rights: party => ctx.rights(replica, party),
      writeLimits: ctx.limits.writes,
      signer: ctx.signer,
      state,
      timers: ctx.limits,
      hooks: {
        authorise: () => !ctx.running
          ? { ok: false, reason: 'this node is shutting down' }
          : ctx.holds(replica) ? ctx.authorise(peer, replica) : { ok: false, reason: `notebook ${replica.id} is no longer held here` },
        received: result => this.#received(session, replica, result),
        sent: (chunks, bytes) => {
          tracked.tally.add(chunks, bytes)
          if (chunks > 0) this.#keeper.touch(replica.id)
        },
        rejected: error => this.#rejected(session, replica, error),
        signed: () => { void replica.persist() }
      }
    })
    this.#tracked.set(session, tracked)
    session.start()
    const ending = session.ended.then(async end => await this.#ended(session, replica, end))
    this.#endings.add(ending)
    void ending.finally(() => this.#endings.delete(ending))
    // Backoff is forgiven once a session reached the same state as its peer, not merely opened:
    // a peer whose messages keep being rejected must not be redialled at the base rate.
    session.waitInSync().then(() => this.#reconnects.forgive(peer, replica.id), () => {})
    ctx.events.emit('session', sessionInfo(session))
    log('%s session with %s for %s opened (%s)', direction, peer, replica.id, decision.access.level)
    return session
  }

  #received (session: Session, replica: Replica, result: GateResult<unknown>): void {
    this.#scheduleState(session, replica)
    if (!result.changed) {
      if (result.learnt.length > 0) void replica.persist()
      return
    }
    const who = { peer: session.peer, party: session.access.party, notebook: replica.id }
    void replica.persist([writeEvent(who, result.chunks, result.writes)])
    this.#keeper.maybeOpen(replica)
    this.#keeper.touch(replica.id)
    this.#ctx.events.emit('change', { notebook: replica.id, peer: session.peer, party: session.access.party })
  }

  #rejected (session: Session, replica: Replica, error: SyncError): void {
    const reason = error.message
    log('rejected a message from %s for %s: %s', session.peer, replica.id, reason)
    this.#ctx.events.emit('rejected', { notebook: replica.id, peer: session.peer, reason })
    // The same refusal from the same device is written once: a peer that keeps sending it cannot flood the log.
    const key = `${session.peer}/${replica.id}/${reason}`
    if (this.#audited.has(key)) return
    if (this.#audited.size >= MAX_REJECTIONS_REMEMBERED) this.#audited.clear()
    this.#audited.add(key)
    void this.#ctx.audit(auditEvent('rejected', { peer: session.peer, party: session.access.party, notebook: replica.id }, reason))
  }

  async #ended (session: Session, replica: Replica, end: SessionEnd): Promise<void> {
    const { slots } = this.#ctx
    const slot = slots.get(session.peer, replica.id)
    if (slot?.session === session) slots.delete(session.peer, replica.id, slot)
    const tracked = this.#tracked.get(session)
    clearTimeout(tracked?.stateTimer)
    const read = tracked?.tally.take({ peer: session.peer, party: session.access.party, notebook: replica.id })
    if (read !== undefined) await this.#ctx.audit(read)
    await saveSyncState(this.#ctx, session, replica)
    this.#tracked.delete(session)
    this.#ctx.events.emit('session-end', sessionInfo(session), end)
    log('session with %s for %s ended: %s', session.peer, replica.id, end.reason)
    // The side that dialled redials after a failure; a goodbye or a revocation ends it for good. After
    // a refusal the same changes would be refused again: a side waits until its copy changes (the side
    // whose changes were refused redials then, whichever side dialled), so the refusing side's log
    // gets it once, not once per backoff step.
    const rejectedByUs = end.error?.code === 'ERR_REJECTED_CHANGE'
    if (end.rejectedByPeer === true) this.#ctx.events.emit('refused', { notebook: replica.id, peer: session.peer, reason: end.reason, by: 'peer' })
    if (end.rejectedByPeer === true || (rejectedByUs && session.direction === 'outbound')) {
      this.#reconnects.forgive(session.peer, replica.id)
      this.#reconnects.scheduleOnChange(session.peer, replica)
    } else if (!end.clean && session.direction === 'outbound') {
      this.#reconnects.schedule(session.peer, replica)
    }
  }

  #scheduleState (session: Session, replica: Replica): void {
    const tracked = this.#tracked.get(session)
    if (tracked === undefined || tracked.stateTimer !== undefined) return
    tracked.stateTimer = setTimeout(() => {
      tracked.stateTimer = undefined
      void saveSyncState(this.#ctx, session, replica)
    }, this.#ctx.limits.syncStateDelayMs)
  }

  async #flushReads (): Promise<void> {
    for (const [session, tracked] of this.#tracked) {
      const event = tracked.tally.take({ peer: session.peer, party: session.access.party, notebook: session.notebook })
      if (event !== undefined) await this.#ctx.audit(event)
    }
  }
}
