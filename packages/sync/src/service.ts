// The SyncService a daemon runs: it serves /techo/sync/1.0.0, opens a session
// for every (authorised peer, notebook) pair as peers connect, keeps one
// session per pair, reconnects with backoff, follows the ledger (a revoke
// closes sessions on the patient's node and shreds the replica on the
// clinic's), persists per-peer sync state, anchors, and writes the audit log.
import { EventEmitter } from 'node:events'
import * as Automerge from '@automerge/automerge'
import type { Connection, PeerId, Stream } from '@libp2p/interface'
import { actorIdForPeerId } from '@techo/identity'
import type { GrantEvent, LedgerViewEvents, RevokeDeviceEvent, RevokeEvent } from '@techo/ledger'
import type { AuditEvent } from '@techo/vault'
import { handleProtocol, multiaddr, peerIdFromString, type Multiaddr } from '@techo/net'
import { digest, type Notebook } from '@techo/notebook'
import createDebug from 'debug'
import { Anchorer } from './anchor.js'
import { ReadTally, auditEvent, writeEvent } from './audit.js'
import { authorise, type Decision } from './authorise.js'
import { Backoff } from './backoff.js'
import { Channel } from './channel.js'
import { Directory } from './directory.js'
import { SyncError } from './errors.js'
import { PROTOCOL_VERSION, type RefusalCode } from './frames.js'
import type { GateResult } from './gate.js'
import { SYNC_PROTOCOL, accept, initiate, readHello, refuse } from './handshake.js'
import { MemoryDoc, type DocHolder } from './holder.js'
import { DEFAULT_LIMITS, type SyncLimits, type SyncServiceOptions } from './options.js'
import { Replica } from './replica.js'
import { Session, type SessionEnd, type SessionStats } from './session.js'
import { Slots, type Slot } from './slots.js'

const log = createDebug('techo:sync')

/** One open session, as `peers()` reports it. */
export interface SessionInfo {
  peer: string
  party: string
  notebook: string
  direction: 'inbound' | 'outbound'
  access: string
  inSync: boolean
  stats: SessionStats
}

/** A (peer, notebook) pair waiting to reconnect. */
export interface RetryInfo {
  peer: string
  notebook: string
  failures: number
  at: Date
}

/** What syncOnce reports as it goes, per peer and notebook. */
export interface SyncProgress {
  peer: string
  notebook: string
  stage: 'connecting' | 'syncing' | 'in-sync' | 'failed'
  stats?: SessionStats
  error?: Error
}

export interface SyncOnceOptions {
  /** Give up on a pair after this long (default 30 s). */
  timeoutMs?: number
  onProgress?: (progress: SyncProgress) => void
}

export interface SyncServiceEvents {
  session: [SessionInfo]
  'session-end': [SessionInfo, SessionEnd]
  /** Remote changes were applied to a notebook. */
  change: [{ notebook: string, peer: string, party: string }]
  /** A session was refused, by us or by the peer. */
  refused: [{ notebook: string, peer: string, reason: string, by: 'us' | 'peer' }]
  /** A message was rejected by the gate. */
  rejected: [{ notebook: string, peer: string, reason: string }]
  shredded: [{ notebook: string, reason: string }]
  anchored: [{ notebook: string, digest: string, seq: number }]
  error: [Error]
}

interface Retry {
  peer: string
  notebook: string
  backoff: Backoff
  timer?: NodeJS.Timeout
  at: number
}

interface Tracked {
  tally: ReadTally
  stateTimer?: NodeJS.Timeout
}

export class SyncService extends EventEmitter<SyncServiceEvents> {
  readonly #opts: SyncServiceOptions
  readonly #limits: SyncLimits
  readonly #selfPeer: string
  readonly #actor: string
  readonly #replicas = new Map<string, Replica>()
  readonly #anchorers = new Map<string, Anchorer>()
  readonly #slots = new Slots()
  readonly #tracked = new Map<Session, Tracked>()
  readonly #retries = new Map<string, Retry>()
  readonly #timers = new Set<NodeJS.Timeout>()
  /** Each ended session's bookkeeping (read receipts, sync state), which stop() waits for. */
  readonly #endings = new Set<Promise<void>>()
  #directory = new Directory()
  #running = false
  #auditTimer: NodeJS.Timeout | undefined
  #unlisten: Array<() => void> = []

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
    this.#opts = options
    this.#limits = { ...DEFAULT_LIMITS, ...options.limits }
    this.#selfPeer = options.node.peerId.toString()
    this.#actor = actorIdForPeerId(this.#selfPeer)
  }

  /** True between start() and stop(). */
  get running (): boolean {
    return this.#running
  }

  /** Loads the replicas, serves the protocol and opens sessions with every authorised peer already connected. */
  async start (): Promise<void> {
    if (this.#running) return
    const { node, view } = this.#opts
    this.#directory = Directory.fromView(view)
    for (const notebook of this.#opts.notebooks ?? []) this.#addOwn(notebook)
    if (this.#opts.self.role !== 'patient') await this.#followGrants()
    this.#running = true
    await handleProtocol(node, SYNC_PROTOCOL, (stream, connection) => { void this.#inbound(stream, connection) }, {
      maxInboundStreams: this.#limits.maxStreams,
      maxOutboundStreams: this.#limits.maxStreams
    })
    this.#listen()
    this.#auditTimer = setInterval(() => { void this.#flushReads() }, this.#limits.auditIntervalMs)
    for (const peer of node.getPeers()) this.#connected(peer)
    log('sync service of %s (%s) started with %d notebook(s)', this.#selfPeer, this.#opts.self.role, this.#replicas.size)
  }

  /** Closes every session politely, saves what is pending and stops serving the protocol. */
  async stop (): Promise<void> {
    if (!this.#running) return
    this.#running = false
    for (const unlisten of this.#unlisten) unlisten()
    this.#unlisten = []
    clearInterval(this.#auditTimer)
    for (const timer of this.#timers) clearTimeout(timer)
    this.#timers.clear()
    for (const retry of this.#retries.values()) clearTimeout(retry.timer)
    this.#retries.clear()
    await this.#opts.node.unhandle(SYNC_PROTOCOL)
    await Promise.all(this.#slots.all().map(async slot => {
      slot.abort.abort()
      await slot.session?.close('the node is shutting down')
    }))
    await Promise.all([...this.#tracked.keys()].map(async session => await session.ended))
    await Promise.all([...this.#endings])
    await Promise.all([...this.#anchorers.values()].map(async a => await a.stop()))
    this.#anchorers.clear()
    await Promise.all([...this.#replicas.values()].map(async r => await r.idle()))
    for (const replica of this.#replicas.values()) replica.close()
    this.#replicas.clear()
  }

  /** The notebooks this node syncs, and what holds each. */
  notebooks (): Array<{ id: string, owner: string, populated: boolean, holder: DocHolder }> {
    return [...this.#replicas.values()].map(r => ({ id: r.id, owner: r.owner, populated: r.populated, holder: r.holder }))
  }

  /** Open sessions and pairs waiting to reconnect. */
  peers (): { sessions: SessionInfo[], retrying: RetryInfo[] } {
    const sessions = this.#slots.sessions().map(info)
    const retrying = [...this.#retries.values()].map(r => ({ peer: r.peer, notebook: r.notebook, failures: r.backoff.failures, at: new Date(r.at) }))
    return { sessions, retrying }
  }

  /**
   * Runs one round: for `peer` (a PeerId or a multiaddr ending in /p2p/<id>), or else for every connected
   * or known authorised device, opens (or reuses) a session per notebook it may sync and waits until both
   * sides hold the same notebook. Resolves with the final progress of each pair; never throws for one pair.
   */
  async syncOnce (peer?: string | Multiaddr, options: SyncOnceOptions = {}): Promise<SyncProgress[]> {
    if (!this.#running) throw new SyncError('ERR_NOT_RUNNING', 'The sync service is not running; start it first.')
    const targets = peer === undefined ? this.#knownPeers() : [await this.#reach(peer)]
    const pairs = targets.flatMap(p => [...this.#replicas.values()].filter(r => this.#authorise(p, r).ok).map(r => ({ peer: p, replica: r })))
    const timeoutMs = options.timeoutMs ?? 30_000
    return await Promise.all(pairs.map(async ({ peer, replica }) => {
      const report = (progress: SyncProgress): SyncProgress => { options.onProgress?.(progress); return progress }
      const signal = AbortSignal.timeout(timeoutMs)
      try {
        report({ peer, notebook: replica.id, stage: 'connecting' })
        const session = await this.#ensure(peer, replica, signal)
        report({ peer, notebook: replica.id, stage: 'syncing', stats: session.stats })
        await session.waitInSync(signal)
        return report({ peer, notebook: replica.id, stage: 'in-sync', stats: session.stats })
      } catch (err) {
        return report({ peer, notebook: replica.id, stage: 'failed', error: err as Error })
      }
    }))
  }

  // ---- replicas -------------------------------------------------------------

  #addReplica (id: string, owner: string, holder: DocHolder, recreate: boolean): Replica {
    const replica = new Replica({ id, owner, holder, vault: this.#opts.vault, recreate, onError: err => this.#fail(err) })
    this.#replicas.set(id, replica)
    this.#directory.addPatient(owner)
    return replica
  }

  /** The patient's own notebook: synced with its clinics, and anchored if the service was given a ledger. */
  #addOwn (notebook: Notebook): void {
    const { self, anchor } = this.#opts
    if (notebook.patientId !== self.party) {
      throw new SyncError('ERR_BAD_OPTIONS', `Notebook ${notebook.id} belongs to patient ${notebook.patientId}, not to this node's party ${self.party}.`)
    }
    const id = notebook.id
    const owner = self.party
    const replica = this.#addReplica(id, owner, notebook, false)
    if (anchor !== undefined) {
      this.#anchorers.set(id, new Anchorer({
        ledger: anchor.ledger,
        signer: anchor.signer,
        view: this.#opts.view,
        replica,
        digest: () => digest(notebook),
        intervalMs: anchor.intervalMs ?? 5000,
        anchored: ({ digest, seq }) => {
          void this.#audit(auditEvent('anchor', { peer: this.#selfPeer, party: owner, notebook: id }, `anchored digest ${digest} at sequence ${seq}`))
          this.emit('anchored', { notebook: id, digest, seq })
        },
        failed: err => this.#fail(err)
      }))
    }
  }

  /** Clinic roles: open a replica for every active grant to our party; shred those whose grant lapsed while we were away. */
  async #followGrants (): Promise<void> {
    const { view, vault, self } = this.#opts
    for (const grant of view.grantsForClinic(self.party)) {
      if (grant.active) await this.#openReplica(grant.notebook, grant.patient)
      else if (await vault.notebooks.has(grant.notebook)) await this.#shredStored(grant.notebook, grant.patient, grant.revoked ? 'the patient revoked this clinic\'s grant' : 'this clinic\'s grant expired')
    }
  }

  async #openReplica (id: string, owner: string): Promise<Replica> {
    const existing = this.#replicas.get(id)
    if (existing !== undefined) return existing
    let doc: Automerge.Doc<unknown> | undefined
    try {
      doc = await this.#opts.vault.notebooks.load(id, { actor: this.#actor })
    } catch (err) {
      // A replica shredded under an earlier grant starts again empty under the new one.
      if ((err as { code?: string }).code !== 'ERR_SHREDDED') throw err
    }
    const holder = doc !== undefined && this.#opts.open !== undefined ? this.#opts.open(doc, this.#actor) : new MemoryDoc(doc ?? Automerge.init({ actor: this.#actor }))
    return this.#addReplica(id, owner, holder, true)
  }

  async #shredReplica (replica: Replica, reason: string): Promise<void> {
    if (this.#replicas.get(replica.id) !== replica) return
    // Gone from the map first: from here on every hello for it is refused.
    this.#replicas.delete(replica.id)
    for (const [key, retry] of this.#retries) {
      if (retry.notebook === replica.id) { clearTimeout(retry.timer); this.#retries.delete(key) }
    }
    await Promise.all(this.#slots.ofNotebook(replica.id).map(async slot => {
      slot.abort.abort()
      await slot.session?.close(reason)
      await slot.session?.ended
    }))
    await replica.idle()
    replica.close()
    await this.#shredStored(replica.id, replica.owner, reason)
  }

  async #shredStored (id: string, owner: string, reason: string): Promise<void> {
    try {
      await this.#opts.vault.notebooks.shred(id, { audit: [auditEvent('shred', { peer: this.#selfPeer, party: owner, notebook: id }, `crypto-shredded this device's replica: ${reason}`)] })
    } catch (err) {
      this.#fail(err as Error)
      return
    }
    log('shredded replica %s: %s', id, reason)
    this.emit('shredded', { notebook: id, reason })
  }

  // ---- ledger events --------------------------------------------------------

  #listen (): void {
    const { node, view } = this.#opts
    const follow = <K extends keyof LedgerViewEvents>(event: K, listener: (...args: LedgerViewEvents[K]) => void): void => {
      // node's EventEmitter types cannot resolve a listener for a generic event name; the signature above is checked.
      view.on(event, listener as never)
      this.#unlisten.push(() => view.off(event, listener as never))
    }
    follow('approveDevice', event => this.#directory.approve(event))
    follow('revokeDevice', event => { void this.#deviceRevoked(event) })
    follow('grant', event => { void this.#granted(event) })
    follow('revoke', event => { void this.#revoked(event) })
    follow('block', () => { void this.#review() })
    const connected = (event: CustomEvent<PeerId>): void => this.#connected(event.detail)
    node.addEventListener('peer:connect', connected)
    this.#unlisten.push(() => node.removeEventListener('peer:connect', connected))
  }

  async #granted (event: GrantEvent): Promise<void> {
    const { self } = this.#opts
    let replica = this.#replicas.get(event.notebook)
    if (replica === undefined && event.clinic === self.party && self.role !== 'patient') {
      try {
        replica = await this.#openReplica(event.notebook, event.patient)
      } catch (err) {
        return this.#fail(err as Error)
      }
    }
    if (replica === undefined || !this.#running) return
    for (const peer of this.#opts.node.getPeers()) this.#connected(peer)
  }

  async #revoked (event: RevokeEvent): Promise<void> {
    const replica = this.#replicas.get(event.notebook)
    if (replica === undefined) return
    if (replica.owner === this.#opts.self.party) {
      await this.#closeWhere(s => s.notebook === replica.id && s.access.party === event.clinic, 'the patient revoked this clinic\'s grant')
      await this.#audit(auditEvent('revoke', { peer: this.#selfPeer, party: event.clinic, notebook: replica.id }, `stopped syncing with clinic ${event.clinic}: grant revoked at block ${event.block}`))
    } else if (event.clinic === this.#opts.self.party) {
      await this.#shredReplica(replica, 'the patient revoked this clinic\'s grant')
    }
  }

  async #deviceRevoked (event: RevokeDeviceEvent): Promise<void> {
    this.#directory.revoke(event)
    await this.#closeWhere(s => s.peer === event.device, `the approval of device ${event.device} was withdrawn`)
    // A withdrawn clinic device holds patients' data it may no longer hold; a patient's device keeps its own notebook.
    if (event.device === this.#selfPeer && this.#opts.self.role !== 'patient') {
      for (const replica of [...this.#replicas.values()]) await this.#shredReplica(replica, 'this device\'s approval was withdrawn')
    }
  }

  /** After each block: grants may have expired; sessions re-check themselves on every message, replicas here. */
  async #review (): Promise<void> {
    const { view, self } = this.#opts
    for (const replica of [...this.#replicas.values()]) {
      if (replica.owner === self.party) continue
      const grant = view.grant(replica.id, self.party)
      if (grant?.active !== true) await this.#shredReplica(replica, grant?.revoked === true ? 'the patient revoked this clinic\'s grant' : 'this clinic\'s grant expired')
    }
    for (const session of this.#slots.sessions()) {
      const replica = this.#replicas.get(session.notebook)
      if (replica === undefined) continue
      const decision = this.#authorise(session.peer, replica)
      if (!decision.ok) await session.close(`no longer authorised: ${decision.reason}`)
    }
  }

  async #closeWhere (match: (session: Session) => boolean, reason: string): Promise<void> {
    await Promise.all(this.#slots.sessions().filter(match).map(async session => await session.close(reason)))
  }

  // ---- sessions -------------------------------------------------------------

  #authorise (peer: string, replica: Replica): Decision {
    return authorise(this.#opts.view, { self: this.#opts.self.party, notebook: replica.id, owner: replica.owner }, peer)
  }

  /** A peer connected: open a session for each notebook it may sync; the smaller PeerId of the pair goes first. */
  #connected (peerId: PeerId): void {
    if (!this.#running) return
    const peer = peerId.toString()
    const replicas = [...this.#replicas.values()].filter(r => this.#authorise(peer, r).ok)
    if (replicas.length === 0) return
    const open = (): void => {
      for (const replica of replicas) {
        if (this.#running && this.#replicas.get(replica.id) === replica) this.#ensure(peer, replica).catch(() => {})
      }
    }
    if (this.#selfPeer < peer) return open()
    const timer = setTimeout(() => { this.#timers.delete(timer); open() }, this.#limits.tieBreakMs)
    this.#timers.add(timer)
  }

  /** The open session with `peer` for `replica`, dialling one if there is none; follows a session that supersedes the one awaited. */
  async #ensure (peer: string, replica: Replica, signal?: AbortSignal): Promise<Session> {
    for (;;) {
      const slot = this.#slots.get(peer, replica.id) ?? this.#outbound(peer, replica)
      try {
        return await (signal === undefined ? slot.opened : Promise.race([slot.opened, rejectOnAbort(signal, peer)]))
      } catch (err) {
        let next = this.#slots.get(peer, replica.id)
        // The peer refused ours because its own session is on the way: wait for that one.
        if (next === undefined && (err as SyncError).refusal === 'duplicate') {
          next = await this.#slots.next(peer, replica.id, AbortSignal.any([signal ?? new AbortController().signal, AbortSignal.timeout(this.#limits.handshakeTimeoutMs)]))
        }
        if (signal?.aborted === true || next === undefined || next === slot) throw err
      }
    }
  }

  #outbound (peer: string, replica: Replica): Slot {
    const abort = new AbortController()
    const opened = this.#dial(peer, replica, abort.signal)
    const slot: Slot = { direction: 'outbound', abort, opened }
    this.#slots.set(peer, replica.id, slot)
    opened.catch(err => this.#dialFailed(peer, replica, slot, err as Error))
    return slot
  }

  async #dial (peer: string, replica: Replica, signal: AbortSignal): Promise<Session> {
    const decision = this.#authorise(peer, replica)
    if (!decision.ok) throw new SyncError('ERR_NOT_AUTHORISED', `Device ${peer} may not sync notebook ${replica.id}: ${decision.reason}.`)
    const channel = await initiate(this.#opts.node, peerIdFromString(peer), replica.id, this.#limits, AbortSignal.any([signal, AbortSignal.timeout(this.#limits.handshakeTimeoutMs)]))
    const slot = this.#slots.get(peer, replica.id)
    // The peer's own session won the tie while we were dialling, or the replica went away.
    if (signal.aborted || slot?.direction !== 'outbound' || this.#replicas.get(replica.id) !== replica) {
      await channel.close()
      throw new SyncError('ERR_SESSION_CLOSED', `The session with device ${peer} was superseded before it opened.`, { cause: signal.reason })
    }
    const session = await this.#begin(peer, replica, decision, channel, 'outbound')
    slot.session = session
    return session
  }

  #dialFailed (peer: string, replica: Replica, slot: Slot, err: Error): void {
    this.#slots.delete(peer, replica.id, slot)
    log('session with %s for %s did not open: %s', peer, replica.id, err.message)
    const refusal = (err as SyncError).refusal
    if (refusal !== undefined) {
      this.emit('refused', { notebook: replica.id, peer, reason: err.message, by: 'peer' })
      if (refusal === 'duplicate') return
    }
    if ((err as SyncError).code === 'ERR_NOT_AUTHORISED') return
    this.#retry(peer, replica)
  }

  async #inbound (stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    const channel = new Channel(stream, this.#limits.maxFrameBytes)
    let hello: { v: number, notebook: string }
    try {
      hello = await readHello(channel, this.#limits)
    } catch (err) {
      log('bad hello from %s: %s', peer, (err as Error).message)
      channel.reset(err as Error)
      return
    }
    const refusal = this.#judgeHello(peer, hello)
    if (refusal !== undefined) {
      await refuse(channel, refusal.code, refusal.reason)
      this.emit('refused', { notebook: hello.notebook, peer, reason: refusal.reason, by: 'us' })
      if (refusal.code === 'not-authorised') await this.#audit(auditEvent('refused', { peer, notebook: hello.notebook }, `refused to sync with device ${peer}: ${refusal.reason}`))
      return
    }
    const replica = this.#replicas.get(hello.notebook) as Replica
    const decision = this.#authorise(peer, replica) as Decision & { ok: true }
    const existing = this.#slots.get(peer, replica.id)
    if (existing !== undefined) {
      // Both sides dialled at once: the session opened by the smaller PeerId survives, on both sides.
      if (existing.direction === 'outbound' && this.#selfPeer < peer) {
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
    this.#slots.set(peer, replica.id, slot)
    try {
      await accept(channel)
      slot.session = await this.#begin(peer, replica, decision, channel, 'inbound')
      settle.resolve(slot.session)
    } catch (err) {
      log('inbound session with %s for %s failed to start: %s', peer, replica.id, (err as Error).message)
      this.#slots.delete(peer, replica.id, slot)
      channel.reset(err as Error)
      settle.reject(err as Error)
    }
  }

  #judgeHello (peer: string, hello: { v: number, notebook: string }): { code: RefusalCode, reason: string } | undefined {
    if (!this.#running) return { code: 'stopping', reason: 'this node is shutting down' }
    if (hello.v !== PROTOCOL_VERSION) return { code: 'version', reason: `this node speaks sync protocol version ${PROTOCOL_VERSION}, not ${hello.v}` }
    const replica = this.#replicas.get(hello.notebook)
    if (replica === undefined) return { code: 'unknown-notebook', reason: `this node does not sync notebook ${hello.notebook}` }
    const decision = this.#authorise(peer, replica)
    return decision.ok ? undefined : { code: 'not-authorised', reason: decision.reason }
  }

  async #begin (peer: string, replica: Replica, decision: Decision & { ok: true }, channel: Channel, direction: 'inbound' | 'outbound'): Promise<Session> {
    const state = await this.#loadState(replica.id, peer)
    const tracked: Tracked = { tally: new ReadTally() }
    const session: Session = new Session({
      peer,
      direction,
      access: decision.access,
      channel,
      replica,
      directory: this.#directory,
      state,
      timers: this.#limits,
      hooks: {
        authorise: () => !this.#running
          ? { ok: false, reason: 'this node is shutting down' }
          : this.#replicas.get(replica.id) === replica ? this.#authorise(peer, replica) : { ok: false, reason: `notebook ${replica.id} is no longer held here` },
        received: result => this.#received(session, replica, result),
        sent: (chunks, bytes) => {
          tracked.tally.add(chunks, bytes)
          if (chunks > 0) this.#anchorers.get(replica.id)?.touch()
        },
        rejected: error => this.#rejected(session, replica, error)
      }
    })
    this.#tracked.set(session, tracked)
    session.start()
    const ending = session.ended.then(async end => await this.#ended(session, replica, end))
    this.#endings.add(ending)
    void ending.finally(() => this.#endings.delete(ending))
    // Backoff is forgiven once a session reached the same state as its peer, not merely opened:
    // a peer whose messages keep being rejected must not be redialled at the base rate.
    session.waitInSync().then(() => this.#forgive(peer, replica.id), () => {})
    this.emit('session', info(session))
    log('%s session with %s for %s opened (%s)', direction, peer, replica.id, decision.access.level)
    return session
  }

  #received (session: Session, replica: Replica, result: GateResult<unknown>): void {
    this.#scheduleState(session, replica)
    if (!result.changed) return
    const who = { peer: session.peer, party: session.access.party, notebook: replica.id }
    void replica.persist([writeEvent(who, result.chunks, result.writes)])
    this.#maybeOpen(replica)
    this.#anchorers.get(replica.id)?.touch()
    this.emit('change', { notebook: replica.id, peer: session.peer, party: session.access.party })
  }

  /** A bare replica that just received its first notebook is handed to the daemon's opener. */
  #maybeOpen (replica: Replica): void {
    if (this.#opts.open === undefined || !(replica.holder instanceof MemoryDoc)) return
    try {
      replica.setHolder(this.#opts.open(replica.doc, this.#actor))
    } catch (err) {
      this.#fail(err as Error)
    }
  }

  #rejected (session: Session, replica: Replica, error: SyncError): void {
    const reason = error.message
    log('rejected a message from %s for %s: %s', session.peer, replica.id, reason)
    this.emit('rejected', { notebook: replica.id, peer: session.peer, reason })
    void this.#audit(auditEvent('rejected', { peer: session.peer, party: session.access.party, notebook: replica.id }, reason))
  }

  async #ended (session: Session, replica: Replica, end: SessionEnd): Promise<void> {
    const slot = this.#slots.get(session.peer, replica.id)
    if (slot?.session === session) this.#slots.delete(session.peer, replica.id, slot)
    const tracked = this.#tracked.get(session)
    clearTimeout(tracked?.stateTimer)
    const read = tracked?.tally.take({ peer: session.peer, party: session.access.party, notebook: replica.id })
    if (read !== undefined) await this.#audit(read)
    await this.#saveState(session, replica)
    this.#tracked.delete(session)
    this.emit('session-end', info(session), end)
    log('session with %s for %s ended: %s', session.peer, replica.id, end.reason)
    // The side that dialled redials after a failure; a goodbye or a revocation ends it for good.
    if (!end.clean && session.direction === 'outbound') this.#retry(session.peer, replica)
  }

  #retry (peer: string, replica: Replica): void {
    if (!this.#running || this.#replicas.get(replica.id) !== replica || !this.#authorise(peer, replica).ok) return
    const key = `${peer}/${replica.id}`
    let retry = this.#retries.get(key)
    if (retry === undefined) this.#retries.set(key, retry = { peer, notebook: replica.id, backoff: new Backoff(this.#limits.backoff), at: 0 })
    clearTimeout(retry.timer)
    const delay = retry.backoff.next()
    retry.at = Date.now() + delay
    const mine = retry
    retry.timer = setTimeout(() => {
      mine.timer = undefined
      if (!this.#running || this.#slots.get(peer, replica.id) !== undefined) return
      this.#ensure(peer, replica).catch(() => {})
    }, delay)
  }

  #forgive (peer: string, notebook: string): void {
    const retry = this.#retries.get(`${peer}/${notebook}`)
    clearTimeout(retry?.timer)
    this.#retries.delete(`${peer}/${notebook}`)
  }

  // ---- persistence ----------------------------------------------------------

  async #loadState (notebook: string, peer: string): Promise<Automerge.SyncState> {
    try {
      const saved = await this.#opts.vault.syncState.get(notebook, peer)
      if (saved !== undefined) return Automerge.decodeSyncState(saved)
    } catch (err) {
      log('starting afresh with %s for %s: %s', peer, notebook, (err as Error).message)
    }
    return Automerge.initSyncState()
  }

  #scheduleState (session: Session, replica: Replica): void {
    const tracked = this.#tracked.get(session)
    if (tracked === undefined || tracked.stateTimer !== undefined) return
    tracked.stateTimer = setTimeout(() => {
      tracked.stateTimer = undefined
      void this.#saveState(session, replica)
    }, this.#limits.syncStateDelayMs)
  }

  /** Writes the sync state after the notebook save it depends on, so it never claims changes the vault lacks. */
  async #saveState (session: Session, replica: Replica): Promise<void> {
    await replica.idle()
    if (this.#replicas.get(replica.id) !== replica) return
    try {
      await this.#opts.vault.syncState.put(replica.id, session.peer, Automerge.encodeSyncState(session.syncState))
    } catch (err) {
      this.#fail(err as Error)
    }
  }

  async #flushReads (): Promise<void> {
    for (const [session, tracked] of this.#tracked) {
      const event = tracked.tally.take({ peer: session.peer, party: session.access.party, notebook: session.notebook })
      if (event !== undefined) await this.#audit(event)
    }
  }

  async #audit (event: AuditEvent): Promise<void> {
    try {
      await this.#opts.vault.audit.append(event)
    } catch (err) {
      this.#fail(err as Error)
    }
  }

  // ---- helpers --------------------------------------------------------------

  #knownPeers (): string[] {
    const peers = new Set(this.#opts.node.getPeers().map(String))
    const { view, self } = this.#opts
    for (const replica of this.#replicas.values()) {
      const parties = replica.owner === self.party
        ? [self.party, ...grantedParties(view, replica.id)]
        : [replica.owner, self.party]
      for (const party of parties) for (const device of this.#directory.activeDevices(party)) peers.add(device)
    }
    peers.delete(this.#selfPeer)
    return [...peers]
  }

  async #reach (peer: string | Multiaddr): Promise<string> {
    if (typeof peer === 'string' && !peer.startsWith('/')) return peerIdFromString(peer).toString()
    const address = typeof peer === 'string' ? multiaddr(peer) : peer
    const connection = await this.#opts.node.dial(address)
    return connection.remotePeer.toString()
  }

  #fail (err: Error): void {
    log('%s', err.message)
    if (this.listenerCount('error') > 0) this.emit('error', err)
  }
}

function grantedParties (view: SyncServiceOptions['view'], notebook: string): string[] {
  return view.grants(notebook).filter(g => g.active).map(g => g.clinic)
}

function rejectOnAbort (signal: AbortSignal, peer: string): Promise<never> {
  return new Promise((_resolve, reject) => {
    const fail = (): void => reject(new SyncError('ERR_TIMEOUT', `Could not open a sync session with device ${peer} in time.`))
    if (signal.aborted) fail()
    else signal.addEventListener('abort', fail, { once: true })
  })
}

function info (session: Session): SessionInfo {
  return {
    peer: session.peer,
    party: session.access.party,
    notebook: session.notebook,
    direction: session.direction,
    access: session.access.level,
    inSync: session.inSync,
    stats: session.stats
  }
}
