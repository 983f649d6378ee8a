// The notebooks a SyncService holds: a patient's own (always open, anchored when the service was
// given a ledger), and a clinic's replicas. A clinic node's cost follows the patients who are active,
// not those it ever served: it keeps a catalog of the notebooks its grants cover (from the chain, no
// notebook opened), opens a replica from the vault when a session or a caller needs it, and closes
// it again once it has been idle a while, or when too many are open (least recently used first),
// saving it first. A revoke or expiry crypto-shreds a replica whether it is open or not.
import * as Automerge from '@automerge/automerge'
import type { ApproveDeviceEvent } from '@techo/ledger'
import { digest, type Notebook } from '@techo/notebook'
import createDebug from 'debug'
import { Anchorer } from './anchor.js'
import { auditEvent } from './audit.js'
import { backgroundInterval } from './background-interval.js'
import type { SyncContext } from './context.js'
import { SyncError } from './errors.js'
import { MemoryDoc, type DocHolder } from './holder.js'
import { ProofBook } from './proofs.js'
import type { Reconnects } from './reconnect.js'
import { Replica } from './replica.js'

const log = createDebug('techo:sync')

export class ReplicaKeeper {
  readonly #ctx: SyncContext
  readonly #reconnects: Reconnects
  readonly #anchorers = new Map<string, Anchorer>()
  readonly #unwatch: Array<() => void> = []
  /** Every notebook this node holds, open or not, with its owner. */
  readonly #catalog = new Map<string, string>()
  /** Open replicas by when they were last used (a Map keeps insertion order: first is least recent). */
  readonly #used = new Map<string, number>()
  readonly #opening = new Map<string, Promise<Replica>>()
  #sweeper: ReturnType<typeof setInterval> | undefined
  // The earliest expiry among the catalog's grants: before then, a block needs no look at them.
  #nextExpiry = Infinity

  constructor (ctx: SyncContext, reconnects: Reconnects) {
    this.#ctx = ctx
    this.#reconnects = reconnects
  }

  /** How many notebooks this node holds, and how many are open. */
  get counts (): { held: number, open: number } {
    return { held: this.#catalog.size, open: this.#ctx.replicas.size }
  }

  /** The ids of every notebook this node holds, open or not. */
  held (): string[] {
    return [...this.#catalog.keys()]
  }

  /** The owner of a notebook this node holds, or undefined: known without opening it. */
  ownerOf (id: string): string | undefined {
    return this.#catalog.get(id)
  }

  /** The patient's own notebook: synced with its clinics, and anchored (after sessions and local edits) if the service was given a ledger. */
  async addOwn (notebook: Notebook): Promise<void> {
    const { self, anchor, view, vault } = this.#ctx.opts
    if (notebook.patientId !== self.party) {
      throw new SyncError('ERR_BAD_OPTIONS', `Notebook ${notebook.id} belongs to patient ${notebook.patientId}, not to this node's party ${self.party}.`)
    }
    const id = notebook.id
    const owner = self.party
    this.#catalog.set(id, owner)
    const replica = this.#add(id, owner, notebook, false, ProofBook.fromBytes(await vault.notebooks.loadProofs(id)))
    if (anchor !== undefined) {
      const anchorer = new Anchorer({
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
      })
      this.#anchorers.set(id, anchorer)
      // Edits made here are anchored too, batched like the rest, whether or not a clinic is online; not
      // before the chain approves this device (a patient registers with the first grant), which would
      // fail. Edits made before this node's view saw the approval (it follows the chain a little
      // behind) are anchored as soon as it does: otherwise they waited for the next edit.
      let awaitingApproval = false
      this.#unwatch.push(notebook.onChange(change => {
        if (!change.local) return
        if (view.device(this.#ctx.selfPeer)?.active === true) anchorer.touch()
        else awaitingApproval = true
      }))
      const approved = (event: ApproveDeviceEvent): void => {
        if (event.device !== this.#ctx.selfPeer || !awaitingApproval) return
        awaitingApproval = false
        anchorer.touch()
      }
      view.on('approveDevice', approved)
      this.#unwatch.push(() => view.off('approveDevice', approved))
    }
  }

  /**
   * Clinic roles: catalog every active grant to our party that is placed on this device (opening
   * nothing); shred what lapsed while we were away. A relay's stored notebooks placed elsewhere now
   * are the Rebalancer's to hand off.
   */
  async followGrants (): Promise<void> {
    const { view, vault, self } = this.#ctx.opts
    for (const grant of view.grantsForClinic(self.party)) {
      if (grant.active) {
        if (this.#ctx.keeps(this.#ctx.selfPeer, grant.notebook)) this.hold(grant.notebook, grant.patient)
      }
      else if (await vault.notebooks.has(grant.notebook)) await this.#shredStored(grant.notebook, grant.patient, grant.revoked ? 'the patient revoked this clinic\'s grant' : 'this clinic\'s grant expired')
    }
    this.#sweeper = backgroundInterval(() => { void this.#sweep() }, Math.max(1000, this.#ctx.limits.replicaIdleMs / 4))
  }

  /** Adds notebook `id` of patient `owner` to the catalog (a grant to this clinic); opens nothing. */
  hold (id: string, owner: string): void {
    this.#catalog.set(id, owner)
    const until = this.#ctx.opts.view.grant(id, this.#ctx.opts.self.party)?.until ?? Infinity
    this.#nextExpiry = Math.min(this.#nextExpiry, until)
  }

  /** The replica of notebook `id` if this node holds it, opened from the vault (or started empty) if it is not open. */
  async acquire (id: string): Promise<Replica | undefined> {
    const open = this.#ctx.replicas.get(id)
    if (open !== undefined) {
      this.#touch(id)
      return open
    }
    const owner = this.#catalog.get(id)
    if (owner === undefined) return undefined
    let opening = this.#opening.get(id)
    if (opening === undefined) {
      opening = this.#open(id, owner).finally(() => this.#opening.delete(id))
      this.#opening.set(id, opening)
    }
    return await opening
  }

  /** Stops holding `replica`: ends its sessions and redials, waits for its saves, then crypto-shreds it in the vault. */
  async shred (replica: Replica, reason: string): Promise<void> {
    const { replicas, slots } = this.#ctx
    if (!this.#ctx.holds(replica)) return
    // Gone from the map first: from here on every hello for it is refused.
    replicas.delete(replica.id)
    this.#used.delete(replica.id)
    this.#catalog.delete(replica.id)
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

  /** Shreds notebook `id` whether it is open or only stored. */
  async drop (id: string, reason: string): Promise<void> {
    const open = this.#ctx.replicas.get(id)
    if (open !== undefined) return await this.shred(open, reason)
    const owner = this.#catalog.get(id)
    this.#catalog.delete(id)
    if (owner !== undefined && await this.#ctx.opts.vault.notebooks.has(id)) await this.#shredStored(id, owner, reason)
  }

  /** The catalog's notebooks whose grant lapsed, checked only once the earliest expiry has passed. */
  lapsed (now: number): string[] {
    if (now < this.#nextExpiry) return []
    const { view, self } = this.#ctx.opts
    const gone: string[] = []
    let next = Infinity
    for (const [id, owner] of this.#catalog) {
      if (owner === self.party) continue
      const grant = view.grant(id, self.party)
      if (grant?.active !== true) gone.push(id)
      else next = Math.min(next, grant.until)
    }
    this.#nextExpiry = next
    return gone
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

  /** Notes that a session moved notebook `id`: an anchor of the patient's own notebook follows within its interval; a replica stays open. */
  touch (id: string): void {
    this.#anchorers.get(id)?.touch()
    if (this.#used.has(id)) this.#touch(id)
  }

  /** Stops anchoring and sweeping, waits for pending saves and lets go of every replica. */
  async stop (): Promise<void> {
    const { replicas } = this.#ctx
    clearInterval(this.#sweeper)
    for (const unwatch of this.#unwatch.splice(0)) unwatch()
    await Promise.all([...this.#anchorers.values()].map(async a => await a.stop()))
    this.#anchorers.clear()
    await Promise.all([...this.#opening.values()].map(async o => await o.catch(() => {})))
    await Promise.all([...replicas.values()].map(async r => await r.idle()))
    for (const replica of replicas.values()) replica.close()
    replicas.clear()
    this.#used.clear()
  }

  async #open (id: string, owner: string): Promise<Replica> {
    const { vault, open } = this.#ctx.opts
    const actor = this.#ctx.actor
    let doc: Automerge.Doc<unknown> | undefined
    try {
      doc = await vault.notebooks.load(id, { actor })
    } catch (err) {
      // A replica shredded under an earlier grant starts again empty under the new one.
      if ((err as { code?: string }).code !== 'ERR_SHREDDED') throw err
    }
    const proofs = ProofBook.fromBytes(doc === undefined ? undefined : await vault.notebooks.loadProofs(id))
    // Shredded or closed while it was being read: it is not held any more.
    if (this.#catalog.get(id) !== owner) throw new SyncError('ERR_NOT_HELD', `Notebook ${id} is no longer held by this node.`)
    const holder = doc !== undefined && open !== undefined ? open(doc, actor) : new MemoryDoc(doc ?? Automerge.init({ actor }))
    const replica = this.#add(id, owner, holder, true, proofs)
    this.#touch(id)
    await this.#evict(id)
    return replica
  }

  #add (id: string, owner: string, holder: DocHolder, recreate: boolean, proofs: ProofBook): Replica {
    const replica = new Replica({ id, owner, holder, proofs, vault: this.#ctx.opts.vault, recreate, onError: err => this.#ctx.fail(err), warmSave: this.#ctx.opts.self.role === 'patient' })
    this.#ctx.replicas.set(id, replica)
    this.#ctx.directory.addPatient(owner)
    return replica
  }

  #touch (id: string): void {
    this.#used.delete(id)
    this.#used.set(id, Date.now())
  }

  /** Whether `id` may be closed now: a clinic's replica with no session open or opening. */
  #idle (id: string): boolean {
    return this.#catalog.get(id) !== this.#ctx.opts.self.party && this.#ctx.slots.ofNotebook(id).length === 0
  }

  /** Closes least recently used idle replicas while more than the limit are open; never `opened`, which its caller is about to use. */
  async #evict (opened: string): Promise<void> {
    const max = this.#ctx.limits.maxOpenReplicas
    for (const id of [...this.#used.keys()]) {
      if (this.#ctx.replicas.size <= max) return
      if (id !== opened && this.#idle(id)) await this.#close(id)
    }
  }

  /** Closes the replicas idle for longer than the idle limit. */
  async #sweep (): Promise<void> {
    const cutoff = Date.now() - this.#ctx.limits.replicaIdleMs
    for (const [id, used] of [...this.#used]) {
      if (used > cutoff) break
      if (this.#idle(id)) await this.#close(id)
    }
  }

  // Saved, then forgotten (Automerge's memory goes with the last reference to the document): the
  // next session or caller opens it again from the vault.
  async #close (id: string): Promise<void> {
    const replica = this.#ctx.replicas.get(id)
    if (replica === undefined) return
    this.#ctx.replicas.delete(id)
    this.#used.delete(id)
    // A closed replica is not redialled: the patient's device dials when it next has something, and
    // a redial carrying this replica would open a session the reopened one knows nothing of.
    this.#reconnects.cancel(id)
    await replica.idle()
    replica.close()
    log('closed idle replica %s', id)
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
