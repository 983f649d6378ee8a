// The value anchored on chain: a salted hash of the document's heads. The salt lives inside the
// notebook, so only parties who can read the notebook can recompute (or check) the digest.
import { sha256 } from '@noble/hashes/sha2.js'
import { hexToBytes } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'
import type { Notebook } from './notebook.js'
import { str } from './stored.js'

/** Returns base58(sha256(salt || each head, sorted)): equal on every replica with the same changes, new after any change. */
export function digest (nb: Notebook): string {
  return saltedDigest(base58.decode(str(nb.doc.meta.salt) as string), nb.heads())
}

/** Returns base58(sha256(salt || each head in sorted order)), heads being hex change hashes. */
export function saltedDigest (salt: Uint8Array, heads: readonly string[]): string {
  const h = sha256.create().update(salt)
  for (const head of [...heads].sort()) h.update(hexToBytes(head))
  return base58.encode(h.digest())
}
