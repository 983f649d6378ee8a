// One sync session: one long-lived stream, one notebook, one peer, after the
// handshake. Incoming messages go through the gate; local changes go out at
// once (the replica's change event flushes every session of the notebook),
// this device's own changes signed and every message's changes sent with the
// proofs of who wrote them; pings keep an idle stream provably alive. A peer
// silent past the idle limit or a bad frame resets the stream; a rejected
// message ends the session with a goodbye that says so.
import * as Automerge from '@automerge/automerge'
import type { DeviceKey } from '@techo/identity'
import { sameHeads } from '@techo/notebook'
import createDebug from 'debug'
import type { Rights } from './authorship.js'
import type { Access, Decision } from './authorise.js'
import type { Channel } from './channel.js'
import type { Directory } from './directory.js'
import { SyncError } from './errors.js'
import { firstCopyMessage, isDocumentChunk, openingMessage } from './first-contact.js'
import { receiveGated, type GateResult } from './gate.js'
import { wireProofs, type ChangeProof } from './proofs.js'
import type { Replica } from './replica.js'
import type { WriteLimits } from './write-rules.js'

const log = createDebug('techo:sync:session')

/** Time limits of a running session. */
export interface SessionTimers {
  /** Reset the stream when the peer sends nothing (not even a ping) for this long. */
  idleTimeoutMs: number
  /** Send a ping after this long without sending anything. */
  keepaliveMs: number
}

/** What the service learns from a session as it runs. */
export interface SessionHooks {
  /** Re-checks the peer's standing; asked before every message in and every flush out. */
  authorise (): Decision
  /** A received message was applied. */
  received (result: GateResult<unknown>): void
  /** A message went out carrying `chunks` change chunks in `bytes` bytes. */
  sent (chunks: number, bytes: number): void
  /** A received message was rejected; the session ends with a goodbye saying so. */
  rejected (error: SyncError): void
  /** This device signed a new change of its own (the proof is to be saved). */
  signed (): void
}

/** How a session ended. `clean` is true for a goodbye from either side; `rejectedByPeer` when the peer refused our changes. */
export interface SessionEnd {
  clean: boolean
  reason: string
  error?: SyncError
  rejectedByPeer?: boolean
}

/** Who this device is when it signs its own changes. */
export interface Signer { key: DeviceKey, actor: string }

export interface SessionInit {
  peer: string
  direction: 'inbound' | 'outbound'
  access: Access
  channel: Channel
  replica: Replica
  directory: Directory
  /** What a party may do to this notebook now (from the chain). */
  rights: (party: string) => Rights
  writeLimits: WriteLimits
  signer: Signer
  state: Automerge.SyncState
  timers: SessionTimers
  hooks: SessionHooks
}

/** Counters of one session. */
export interface SessionStats {
  bytesIn: number
  bytesOut: number
  messagesIn: number
  messagesOut: number
  /** Change chunks received and sent. */
  chunksIn: number
  chunksOut: number
}

export class Session {
  readonly peer: string
  readonly notebook: string
  readonly direction: 'inbound' | 'outbound'
  readonly channel: Channel
  readonly ended: Promise<SessionEnd>
  access: Access
  readonly #replica: Replica
  readonly #directory: Directory
  readonly #rights: (party: string) => Rights
  readonly #writeLimits: WriteLimits
  readonly #signer: Signer
  // The proof of each actor this session has sent, so each goes to the peer once.
  readonly #proofsSent = new Map<string, string>()
  readonly #timers: SessionTimers
  readonly #hooks: SessionHooks
  readonly #watchers = new Set<() => void>()
  readonly #stats = { messagesIn: 0, messagesOut: 0, chunksIn: 0, chunksOut: 0 }
  #state: Automerge.SyncState
  #theirHeads: string[] | undefined
  #flushing: Promise<void> | undefined
  #again = false
  #awaitingReply = false
  #awaitingSince = 0
  #ending = false
  #lastWrite = Date.now()
  #keepalive: NodeJS.Timeout | undefined
  #unsubscribe: (() => void) | undefined
  #end!: (end: SessionEnd) => void

  constructor (init: SessionInit) {
    this.peer = init.peer
    this.notebook = init.replica.id
    this.direction = init.direction
    this.access = init.access
    this.channel = init.channel
    this.#replica = init.replica
    this.#directory = init.directory
    this.#rights = init.rights
    this.#writeLimits = init.writeLimits
    this.#signer = init.signer
    this.#state = init.state
    this.#timers = init.timers
    this.#hooks = init.hooks
    this.ended = new Promise(resolve => { this.#end = resolve })
  }

  /** Starts exchanging messages (the initiator speaks first), then follows both sides' changes until the session ends. */
  start (): void {
    this.#unsubscribe = this.#replica.onChange(() => this.#flush())
    this.#keepalive = setInterval(() => this.#ping(), this.#timers.keepaliveMs)
    void this.#readLoop()
    // The responder answers instead of opening with its own summary: knowing what the initiator
    // holds, its first message is exactly what the initiator lacks (for a new replica, the whole
    // notebook at once) instead of a bloom filter of every change it holds.
    if (this.direction === 'outbound') this.#flush()
  }

  /** The Automerge sync state with this peer (what the vault keeps between sessions). */
  get syncState (): Automerge.SyncState {
    return this.#state
  }

  /** Bytes, messages and change chunks moved so far. */
  get stats (): SessionStats {
    return { bytesIn: this.channel.bytesIn, bytesOut: this.channel.bytesOut, ...this.#stats }
  }

  /** True when the peer's last message announced exactly our heads: it holds all we hold, and we all it holds. */
  get inSync (): boolean {
    return this.#theirHeads !== undefined && sameHeads(this.#theirHeads, Automerge.getHeads(this.#replica.doc))
  }

  /** Resolves once the session is in sync; rejects if it ends first or `signal` aborts. */
  async waitInSync (signal?: AbortSignal): Promise<void> {
    if (this.inSync) return
    await new Promise<void>((resolve, reject) => {
      const done = (err?: Error): void => {
        this.#watchers.delete(check)
        signal?.removeEventListener('abort', aborted)
        if (err === undefined) resolve()
        else reject(err)
      }
      const check = (): void => { if (this.inSync) done() }
      const aborted = (): void => done(new SyncError('ERR_TIMEOUT', `Notebook ${this.notebook} did not reach the same state as device ${this.peer} in time.`))
      this.#watchers.add(check)
      signal?.addEventListener('abort', aborted, { once: true })
      void this.ended.then(end => done(new SyncError('ERR_SESSION_CLOSED', `The sync session with device ${this.peer} ended before the notebook was in sync: ${end.reason}`, { cause: end.error })))
    })
  }

  /** Ends the session politely: lets the message being sent finish, says goodbye and closes the stream (all within a few seconds). */
  async close (reason: string): Promise<void> {
    if (this.#ending) return await this.ended.then(() => {})
    this.#ending = true
    this.#cleanup()
    // A peer that stopped reading cannot hold the close up: after 2 s the stream is closed regardless.
    const goodbye = (this.#flushing ?? Promise.resolve()).then(async () => await this.channel.write({ type: 'bye', reason })).catch(() => {})
    let timer: NodeJS.Timeout | undefined
    await Promise.race([goodbye, new Promise(resolve => { timer = setTimeout(resolve, 2000) })])
    clearTimeout(timer)
    await this.channel.close()
    this.#end({ clean: true, reason })
  }

  /** Ends the session at once, resetting the stream. */
  reset (error: SyncError): void {
    if (this.#ending) return
    this.#ending = true
    this.#cleanup()
    this.channel.reset(error)
    log('session %s/%s reset: %s', this.peer, this.notebook, error.message)
    this.#end({ clean: false, reason: error.message, error })
  }

  async #readLoop (): Promise<void> {
    try {
      while (!this.#ending) {
        const frame = await this.channel.read(this.#timers.idleTimeoutMs)
        if (this.#ending) return
        if (frame.type === 'sync') this.#receive(frame.message, frame.proofs)
        else if (frame.type === 'bye') return await this.#peerLeft(frame.reason, frame.rejected === true)
        else if (frame.type !== 'ping') throw new SyncError('ERR_BAD_FRAME', `The peer sent a ${frame.type} frame in the middle of a sync session.`)
      }
    } catch (err) {
      this.reset(err instanceof SyncError ? err : new SyncError('ERR_SESSION_CLOSED', (err as Error).message, { cause: err }))
    }
  }

  #receive (message: Uint8Array, proofs: ChangeProof[]): void {
    if (!this.#stillAuthorised()) return
    let result: GateResult<unknown>
    try {
      result = receiveGated({
        doc: this.#replica.doc,
        state: this.#state,
        message,
        proofs,
        notebook: this.notebook,
        owner: this.#replica.owner,
        directory: this.#directory,
        rights: this.#rights,
        limits: this.#writeLimits
      })
    } catch (err) {
      if (!(err instanceof SyncError) || err.code !== 'ERR_REJECTED_CHANGE') throw err
      this.#hooks.rejected(err)
      void this.#refuse(err)
      return
    }
    // The peer holds what it proved: no need to send those proofs back.
    for (const proof of result.learnt) this.#proofsSent.set(proof.actor, proof.hash)
    this.#replica.learn(result.learnt)
    this.#state = result.state
    this.#theirHeads = result.theirHeads
    this.#awaitingReply = false
    this.#stats.messagesIn++
    this.#stats.chunksIn += result.chunks
    log('%s ← %s: %d bytes, %d change chunk(s)', this.notebook, this.peer, message.length, result.chunks)
    // Automerge retires the old document object on every receive, so the new one is adopted even when nothing changed.
    this.#replica.adopt(result.doc)
    this.#hooks.received(result)
    this.#notify()
    this.#flush()
  }

  /** Sends every message Automerge has for the peer; concurrent calls fold into the running one. */
  #flush (): void {
    if (this.#ending) return
    if (this.#flushing !== undefined) {
      this.#again = true
      return
    }
    this.#flushing = this.#drain().catch(err => {
      this.reset(err instanceof SyncError ? err : new SyncError('ERR_SESSION_CLOSED', (err as Error).message, { cause: err }))
    }).finally(() => { this.#flushing = undefined })
  }

  async #drain (): Promise<void> {
    do {
      this.#again = false
      while (!this.#ending && !this.#awaitingReply) {
        if (!this.#stillAuthorised()) return
        const next = this.#nextMessage()
        if (next === undefined) break
        const { message, chunks } = next
        this.#awaitingReply = next.awaitsAnswer
        this.#awaitingSince = Date.now()
        await this.channel.write({ type: 'sync', message, proofs: chunks > 0 ? this.#proofsToSend() : [] })
        this.#lastWrite = Date.now()
        this.#stats.messagesOut++
        this.#stats.chunksOut += chunks
        log('%s → %s: %d bytes, %d change chunk(s)', this.notebook, this.peer, message.length, chunks)
        this.#hooks.sent(chunks, message.length)
      }
    } while (this.#again && !this.#ending && !this.#awaitingReply)
    this.#notify()
  }

  /**
   * The next message for the peer, undefined when there is nothing to say. `awaitsAnswer`: nothing more
   * may go out until the peer answers. A first-contact message leaves the sync state as it was, and
   * Automerge does not count a whole-document chunk as sent either: until the peer answers, any new
   * message would repeat the opening or carry the whole notebook again.
   */
  #nextMessage (): { message: Uint8Array, chunks: number, awaitsAnswer: boolean } | undefined {
    if (this.#replica.signOwn(this.#signer.key, this.#signer.actor)) this.#hooks.signed()
    const doc = this.#replica.doc
    const opening = openingMessage(doc, this.#state)
    if (opening !== undefined) return { message: opening, chunks: 0, awaitsAnswer: true }
    const copy = firstCopyMessage(doc, this.#state)
    if (copy !== undefined) return { message: copy, chunks: 1, awaitsAnswer: true }
    const [state, message] = Automerge.generateSyncMessage(doc, this.#state)
    this.#state = state
    if (message === null) return undefined
    // Automerge also sends a document chunk to a peer that lacks most of the notebook. An empty
    // replica's chunk carries nothing worth not repeating, and a peer as empty has no heads to answer
    // with, so waiting for its answer would stall this session until the keepalive.
    const { changes } = Automerge.decodeSyncMessage(message)
    return { message, chunks: changes.length, awaitsAnswer: changes.some(isDocumentChunk) && Automerge.getHeads(doc).length > 0 }
  }

  // The proofs the peer has not had from this session: with changes it lacks, the proofs of their
  // authors (sending those of every actor we know is a few hundred bytes each, once per session).
  #proofsToSend (): ChangeProof[] {
    const fresh = this.#replica.proofs.all().filter(p => this.#proofsSent.get(p.actor) !== p.hash)
    for (const proof of fresh) this.#proofsSent.set(proof.actor, proof.hash)
    return wireProofs(fresh)
  }

  // A message we rejected: the peer is told why, so it holds its changes back instead of resending them.
  async #refuse (error: SyncError): Promise<void> {
    if (this.#ending) return
    this.#ending = true
    this.#cleanup()
    log('session %s/%s: rejected the peer\'s message: %s', this.peer, this.notebook, error.message)
    await this.channel.write({ type: 'bye', reason: error.message.slice(0, 500), rejected: true }).catch(() => {})
    await this.channel.close()
    this.#end({ clean: false, reason: error.message, error })
  }

  #stillAuthorised (): boolean {
    const decision = this.#hooks.authorise()
    if (decision.ok) {
      this.access = decision.access
      return true
    }
    void this.close(`no longer authorised: ${decision.reason}`)
    return false
  }

  #ping (): void {
    // A peer that never answers an opening or a whole notebook must not hold this side's changes back for good.
    if (this.#awaitingReply && Date.now() - this.#awaitingSince >= this.#timers.keepaliveMs) {
      this.#awaitingReply = false
      this.#flush()
    }
    if (this.#ending || this.#flushing !== undefined || Date.now() - this.#lastWrite < this.#timers.keepaliveMs) return
    this.#lastWrite = Date.now()
    this.channel.write({ type: 'ping' }).catch(err => this.reset(err as SyncError))
  }

  async #peerLeft (reason: string, rejected: boolean): Promise<void> {
    if (this.#ending) return
    this.#ending = true
    this.#cleanup()
    await this.channel.close()
    if (rejected) this.#end({ clean: false, reason: `the peer rejected our changes: ${reason}`, rejectedByPeer: true })
    else this.#end({ clean: true, reason: `the peer closed the session (${reason})` })
  }

  #notify (): void {
    for (const watcher of [...this.#watchers]) watcher()
  }

  #cleanup (): void {
    clearInterval(this.#keepalive)
    this.#unsubscribe?.()
  }
}
