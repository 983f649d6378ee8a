// Whatever holds a notebook's current Automerge document in memory. The
// patient's daemon passes its Notebook (from @techo/notebook); a clinic's
// replica that has not received its first sync yet is held by a MemoryDoc.
import type * as Automerge from '@automerge/automerge'

/** The document of one notebook, replaceable, with change notifications. */
export interface DocHolder {
  readonly doc: Automerge.Doc<unknown>
  /** Replaces the document (after remote changes were applied to it). */
  setDoc (doc: Automerge.Doc<unknown>): void
  /** Calls `listener` after every change, local or remote; returns the unsubscribe function. */
  onChange (listener: () => void): () => void
}

/** A bare document holder, for replicas that are not open as a Notebook. */
export class MemoryDoc implements DocHolder {
  #doc: Automerge.Doc<unknown>
  readonly #listeners = new Set<() => void>()

  constructor (doc: Automerge.Doc<unknown>) {
    this.#doc = doc
  }

  /** The current document. */
  get doc (): Automerge.Doc<unknown> {
    return this.#doc
  }

  /** Replaces the document and tells every listener. */
  setDoc (doc: Automerge.Doc<unknown>): void {
    this.#doc = doc
    for (const listener of [...this.#listeners]) listener()
  }

  /** Calls `listener` after every setDoc; returns the unsubscribe function. */
  onChange (listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }
}
