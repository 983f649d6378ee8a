// Chain state is one flat string map. Writes go into layers stacked over the committed map: a
// transaction writes into its own layer, which folds into the block's layer only if every
// action succeeded, and the block's layer reaches the committed map only after the block is
// on disk. Dropping a layer is the rollback.

/** Reads state; null means the key is absent. */
export interface StateReader {
  get: (key: string) => string | null
}

/** The committed state: what the last stored block left. */
export class CommittedState implements StateReader {
  private readonly values: Map<string, string>

  constructor (values: Map<string, string>) {
    this.values = values
  }

  /** Returns the committed value, or null. */
  get (key: string): string | null {
    return this.values.get(key) ?? null
  }

  /** Applies a stored block's writes (null deletes). */
  apply (writes: Iterable<[string, string | null]>): void {
    for (const [key, value] of writes) {
      if (value === null) this.values.delete(key)
      else this.values.set(key, value)
    }
  }
}

/** Pending writes over a parent; reads see them first. */
export class StateLayer implements StateReader {
  private readonly parent: StateReader
  private readonly writes = new Map<string, string | null>()

  constructor (parent: StateReader) {
    this.parent = parent
  }

  /** Returns the value as this layer sees it, or null. */
  get (key: string): string | null {
    const value = this.writes.get(key)
    return value !== undefined ? value : this.parent.get(key)
  }

  /** Sets a value in this layer only. */
  put (key: string, value: string): void {
    this.writes.set(key, value)
  }

  /** Deletes a key in this layer only. */
  delete (key: string): void {
    this.writes.set(key, null)
  }

  /** Returns a new layer over this one. */
  child (): StateLayer {
    return new StateLayer(this)
  }

  /** Moves this layer's writes into `target` (normally its parent) and empties this layer. */
  foldInto (target: StateLayer): void {
    for (const [key, value] of this.writes) {
      if (value === null) target.delete(key)
      else target.put(key, value)
    }
    this.writes.clear()
  }

  /** The writes of this layer, null for deletes. */
  entries (): IterableIterator<[string, string | null]> {
    return this.writes.entries()
  }
}
