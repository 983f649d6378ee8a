// The notebooks a SyncService holds: a patient's own (anchored when the
// service was given a ledger), and a clinic's replicas, opened from the vault
// as grants arrive and crypto-shredded when they are revoked or expire.
import * as Automerge from '@automerge/automerge'
import { digest, type Notebook } from '@techo/notebook'
import createDebug from 'debug'
import { Anchorer } from './anchor.js'
import { auditEvent } from './audit.js'
import type { SyncContext } from './context.js'
import { SyncError } from './errors.js'
import { MemoryDoc, type DocHolder } from './holder.js'
import type { Reconnects } from './reconnect.js'
import { ProofBook } from './proofs.js'
import { Replica } from './replica.js'

const log = createDebug('techo:sync')

export class ReplicaKeeper {
  readonly #ctx: SyncContext
  readonly #reconnects: Reconnects
  readonly #anchorers = new Map<string, Anchorer>()

  constructor (ctx: SyncContext, reconnects: Reconnects) {
    this.#ctx = ctx
    this.#reconnects = reconnects
  }

  /** The patient's own notebook: synced with its clinics, and anchored if the service was given a ledger. */
  async addOwn (notebook: Notebook): Promise<void> {
    const { self, anchor, view, vault } = this.#ctx.opts
    if (notebook.patientId !== self.party) {
      throw new SyncError('ERR_BAD_OPTIONS', `Notebook ${notebook.id} belongs to patient ${notebook.patientId}, not to this node's party ${self.party}.`)
    }
    const id = notebook.id
    const owner = self.party
    const proofs = await vault.notebooks.loadProofs(id)
    const replica = this.#add(id, owner, notebook, false, ProofBook.fromBytes(proofs))
    if (anchor !== undefined) {
      this.#anchorers.set(id, new Anchorer({
        ledger: anchor.ledger,
        signer: this.#ctx.opts.signer,
        view,
        replica,
        digest: () => digest(notebook),
        intervalMs: anchor.intervalMs ?? 5000,
        anchored: ({ digest, seq }) => {
          void this.#ctx.audit(auditEvent('anchor', { peer: this.#ctx.selfPeer, party: owner, notebook: id }, `anchored digest ${digest} at sequence ${seq}`))
          this.#ctx.events.emit('anchored', { notebook: id, digest, seq })
        },
        failed: err => this.#ctx.fail(err)
      }))
    }
  }

  /** Clinic roles: open a replica for every active grant to our party; shred those whose grant lapsed while we were away. */
  async followGrants (): Promise<void> {
    const { view, vault, self } = this.#ctx.opts
    for (const grant of view.grantsForClinic(self.party)) {
      if (grant.active) await this.open(grant.notebook, grant.patient)
      else if (await vault.notebooks.has(grant.notebook)) await this.#shredStored(grant.notebook, grant.patient, grant.revoked ? 'the patient revoked this clinic\'s grant' : 'this clinic\'s grant expired')
    }
  }

  /** The replica of notebook `id`, loaded from the vault (or started empty) if it is not held yet. */
  async open (id: string, owner: string): Promise<Replica> {
    const { vault, open } = this.#ctx.opts
    const actor = this.#ctx.actor
    const existing = this.#ctx.replicas.get(id)
    if (existing !== undefined) return existing
    let doc: Automerge.Doc<unknown> | undefined
    try {
      doc = await vault.notebooks.load(id, { actor })
    } catch (err) {
      // A replica shredded under an earlier grant starts again empty under the new one.
      if ((err as { code?: string }).code !== 'ERR_SHREDDED') throw err
    }
    const holder = doc !== undefined && open !== undefined ? open(doc, actor) : new MemoryDoc(doc ?? Automerge.init({ actor }))
    return this.#add(id, owner, holder, true, ProofBook.fromBytes(doc === undefined ? undefined : await vault.notebooks.loadProofs(id)))
  }

  /** Stops holding `replica`: ends its sessions and redials, waits for its saves, then crypto-shreds it in the vault. */
  async shred (replica: Replica, reason: string): Promise<void> {
    const { replicas, slots } = this.#ctx
    if (!this.#ctx.holds(replica)) return
    // Gone from the map first: from here on every hello for it is refused.
    replicas.delete(replica.id)
    this.#reconnects.cancel(replica.id)
    await Promise.all(slots.ofNotebook(replica.id).map(async slot => {
      slot.abort.abort()
      await slot.session?.close(reason)
      await slot.session?.ended
    }))
    await replica.idle()
    replica.close()
    await this.#shredStored(replica.id, replica.owner, reason)
  }

  /** A bare replica that just received its first notebook is handed to the daemon's opener. */
  maybeOpen (replica: Replica): void {
    const { open } = this.#ctx.opts
    if (open === undefined || !(replica.holder instanceof MemoryDoc)) return
    try {
      replica.setHolder(open(replica.doc, this.#ctx.actor))
    } catch (err) {
      this.#ctx.fail(err as Error)
    }
  }

  /** Notes that a session moved notebook `id`: an anchor of the patient's own notebook follows within its interval. */
  touch (id: string): void {
    this.#anchorers.get(id)?.touch()
  }

  /** Stops anchoring, waits for pending saves and lets go of every replica. */
  async stop (): Promise<void> {
    const { replicas } = this.#ctx
    await Promise.all([...this.#anchorers.values()].map(async a => await a.stop()))
    this.#anchorers.clear()
    await Promise.all([...replicas.values()].map(async r => await r.idle()))
    for (const replica of replicas.values()) replica.close()
    replicas.clear()
  }

  #add (id: string, owner: string, holder: DocHolder, recreate: boolean, proofs: ProofBook): Replica {
    const replica = new Replica({ id, owner, holder, proofs, vault: this.#ctx.opts.vault, recreate, onError: err => this.#ctx.fail(err) })
    this.#ctx.replicas.set(id, replica)
    this.#ctx.directory.addPatient(owner)
    return replica
  }

  async #shredStored (id: string, owner: string, reason: string): Promise<void> {
    try {
      await this.#ctx.opts.vault.notebooks.shred(id, { audit: [auditEvent('shred', { peer: this.#ctx.selfPeer, party: owner, notebook: id }, `crypto-shredded this device's replica: ${reason}`)] })
    } catch (err) {
      this.#ctx.fail(err as Error)
      return
    }
    log('shredded replica %s: %s', id, reason)
    this.#ctx.events.emit('shredded', { notebook: id, reason })
  }
}
