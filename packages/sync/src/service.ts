// The SyncService a daemon runs: it serves /techo/sync/1.0.0, opens a session
// for every (authorised peer, notebook) pair as peers connect, keeps one
// session per pair, reconnects with backoff, follows the ledger (a revoke
// closes sessions on the patient's node and shreds the replica on the
// clinic's), persists per-peer sync state, anchors, and writes the audit log.
// This class wires those parts together; each lives in its own file.
import { EventEmitter } from 'node:events'
import { handleProtocol, type Multiaddr } from '@techo/net'
import createDebug from 'debug'
import { SyncContext } from './context.js'
import { Dialler } from './dial.js'
import { Directory } from './directory.js'
import { SyncError } from './errors.js'
import type { SyncServiceEvents } from './events.js'
import { SYNC_PROTOCOL } from './handshake.js'
import type { DocHolder } from './holder.js'
import { answer } from './inbound.js'
import { LedgerFollower } from './ledger-events.js'
import type { SyncServiceOptions } from './options.js'
import { Rebalancer } from './rebalance.js'
import { Reconnects, type RetryInfo } from './reconnect.js'
import { RelayLinks } from './relay-links.js'
import type { Replica } from './replica.js'
import { ReplicaKeeper } from './replicas.js'
import { sessionInfo, type SessionInfo } from './session-info.js'
import { SessionKeeper } from './sessions.js'
import { syncOnce, type SyncOnceOptions, type SyncProgress } from './sync-once.js'

const log = createDebug('techo:sync')

export class SyncService extends EventEmitter<SyncServiceEvents> {
  readonly #ctx: SyncContext
  readonly #reconnects: Reconnects
  readonly #replicas: ReplicaKeeper
  readonly #sessions: SessionKeeper
  readonly #dialler: Dialler
  readonly #links: RelayLinks
  readonly #rebalancer: Rebalancer
  readonly #ledger: LedgerFollower

  constructor (options: SyncServiceOptions) {
    super()
    if (options?.node?.peerId === undefined || options.vault === undefined || options.view === undefined) {
      throw new SyncError('ERR_BAD_OPTIONS', 'A SyncService needs a started node, an unlocked vault and a ledger view.')
    }
    if (typeof options.self?.party !== 'string' || options.self.party === '') {
      throw new SyncError('ERR_BAD_OPTIONS', 'A SyncService needs self.party: the base58 id of the party this node belongs to.')
    }
    if (options.self.role !== 'patient' && (options.notebooks?.length ?? 0) > 0) {
      throw new SyncError('ERR_BAD_OPTIONS', `A ${options.self.role} node holds replicas that follow its clinic's grants; only a patient node passes its own notebooks.`)
    }
    const ctx = this.#ctx = new SyncContext(options, this)
    this.#reconnects = new Reconnects(ctx, (peer, replica) => this.#dialler.ensure(peer, replica))
    this.#replicas = new ReplicaKeeper(ctx, this.#reconnects)
    this.#sessions = new SessionKeeper(ctx, this.#replicas, this.#reconnects)
    this.#dialler = new Dialler(ctx, this.#replicas, this.#sessions, this.#reconnects)
    this.#links = new RelayLinks(ctx)
    this.#rebalancer = new Rebalancer(ctx, this.#replicas, this.#dialler, this.#links)
    this.#ledger = new LedgerFollower(ctx, this.#replicas, this.#dialler, this.#rebalancer)
  }

  /** True between start() and stop(). */
  get running (): boolean {
    return this.#ctx.running
  }

  /** Loads the replicas, serves the protocol and opens sessions with every authorised peer already connected. */
  async start (): Promise<void> {
    const ctx = this.#ctx
    if (ctx.running) return
    const { node, view, self, notebooks } = ctx.opts
    ctx.directory = Directory.fromView(view)
    for (const notebook of notebooks ?? []) await this.#replicas.addOwn(notebook)
    if (self.role !== 'patient') await this.#replicas.followGrants()
    ctx.running = true
    await handleProtocol(node, SYNC_PROTOCOL, (stream, connection) => { void answer(ctx, this.#replicas, this.#sessions, stream, connection) }, {
      maxInboundStreams: ctx.limits.maxStreams,
      maxOutboundStreams: ctx.limits.maxStreams
    })
    this.#ledger.start()
    this.#sessions.start()
    this.#dialler.start()
    // A relay hands off, at each check, the notebooks placed on other relays since it last ran.
    this.#links.start(self.role === 'relay' ? () => { void this.#rebalancer.handOff() } : undefined)
    if (self.role === 'relay') void this.#rebalancer.placeAll().catch(err => ctx.fail(err as Error))
    log('sync service of %s (%s) started holding %d notebook(s)', ctx.selfPeer, self.role, this.#replicas.counts.held)
  }

  /** Closes every session politely, saves what is pending and stops serving the protocol. */
  async stop (): Promise<void> {
    const ctx = this.#ctx
    if (!ctx.running) return
    ctx.running = false
    this.#ledger.stop()
    this.#links.stop()
    this.#dialler.stop()
    this.#sessions.stop()
    this.#reconnects.clear()
    await ctx.opts.node.unhandle(SYNC_PROTOCOL)
    await Promise.all(ctx.slots.all().map(async slot => {
      slot.abort.abort()
      await slot.session?.close('the node is shutting down')
    }))
    await this.#sessions.settled()
    await this.#replicas.stop()
  }

  /** The notebooks this node has open now, and what holds each (a clinic node opens a replica when it is needed). */
  notebooks (): Array<{ id: string, owner: string, populated: boolean, holder: DocHolder }> {
    return [...this.#ctx.replicas.values()].map(held)
  }

  /** Notebook `id` if it is open here, and what holds it. */
  notebook (id: string): { id: string, owner: string, populated: boolean, holder: DocHolder } | undefined {
    const replica = this.#ctx.replicas.get(id)
    return replica === undefined ? undefined : held(replica)
  }

  /** Every notebook this node holds, open or not, with its owner. */
  held (): Array<{ id: string, owner: string }> {
    return this.#replicas.held().map(id => ({ id, owner: this.#replicas.ownerOf(id) as string }))
  }

  /** How many notebooks this node holds, and how many are open now. */
  counts (): { held: number, open: number } {
    return this.#replicas.counts
  }

  /** What this node carries now, for a person watching its load (`techo peers`, the clinic's page). */
  async load (): Promise<SyncLoad> {
    const ctx = this.#ctx
    const { held, open } = this.#replicas.counts
    return {
      held,
      open,
      idle: [...ctx.replicas.keys()].filter(id => ctx.slots.ofNotebook(id).length === 0).length,
      stored: (await ctx.opts.vault.notebooks.list()).length,
      sessions: ctx.slots.sessions().length,
      leaving: this.#rebalancer.leaving
    }
  }

  /**
   * Notebook `id` opened (from the vault, on a clinic node) and kept open while it is used, or undefined
   * if this node does not hold it; sessions for it are opened with the connected devices that may sync it.
   */
  async open (id: string): Promise<{ id: string, owner: string, populated: boolean, holder: DocHolder } | undefined> {
    const replica = await this.#replicas.acquire(id)
    if (replica === undefined) return undefined
    this.#links.check()
    for (const peer of this.#ctx.opts.node.getPeers()) this.#dialler.connected(peer)
    return held(replica)
  }

  /** Open sessions and pairs waiting to reconnect. */
  peers (): { sessions: SessionInfo[], retrying: RetryInfo[] } {
    return { sessions: this.#ctx.slots.sessions().map(sessionInfo), retrying: this.#reconnects.list() }
  }

  /**
   * Runs one round: for `peer` (a PeerId or a multiaddr ending in /p2p/<id>), or else for every connected
   * or known authorised device, opens (or reuses) a session per notebook it may sync and waits until both
   * sides hold the same notebook. Resolves with the final progress of each pair; never throws for one pair.
   */
  async syncOnce (peer?: string | Multiaddr, options: SyncOnceOptions = {}): Promise<SyncProgress[]> {
    return await syncOnce(this.#ctx, this.#dialler, peer, options)
  }
}

/** A node's load: notebooks it holds (granted, and placed on it), open in memory (of which idle: no session, kept until they time out), stored in its vault, sync sessions, and notebooks waiting to move to the clinic's other relays. */
export interface SyncLoad { held: number, open: number, idle: number, stored: number, sessions: number, leaving: number }

function held (r: Replica): { id: string, owner: string, populated: boolean, holder: DocHolder } {
  return { id: r.id, owner: r.owner, populated: r.populated, holder: r.holder }
}
