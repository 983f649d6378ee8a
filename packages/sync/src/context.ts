// What the parts of a running SyncService share: its options and identity,
// the notebooks it holds, the session table, the ledger's device directory,
// and the few answers every part asks for (may this peer sync this replica?
// is this replica still held?) and every part reports through (errors, audit).
import type { EventEmitter } from 'node:events'
import { actorIdForPeerId } from '@techo/identity'
import type { Rights } from './authorship.js'
import type { AuditEvent } from '@techo/vault'
import createDebug from 'debug'
import { authorise, type Decision } from './authorise.js'
import { Directory } from './directory.js'
import type { SyncServiceEvents } from './events.js'
import { SyncError } from './errors.js'
import { placeNotebook } from './placement.js'
import { DEFAULT_LIMITS, type SyncLimits, type SyncServiceOptions } from './options.js'
import type { Replica } from './replica.js'
import type { Signer } from './session.js'
import { Slots } from './slots.js'

const log = createDebug('techo:sync')

export class SyncContext {
  readonly opts: SyncServiceOptions
  readonly limits: SyncLimits
  readonly selfPeer: string
  readonly actor: string
  readonly signer: Signer
  /** The service itself: every part emits its events through it. */
  readonly events: EventEmitter<SyncServiceEvents>
  readonly replicas = new Map<string, Replica>()
  readonly slots = new Slots()
  directory = new Directory()
  running = false

  constructor (options: SyncServiceOptions, events: EventEmitter<SyncServiceEvents>) {
    this.opts = options
    this.limits = { ...DEFAULT_LIMITS, ...options.limits }
    this.selfPeer = options.node.peerId.toString()
    this.actor = actorIdForPeerId(this.selfPeer)
    if (options.signer.peerId !== this.selfPeer) {
      throw new SyncError('ERR_BAD_OPTIONS', `The signer is device ${options.signer.peerId}, not this node's device ${this.selfPeer}: a device signs its changes with its own key.`)
    }
    this.signer = { key: options.signer, actor: this.actor }
    this.events = events
  }

  /** What `party` may do to `replica`'s notebook now: its owner, a grant's scope, or nothing. */
  rights (replica: Replica, party: string): Rights {
    if (party === replica.owner) return 'owner'
    const grant = this.opts.view.grant(replica.id, party)
    return grant?.active === true ? grant.scope : 'none'
  }

  /** Decides, from the ledger now, whether `peer` may sync `replica` with this node. */
  authorise (peer: string, replica: Replica): Decision {
    return this.authoriseFor(peer, replica.id, replica.owner)
  }

  /** Decides, from the ledger now, whether `peer` may sync notebook `id` of patient `owner` with this node. */
  authoriseFor (peer: string, id: string, owner: string): Decision {
    return authorise(this.opts.view, { self: this.opts.self.party, notebook: id, owner }, peer)
  }

  /** Whether device `peer` keeps notebook `id`: a clinic relay keeps only the notebooks placed on it, any other device all it may sync. */
  keeps (peer: string, id: string): boolean {
    const device = this.directory.byPeer(peer)
    if (device?.role !== 'relay') return true
    return placeNotebook(id, this.directory.activeRelays(device.party)).includes(peer)
  }

  /** True while `replica` is the one this node holds for its notebook (not shredded, not replaced). */
  holds (replica: Replica): boolean {
    return this.replicas.get(replica.id) === replica
  }

  /** Logs a failure nobody awaits, and emits it as 'error' if anyone listens. */
  fail (err: Error): void {
    log('%s', err.message)
    if (this.events.listenerCount('error') > 0) this.events.emit('error', err)
  }

  /** Appends to the audit log; a failed append goes to fail(), never to the caller. */
  async audit (event: AuditEvent): Promise<void> {
    try {
      await this.opts.vault.audit.append(event)
    } catch (err) {
      this.fail(err as Error)
    }
  }
}
