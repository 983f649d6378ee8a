// The first messages to a peer we have never synced with, sent instead of
// Automerge's own, which are built for peers that already share part of the
// notebook. Automerge opens with a bloom filter of every change we hold
// (≈19 KB for 15k changes), useless to the usual first peer: a new clinic
// replica that holds nothing. And to a peer that holds nothing it sends the
// notebook as one document chunk, with that same bloom filter again, listing
// every change hash as sent in the sync state; every later receive, generate
// and encode of that state then converts those hashes between JavaScript and
// WebAssembly (≈25 ms each for 15k changes). Neither message below touches the
// sync state: the peer's answer tells Automerge where it stands, and from then
// on Automerge's general path takes over. Until that answer the session sends
// nothing more (see Session), so neither is repeated.
import * as Automerge from '@automerge/automerge'
import { cachedSave } from '@techo/vault'

/** Our opening to a peer we have never synced with (its heads unknown, none shared): our heads without a summary of every change; undefined when Automerge's own opening applies. */
export function openingMessage (doc: Automerge.Doc<unknown>, state: Automerge.SyncState): Uint8Array | undefined {
  // A state that never heard from the peer holds null here, though the type says undefined.
  if (state.theirHeads != null || state.sharedHeads.length > 0) return undefined
  const heads = Automerge.getHeads(doc)
  if (heads.length === 0) return undefined
  return Automerge.encodeSyncMessage({ heads, need: [], have: [], changes: [] })
}

/** The message carrying the whole of `doc` when the peer's last message said it holds nothing (and we hold something); otherwise undefined. */
export function firstCopyMessage (doc: Automerge.Doc<unknown>, state: Automerge.SyncState): Uint8Array | undefined {
  // Undefined until the peer has spoken: nothing is known about what it holds.
  if (state.theirHeads?.length !== 0) return undefined
  const heads = Automerge.getHeads(doc)
  if (heads.length === 0) return undefined
  // No `have`: a summary of our changes since nothing would only list the chunk's own changes.
  return Automerge.encodeSyncMessage({ heads, need: [], have: [], changes: [cachedSave(doc, Automerge.save)] })
}

/** True for an Automerge chunk holding a whole document: after the 4 magic and 4 checksum bytes, chunk type 0. */
export function isDocumentChunk (chunk: Uint8Array): boolean {
  return chunk[8] === 0
}
