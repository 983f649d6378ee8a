// One notebook this node syncs: its document (through a DocHolder), who owns
// it, the proofs of who wrote its changes, and its durable saves. Saves are
// coalesced: while one is being written, later changes wait and go out together
// in the next one, so a burst of sync messages costs one or two vault writes,
// and audit events and proofs commit in the same atomic batch as the changes.
import * as Automerge from '@automerge/automerge'
import type { DeviceKey } from '@techo/identity'
import { cachedSave, carrySave, type AuditEvent, type Vault } from '@techo/vault'
import { sameHeads } from '@techo/notebook'
import createDebug from 'debug'
import type { DocHolder } from './holder.js'
import { signChange, type KnownProof, type ProofBook } from './proofs.js'

const log = createDebug('techo:sync:replica')

export interface ReplicaInit {
  id: string
  /** The patient's party id: the notebook's owner. */
  owner: string
  holder: DocHolder
  /** The proofs kept with the notebook. */
  proofs: ProofBook
  vault: Vault
  /** A clinic's copy: its first save may bring back an id this vault shredded before (a renewed grant). */
  recreate: boolean
  /** Told when a save fails (the changes stay in memory and go out with the next save). */
  onError: (err: Error) => void
  /**
   * Save the whole document once changes settle, so that sending it whole to a new clinic does not
   * wait for the save (a patient's own notebooks; a relay holding thousands would spend that for nothing).
   */
  warmSave: boolean
}

// How long after the last durable save the whole document is saved ahead, for the next first contact.
const WARM_SAVE_MS = 1000

export class Replica {
  readonly id: string
  readonly owner: string
  readonly #vault: Vault
  readonly #onError: (err: Error) => void
  readonly #listeners = new Set<() => void>()
  readonly #proofs: ProofBook
  #holder: DocHolder
  #proofsDirty = false
  // The heads up to which this device's own changes were looked for, so each look reads only what is
  // new; undefined until the first look.
  #signedUpTo: string[] | undefined
  #unsubscribe: () => void
  #recreate: boolean
  readonly #warmSave: boolean
  #warmTimer: ReturnType<typeof setTimeout> | undefined
  #pending: AuditEvent[] = []
  #dirty = false
  #saving: Promise<void> | undefined

  constructor (init: ReplicaInit) {
    this.id = init.id
    this.owner = init.owner
    this.#vault = init.vault
    this.#onError = init.onError
    this.#recreate = init.recreate
    this.#warmSave = init.warmSave
    this.#holder = init.holder
    this.#proofs = init.proofs
    this.#unsubscribe = this.#holder.onChange(() => this.#changed())
  }

  /** The proofs of who wrote the notebook's changes: the latest of each device. */
  get proofs (): ProofBook {
    return this.#proofs
  }

  /** Keeps proofs that came with accepted changes; they are saved with the next save. */
  learn (proofs: KnownProof[]): void {
    for (const proof of proofs) if (this.#proofs.add(proof)) this.#proofsDirty = true
  }

  /** Signs this device's latest change if it is newer than its latest proof; returns true if it signed. */
  signOwn (key: DeviceKey, actor: string): boolean {
    const doc = this.#holder.doc
    const heads = Automerge.getHeads(doc)
    // The first look starts after this device's latest signed change: walking a 15k-change notebook's
    // metadata costs about 300 ms, a session's first message would wait for it.
    const mine = this.#proofs.latest(actor)
    const since = this.#signedUpTo ?? (mine === undefined ? [] : [mine.hash])
    let latest: Automerge.ChangeMetadata | undefined
    for (const meta of Automerge.getChangesMetaSince(doc, since)) {
      if (meta.actor === actor && (latest === undefined || meta.seq > latest.seq)) latest = meta
    }
    this.#signedUpTo = heads
    if (latest === undefined || (mine?.seq ?? 0) >= latest.seq) return false
    this.learn([{ ...signChange(key, this.id, latest.hash), actor, seq: latest.seq }])
    return true
  }

  /** The current document. */
  get doc (): Automerge.Doc<unknown> {
    return this.#holder.doc
  }

  /** What holds the document now. */
  get holder (): DocHolder {
    return this.#holder
  }

  /** True once the document has any change (a new clinic replica has none until its first sync). */
  get populated (): boolean {
    return Automerge.getHeads(this.#holder.doc).length > 0
  }

  /** Hands the document to another holder (e.g. a Notebook opened on a replica after its first sync). */
  setHolder (holder: DocHolder): void {
    this.#unsubscribe()
    this.#holder = holder
    this.#unsubscribe = holder.onChange(() => this.#changed())
  }

  /** Replaces the document with one that has remote changes applied. */
  adopt (doc: Automerge.Doc<unknown>): void {
    // Changes from peers are never this device's to sign (it signs its own before sending them), so a
    // look that was up to date stays so: a relay handed a whole notebook does not walk all of it.
    // Set before setDoc, whose listeners send the next message (and look) at once.
    const looked = this.#signedUpTo
    const before = Automerge.getHeads(this.#holder.doc)
    const after = Automerge.getHeads(doc)
    if (sameHeads(looked ?? [], before)) this.#signedUpTo = after
    if (sameHeads(before, after)) carrySave(this.#holder.doc, doc)
    try {
      this.#holder.setDoc(doc)
    } catch (err) {
      this.#signedUpTo = looked
      throw err
    }
  }

  /** Calls `listener` after every change of the document; returns the unsubscribe function. */
  onChange (listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  /** Durably saves the document with `audit` in one batch; resolves once written, or once a failure went to `onError`. */
  async persist (audit: AuditEvent[] = []): Promise<void> {
    this.#pending.push(...audit)
    this.#dirty = true
    this.#saving ??= this.#saveLoop()
    await this.#saving
  }

  /** Resolves once no save is pending. */
  async idle (): Promise<void> {
    await this.#saving
  }

  /** Stops listening to the holder. */
  close (): void {
    clearTimeout(this.#warmTimer)
    this.#unsubscribe()
    this.#listeners.clear()
  }

  #changed (): void {
    for (const listener of [...this.#listeners]) listener()
  }

  async #saveLoop (): Promise<void> {
    try {
      // Let the rest of this tick's messages land first, so they share one write (a timer, not
      // setImmediate: a phone's page runs this too, and browsers have no setImmediate).
      await new Promise(resolve => setTimeout(resolve, 0))
      while (this.#dirty) {
        this.#dirty = false
        const audit = this.#pending
        this.#pending = []
        try {
          const proofs = this.#proofsDirty ? this.#proofs.toBytes() : undefined
          this.#proofsDirty = false
          try {
            await this.#vault.notebooks.save(this.id, this.#holder.doc, { audit, recreate: this.#recreate, ...(proofs === undefined ? {} : { proofs }) })
          } catch (err) {
            if (proofs !== undefined) this.#proofsDirty = true
            throw err
          }
          this.#recreate = false
        } catch (err) {
          // Audit events are kept for the next try; the changes are in memory and the next save covers them.
          this.#pending.unshift(...audit)
          log('saving notebook %s failed: %s', this.id, (err as Error).message)
          this.#onError(err as Error)
          return
        }
      }
    } finally {
      this.#saving = undefined
      if (this.#warmSave) this.#warmLater()
    }
  }

  #warmLater (): void {
    clearTimeout(this.#warmTimer)
    this.#warmTimer = setTimeout(() => { cachedSave(this.#holder.doc, Automerge.save) }, WARM_SAVE_MS)
    // A phone's page runs this too, where timers are numbers.
    if (typeof this.#warmTimer === 'object') this.#warmTimer.unref()
  }
}
