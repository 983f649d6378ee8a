// One notebook this node syncs: its document (through a DocHolder), who owns
// it, and its durable saves. Saves are coalesced: while one is being written,
// later changes wait and go out together in the next one, so a burst of sync
// messages costs one or two vault writes, and audit events commit in the same
// atomic batch as the changes they describe.
import * as Automerge from '@automerge/automerge'
import type { AuditEvent, Vault } from '@techo/vault'
import createDebug from 'debug'
import type { DocHolder } from './holder.js'

const log = createDebug('techo:sync:replica')

export interface ReplicaInit {
  id: string
  /** The patient's party id: the notebook's owner. */
  owner: string
  holder: DocHolder
  vault: Vault
  /** A clinic's copy: its first save may bring back an id this vault shredded before (a renewed grant). */
  recreate: boolean
  /** Told when a save fails (the changes stay in memory and go out with the next save). */
  onError: (err: Error) => void
}

export class Replica {
  readonly id: string
  readonly owner: string
  readonly #vault: Vault
  readonly #onError: (err: Error) => void
  readonly #listeners = new Set<() => void>()
  #holder: DocHolder
  #unsubscribe: () => void
  #recreate: boolean
  #pending: AuditEvent[] = []
  #dirty = false
  #saving: Promise<void> | undefined

  constructor (init: ReplicaInit) {
    this.id = init.id
    this.owner = init.owner
    this.#vault = init.vault
    this.#onError = init.onError
    this.#recreate = init.recreate
    this.#holder = init.holder
    this.#unsubscribe = this.#holder.onChange(() => this.#changed())
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
    this.#holder.setDoc(doc)
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
    this.#unsubscribe()
    this.#listeners.clear()
  }

  #changed (): void {
    for (const listener of [...this.#listeners]) listener()
  }

  async #saveLoop (): Promise<void> {
    try {
      // Let the rest of this tick's messages land first, so they share one write.
      await new Promise(resolve => setImmediate(resolve))
      while (this.#dirty) {
        this.#dirty = false
        const audit = this.#pending
        this.#pending = []
        try {
          await this.#vault.notebooks.save(this.id, this.#holder.doc, { audit, recreate: this.#recreate })
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
    }
  }
}
