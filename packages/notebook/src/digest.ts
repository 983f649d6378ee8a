// The value anchored on chain: a salted hash of the document's heads. The salt lives inside the
// notebook, so only parties who can read the notebook can recompute (or check) the digest.
import * as A from '@automerge/automerge'
import { sha256 } from '@noble/hashes/sha2.js'
import { hexToBytes } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'
import type { Notebook } from './notebook.js'
import { str } from './stored.js'

/** Returns base58(sha256(salt || each head, sorted)): equal on every replica with the same changes, new after any change. */
export function digest (nb: Notebook): string {
  return saltedDigest(base58.decode(str(nb.doc.meta.salt) as string), nb.heads())
}

/**
 * Finds `wanted` digests among the notebook's earlier states, so an anchored digest can be checked
 * against a copy that has moved on: the state after each change in causal order, and the state each
 * change alone closes (what a device held when that change was its only head, whichever order
 * concurrent changes reached this copy in). Answers, for each digest found, how many of the
 * notebook's changes that state held, and how many the notebook holds now.
 */
export function findPastDigests (nb: Notebook, wanted: ReadonlySet<string>): { found: Map<string, number>, changes: number } {
  const salt = base58.decode(str(nb.doc.meta.salt) as string)
  const changes = A.getAllChanges(nb.doc).map(bytes => A.decodeChange(bytes))
  const index = new Map(changes.map((c, i) => [c.hash as string, i]))
  const heads = new Set<string>()
  const found = new Map<string, number>()
  changes.forEach((c, i) => {
    const hash = c.hash as string
    for (const dep of c.deps) heads.delete(dep)
    heads.add(hash)
    const after = saltedDigest(salt, [...heads])
    if (wanted.has(after) && !found.has(after)) found.set(after, i + 1)
    const alone = heads.size > 1 ? saltedDigest(salt, [hash]) : after
    if (wanted.has(alone) && !found.has(alone)) found.set(alone, closure(hash, changes, index))
  })
  return { found, changes: changes.length }
}

// How many changes `hash` depends on, itself included.
function closure (hash: string, changes: ReadonlyArray<{ deps: string[] }>, index: ReadonlyMap<string, number>): number {
  const seen = new Set([hash])
  const todo = [hash]
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    for (const dep of changes[index.get(next) ?? -1]?.deps ?? []) if (!seen.has(dep)) { seen.add(dep); todo.push(dep) }
  }
  return seen.size
}

/** Returns base58(sha256(salt || each head in sorted order)), heads being hex change hashes. */
export function saltedDigest (salt: Uint8Array, heads: readonly string[]): string {
  const h = sha256.create().update(salt)
  for (const head of [...heads].sort()) h.update(hexToBytes(head))
  return base58.encode(h.digest())
}
