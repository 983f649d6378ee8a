// The gate: every incoming sync message is decoded and judged before it touches
// the notebook. Messages from the patient's own devices and from our own
// party's devices are applied as they are; a message from a clinic that carries
// changes is first applied to a fork (Automerge.clone, a few ms), its new
// changes and their ops checked, and the fork's visible effect (Automerge.diff)
// checked against the write rules. Only then are exactly those changes applied
// to the notebook, so a rejected message changes nothing.
import * as Automerge from '@automerge/automerge'
import type { Access } from './authorise.js'
import type { Directory } from './directory.js'
import { SyncError } from './errors.js'
import { isDocumentChunk } from './first-contact.js'
import { checkWrites, type Writes } from './write-rules.js'
import { sameHeads } from '@techo/notebook'

export interface GateInput<T> {
  doc: Automerge.Doc<T>
  state: Automerge.SyncState
  message: Uint8Array
  access: Access
  directory: Directory
}

export interface GateResult<T> {
  doc: Automerge.Doc<T>
  state: Automerge.SyncState
  /** True when the notebook gained changes. */
  changed: boolean
  /** Change chunks the message carried (a whole-document chunk counts as one). */
  chunks: number
  /** The heads the peer announced: when they equal ours, the peer has everything we have. */
  theirHeads: string[]
  /** For a clinic's write: the entries it added and amended. */
  writes?: Writes
}

/** Applies a sync message if the peer's access allows all of it; otherwise throws ERR_REJECTED_CHANGE and changes nothing. */
export function receiveGated<T> (input: GateInput<T>): GateResult<T> {
  const { doc, state, message, access } = input
  let decoded: Automerge.DecodedSyncMessage
  try {
    decoded = Automerge.decodeSyncMessage(message)
  } catch (err) {
    throw reject('it is not an Automerge sync message', err)
  }
  const chunks = decoded.changes.length
  const trusted = access.level === 'owner' || access.level === 'own-party'
  if (trusted && isFirstCopy(doc, decoded)) return receiveFirstCopy(input, decoded)
  if (trusted || chunks === 0) {
    const before = Automerge.getHeads(doc)
    let next: [Automerge.Doc<T>, Automerge.SyncState, null]
    try {
      next = Automerge.receiveSyncMessage(doc, state, message)
    } catch (err) {
      throw reject(`Automerge could not apply it (${(err as Error).message})`, err)
    }
    return { doc: next[0], state: next[1], changed: !sameHeads(before, Automerge.getHeads(next[0])), chunks, theirHeads: decoded.heads }
  }
  return receiveOnFork(input, chunks, decoded.heads)
}

/** A whole notebook sent to a replica that has nothing yet: one document chunk, an empty document. */
function isFirstCopy (doc: Automerge.Doc<unknown>, decoded: Automerge.DecodedSyncMessage): boolean {
  return decoded.changes.length === 1 && isDocumentChunk(decoded.changes[0] as Uint8Array) && Automerge.getHeads(doc).length === 0
}

// Automerge.receiveSyncMessage applies a document chunk change by change (about 3× the time of
// Automerge.load for a 15k-entry notebook), so the first copy is loaded whole instead, once. The rest
// of the message is then received on the loaded document, without the peer's `have`: that summarises
// exactly the changes just loaded, and reading it would only cost a pass over every one of them.
function receiveFirstCopy<T> ({ doc, state }: GateInput<T>, decoded: Automerge.DecodedSyncMessage): GateResult<T> {
  try {
    const loaded = Automerge.load<T>(decoded.changes[0] as Uint8Array, { actor: Automerge.getActorId(doc) })
    const [next, received] = Automerge.receiveSyncMessage(loaded, state, Automerge.encodeSyncMessage({ ...decoded, have: [], changes: [] }))
    // Seeing its own heads announced, Automerge takes them as known to the peer and would stay silent.
    // The peer does not know we loaded its copy and sends nothing more until we answer, so we still owe it our heads.
    // Two replicas that both hold nothing swap empty documents: that changes nothing.
    const changed = Automerge.getHeads(next).length > 0
    return { doc: next, state: { ...received, lastSentHeads: state.lastSentHeads }, changed, chunks: 1, theirHeads: decoded.heads }
  } catch (err) {
    throw reject(`its notebook copy could not be loaded (${(err as Error).message})`, err)
  }
}

function receiveOnFork<T> ({ doc, state, message, access, directory }: GateInput<T>, chunks: number, theirHeads: string[]): GateResult<T> {
  const before = Automerge.getHeads(doc)
  const fork = Automerge.clone(doc)
  try {
    let received: [Automerge.Doc<T>, Automerge.SyncState, null]
    try {
      received = Automerge.receiveSyncMessage(fork, state, message)
    } catch (err) {
      throw reject(`Automerge could not apply it (${(err as Error).message})`, err)
    }
    const [after, forkState] = received
    const changes = Automerge.getChangesSince(after, before)
    // Changes we already hold are not new: only these are judged and applied.
    if (changes.length === 0) return { doc, state: forkState, changed: false, chunks, theirHeads }
    if (access.level === 'read') throw reject(`party ${access.party} has read access only, yet pushed ${changes.length} new change${changes.length === 1 ? '' : 's'}`)
    for (const change of changes) checkChange(Automerge.decodeChange(change), access.party, directory)
    const writes = checkWrites(doc, after, Automerge.diff(after, before, Automerge.getHeads(after)), access.party, directory)
    if ('reason' in writes) throw reject(writes.reason)
    const [next] = Automerge.applyChanges(doc, changes)
    return { doc: next, state: forkState, changed: true, chunks, theirHeads, writes }
  } finally {
    // The fork's memory lives in WebAssembly, out of the garbage collector's sight.
    Automerge.free(fork)
  }
}

/** A writer's change: made by one of its party's approved devices, overwriting only its party's ops, editing only its party's objects. */
function checkChange (change: Automerge.DecodedChange, party: string, directory: Directory): void {
  const author = directory.byActor(change.actor)
  if (author?.party !== party || !author.active) {
    throw reject(`change ${short(change.hash)} is signed with actor ${change.actor}, which is not an approved device of party ${party}`)
  }
  for (const op of change.ops) {
    for (const pred of op.pred) {
      const owner = directory.partyOf(actorOf(pred))
      if (owner !== party) throw reject(`change ${short(change.hash)} overwrites or deletes data written by ${owner === undefined ? 'an unknown actor' : `party ${owner}`}`)
    }
    if (op.obj === '_root') throw reject(`change ${short(change.hash)} edits the notebook's top level (key "${op.key}")`)
    // In another party's object a writer may only open a new key (its own month bucket), never edit one.
    const objectOwner = directory.partyOf(actorOf(op.obj))
    if (objectOwner !== party && (op.action !== 'makeMap' || op.pred.length > 0)) {
      throw reject(`change ${short(change.hash)} edits an object created by ${objectOwner === undefined ? 'an unknown actor' : `party ${objectOwner}`}`)
    }
  }
}

/** The actor of an op id `counter@actor`. */
function actorOf (opId: string): string {
  return opId.slice(opId.indexOf('@') + 1)
}

function short (hash: string): string {
  return hash.slice(0, 12)
}

function reject (why: string, cause?: unknown): SyncError {
  return new SyncError('ERR_REJECTED_CHANGE', `The sync message was rejected: ${why}.`, { cause })
}
