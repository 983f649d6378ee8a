// Answering a sync stream a peer opened: read its hello, refuse it (with the
// reason, and nothing of the notebook) unless the peer may sync that notebook
// with us now, settle a simultaneous dial from both sides, then start the session.
import type { Connection, Stream } from '@libp2p/interface'
import createDebug from 'debug'
import { auditEvent } from './audit.js'
import { Channel } from './channel.js'
import type { SyncContext } from './context.js'
import { PROTOCOL_VERSION, type RefusalCode } from './frames.js'
import { accept, readHello, refuse } from './handshake.js'
import type { Replica } from './replica.js'
import type { ReplicaKeeper } from './replicas.js'
import type { Session } from './session.js'
import type { SessionKeeper } from './sessions.js'
import type { Slot } from './slots.js'

const log = createDebug('techo:sync')

/** Handles one inbound sync stream to its end: refused, reset, or handed to a new session. */
export async function answer (ctx: SyncContext, keeper: ReplicaKeeper, sessions: SessionKeeper, stream: Stream, connection: Connection): Promise<void> {
  const peer = connection.remotePeer.toString()
  const channel = new Channel(stream, ctx.limits.maxFrameBytes)
  let hello: { v: number, notebook: string }
  try {
    hello = await readHello(channel, ctx.limits)
  } catch (err) {
    log('bad hello from %s: %s', peer, (err as Error).message)
    channel.reset(err as Error)
    return
  }
  const refusal = judgeHello(ctx, keeper, peer, hello)
  if (refusal !== undefined) {
    await refuse(channel, refusal.code, refusal.reason)
    ctx.events.emit('refused', { notebook: hello.notebook, peer, reason: refusal.reason, by: 'us' })
    if (refusal.code === 'not-authorised') await ctx.audit(auditEvent('refused', { peer, notebook: hello.notebook }, `refused to sync with device ${peer}: ${refusal.reason}`))
    return
  }
  let replica: Replica | undefined
  try {
    replica = await keeper.acquire(hello.notebook)
  } catch (err) {
    log('could not open notebook %s for %s: %s', hello.notebook, peer, (err as Error).message)
  }
  if (replica === undefined) {
    await refuse(channel, 'unknown-notebook', `this node does not sync notebook ${hello.notebook}`)
    return
  }
  const decision = ctx.authorise(peer, replica)
  if (!decision.ok) {
    await refuse(channel, 'not-authorised', decision.reason)
    return
  }
  ctx.events.emit('authorised', { notebook: replica.id, peer })
  const existing = ctx.slots.get(peer, replica.id)
  if (existing !== undefined) {
    // Both sides dialled at once: the session opened by the smaller PeerId survives, on both sides.
    if (existing.direction === 'outbound' && ctx.selfPeer < peer) {
      await refuse(channel, 'duplicate', 'a session for this notebook is already open between these devices')
      return
    }
    existing.abort.abort()
    void existing.session?.close('replaced by a new session from the peer')
  }
  const abort = new AbortController()
  let settle!: { resolve: (session: Session) => void, reject: (err: Error) => void }
  const slot: Slot = { direction: 'inbound', abort, opened: new Promise((resolve, reject) => { settle = { resolve, reject } }) }
  // Nobody may be waiting on an inbound slot; its failure is logged here.
  slot.opened.catch(() => {})
  ctx.slots.set(peer, replica.id, slot)
  try {
    await accept(channel)
    slot.session = await sessions.begin(peer, replica, decision, channel, 'inbound')
    settle.resolve(slot.session)
  } catch (err) {
    log('inbound session with %s for %s failed to start: %s', peer, replica.id, (err as Error).message)
    ctx.slots.delete(peer, replica.id, slot)
    channel.reset(err as Error)
    settle.reject(err as Error)
  }
}

// Judged from the catalog and the chain, before the notebook is opened: a refused peer costs no load.
function judgeHello (ctx: SyncContext, keeper: ReplicaKeeper, peer: string, hello: { v: number, notebook: string }): { code: RefusalCode, reason: string } | undefined {
  if (!ctx.running) return { code: 'stopping', reason: 'this node is shutting down' }
  if (hello.v !== PROTOCOL_VERSION) return { code: 'version', reason: `this node speaks sync protocol version ${PROTOCOL_VERSION}, not ${hello.v}` }
  const owner = keeper.ownerOf(hello.notebook)
  if (owner === undefined) return { code: 'unknown-notebook', reason: `this node does not sync notebook ${hello.notebook}` }
  const decision = ctx.authoriseFor(peer, hello.notebook, owner)
  return decision.ok ? undefined : { code: 'not-authorised', reason: decision.reason }
}
