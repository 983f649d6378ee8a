// Whole-document saves, kept per document object. An Automerge document is an immutable value (every
// change returns a new object), so the bytes of one object's save stay right for as long as that
// object lives, and a WeakMap drops them with it. A 15k-change notebook takes about 50 ms to save:
// this spares the vault's first snapshot of a notebook that arrived whole (its bytes are what came
// over the wire) and a patient's device sending its notebook whole to a new clinic.

const saves = new WeakMap<object, Uint8Array>()

/** Records that `bytes` load as `doc` (a snapshot just read, or a whole document just received). The bytes must not change afterwards. */
export function rememberSave (doc: object, bytes: Uint8Array): void {
  saves.set(doc, bytes)
}

/** Records that `next` holds exactly the changes `doc` holds (Automerge retires a document object on every receive, changed or not), so one save serves both. */
export function carrySave (doc: object, next: object): void {
  const bytes = saves.get(doc)
  if (bytes !== undefined) saves.set(next, bytes)
}

/** The save of `doc`: the remembered bytes, or `save(doc)` remembered for next time. Callers must not change the bytes. */
export function cachedSave<D extends object> (doc: D, save: (doc: D) => Uint8Array): Uint8Array {
  let bytes = saves.get(doc)
  if (bytes === undefined) {
    bytes = save(doc)
    saves.set(doc, bytes)
  }
  return bytes
}
