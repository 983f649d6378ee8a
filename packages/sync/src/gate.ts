// The gate: every incoming sync message is decoded and judged before it touches the notebook. Who
// wrote each new change is proven by signatures (authorship.ts), whoever delivered it: a relay
// forwards the patient's other devices' changes, and a restored phone takes its notebook back from a
// clinic. Changes of a party with a write grant are then applied one by one to a fork, and each
// one's visible effect (Automerge.diff) is checked against the write rules. Only when every change
// passes is the message applied to the notebook, so a rejected message changes nothing.
import * as Automerge from '@automerge/automerge'
import { sameHeads } from '@techo/notebook'
import { judgeChanges, type ChangeMeta, type Judgement, type Rights } from './authorship.js'
import type { Directory } from './directory.js'
import { SyncError } from './errors.js'
import { isDocumentChunk } from './first-contact.js'
import type { ChangeProof, KnownProof } from './proofs.js'
import { checkWrites, type WriteLimits, type Writes } from './write-rules.js'

export interface GateInput<T> {
  doc: Automerge.Doc<T>
  state: Automerge.SyncState
  message: Uint8Array
  /** The proofs the peer sent with the message. */
  proofs: ChangeProof[]
  /** The notebook's id and its owner (the patient). */
  notebook: string
  owner: string
  directory: Directory
  /** What a party may do to this notebook now (from the chain). */
  rights: (party: string) => Rights
  limits: WriteLimits
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
  /** Proofs learnt with the changes, to keep with the notebook. */
  learnt: KnownProof[]
  /** What writers added and amended, by party, for the audit log. */
  writes: Map<string, Writes>
}

/** Applies a sync message if a signature allows every new change in it; otherwise throws ERR_REJECTED_CHANGE and changes nothing. */
export function receiveGated<T> (input: GateInput<T>): GateResult<T> {
  const { doc, state, message } = input
  let decoded: Automerge.DecodedSyncMessage
  try {
    decoded = Automerge.decodeSyncMessage(message)
  } catch (err) {
    throw reject('it is not an Automerge sync message', err)
  }
  const chunks = decoded.changes.length
  if (isFirstCopy(doc, decoded)) return receiveFirstCopy(input, decoded)
  const before = Automerge.getHeads(doc)
  const backend = Automerge.getBackend(doc)
  const carried = changesIn(decoded.changes)
  try {
    const fresh = carried.changes.filter(c => backend.getChangeMetaByHash(c.hash) === null)
    const judged = judge(input, causalOrder(fresh))
    const writes = checkOnFork(input, judged, carried.bytesOf)
    let next: [Automerge.Doc<T>, Automerge.SyncState, null]
    try {
      next = Automerge.receiveSyncMessage(doc, state, message)
    } catch (err) {
      throw reject(`Automerge could not apply it (${(err as Error).message})`, err)
    }
    return { doc: next[0], state: next[1], changed: !sameHeads(before, Automerge.getHeads(next[0])), chunks, theirHeads: decoded.heads, learnt: judged.learnt, writes }
  } finally {
    carried.free()
  }
}

// The changes a message carries: their metadata, and their bytes on demand (only writers' changes
// are read whole). Automerge sends a peer that lacks most of the notebook one chunk holding the
// whole document: its changes are listed by loading it.
function changesIn (chunks: Uint8Array[]): { changes: ChangeMeta[], bytesOf: (hash: string) => Uint8Array | undefined, free: () => void } {
  const changes: ChangeMeta[] = []
  const single = new Map<string, Uint8Array>()
  const wholes: Array<Automerge.Doc<unknown>> = []
  const free = (): void => { for (const whole of wholes) Automerge.free(whole) }
  try {
    for (const chunk of chunks) {
      if (!isDocumentChunk(chunk)) {
        const { hash, actor, seq, deps } = Automerge.decodeChange(chunk)
        changes.push({ hash, actor, seq, deps })
        single.set(hash, chunk)
        continue
      }
      const whole = Automerge.load(chunk)
      wholes.push(whole)
      for (const { hash, actor, seq, deps } of Automerge.getChangesMetaSince(whole, [])) changes.push({ hash, actor, seq, deps })
    }
  } catch (err) {
    free()
    throw reject(`one of its changes cannot be read (${(err as Error).message})`, err)
  }
  const bytesOf = (hash: string): Uint8Array | undefined => {
    const found = single.get(hash)
    if (found !== undefined) return found
    for (const whole of wholes) {
      const change = Automerge.getBackend(whole).getChangeByHash(hash)
      if (change !== null) return change
    }
    return undefined
  }
  return { changes, bytesOf, free }
}

/** A whole notebook sent to a replica that has nothing yet: one document chunk, an empty document. */
function isFirstCopy (doc: Automerge.Doc<unknown>, decoded: Automerge.DecodedSyncMessage): boolean {
  return decoded.changes.length === 1 && isDocumentChunk(decoded.changes[0] as Uint8Array) && Automerge.getHeads(doc).length === 0
}

// Automerge.receiveSyncMessage applies a document chunk change by change (about 3× the time of
// Automerge.load for a 15k-entry notebook), so the first copy is loaded whole instead, once, and its
// changes judged from their metadata. The rest of the message is then received on the loaded
// document, without the peer's `have`: that summarises exactly the changes just loaded.
function receiveFirstCopy<T> (input: GateInput<T>, decoded: Automerge.DecodedSyncMessage): GateResult<T> {
  const { doc, state } = input
  let loaded: Automerge.Doc<T>
  try {
    loaded = Automerge.load<T>(decoded.changes[0] as Uint8Array, { actor: Automerge.getActorId(doc) })
  } catch (err) {
    throw reject(`its notebook copy could not be loaded (${(err as Error).message})`, err)
  }
  let writes = new Map<string, Writes>()
  let judged: Judgement
  try {
    judged = judge(input, Automerge.getChangesMetaSince(loaded, []).map(({ hash, actor, seq, deps }) => ({ hash, actor, seq, deps })))
    if (judged.writes.length > 0) writes = checkOnFork(input, judged, hash => Automerge.getBackend(loaded).getChangeByHash(hash) ?? undefined)
  } catch (err) {
    Automerge.free(loaded)
    throw err
  }
  const [next, received] = Automerge.receiveSyncMessage(loaded, state, Automerge.encodeSyncMessage({ ...decoded, have: [], changes: [] }))
  // Seeing its own heads announced, Automerge takes them as known to the peer and would stay silent.
  // The peer does not know we loaded its copy and sends nothing more until we answer, so we still owe it our heads.
  // Two replicas that both hold nothing swap empty documents: that changes nothing.
  const changed = Automerge.getHeads(next).length > 0
  return { doc: next, state: { ...received, lastSentHeads: state.lastSentHeads }, changed, chunks: 1, theirHeads: decoded.heads, learnt: judged.learnt, writes }
}

function judge (input: GateInput<unknown>, changes: ChangeMeta[]): Judgement {
  return judgeChanges({ notebook: input.notebook, owner: input.owner, changes, attached: input.proofs, directory: input.directory, rights: input.rights })
}

// The changes of a message in an order where every change comes after those it depends on (a peer
// may list them in any order; a walk with an explicit stack, as a chain can be thousands long).
function causalOrder<C extends ChangeMeta> (changes: C[]): C[] {
  const byHash = new Map(changes.map(c => [c.hash, c]))
  const placed = new Set<string>()
  const ordered: C[] = []
  for (const start of changes) {
    const stack: Array<{ change: C, expanded: boolean }> = [{ change: start, expanded: false }]
    while (stack.length > 0) {
      const top = stack.pop() as { change: C, expanded: boolean }
      if (placed.has(top.change.hash)) continue
      if (top.expanded) {
        placed.add(top.change.hash)
        ordered.push(top.change)
        continue
      }
      stack.push({ change: top.change, expanded: true })
      for (const dep of top.change.deps) {
        const before = byHash.get(dep)
        if (before !== undefined && !placed.has(dep)) stack.push({ change: before, expanded: false })
      }
    }
  }
  return ordered
}

// Writers' changes, one at a time on a fork holding everything else: each must stay inside its
// party's part of the notebook (its ops and their visible effect), within the size limits.
function checkOnFork (input: GateInput<unknown>, judged: Judgement, bytesOf: (hash: string) => Uint8Array | undefined): Map<string, Writes> {
  const writes = new Map<string, Writes>()
  if (judged.writes.length === 0) return writes
  let fork = Automerge.clone(input.doc)
  try {
    const trusted = [...judged.trusted].flatMap(hash => { const bytes = bytesOf(hash); return bytes === undefined ? [] : [bytes] })
    if (trusted.length > 0) fork = Automerge.applyChanges(fork, trusted)[0]
    for (const { hash, party } of judged.writes) {
      const bytes = bytesOf(hash) as Uint8Array
      if (bytes.length > input.limits.maxChangeBytes) throw reject(`change ${short(hash)} of party ${party} is ${bytes.length} bytes (at most ${input.limits.maxChangeBytes})`)
      checkOps(Automerge.decodeChange(bytes), party, input.directory)
      const headsBefore = Automerge.getHeads(fork)
      fork = Automerge.applyChanges(fork, [bytes])[0]
      if (!Automerge.getHeads(fork).includes(hash)) throw reject(`change ${short(hash)} of party ${party} depends on changes it did not bring`)
      const verdict = checkWrites(Automerge.view(fork, headsBefore), fork, Automerge.diff(fork, headsBefore, Automerge.getHeads(fork)), party, input.directory, input.limits)
      if ('reason' in verdict) throw reject(verdict.reason)
      const sum = writes.get(party) ?? { added: [], amended: [] }
      writes.set(party, { added: [...sum.added, ...verdict.added], amended: [...sum.amended, ...verdict.amended] })
    }
  } finally {
    // The fork's memory lives in WebAssembly, out of the garbage collector's sight.
    Automerge.free(fork)
  }
  return writes
}

/** A writer's change overwrites only its party's ops and edits only its party's objects. */
function checkOps (change: Automerge.DecodedChange, party: string, directory: Directory): void {
  for (const op of change.ops) {
    for (const pred of op.pred) {
      const owner = directory.partyOf(actorOf(pred))
      if (owner !== party) throw reject(`change ${short(change.hash)} overwrites or deletes data written by ${owner === undefined ? 'an unknown actor' : `party ${owner}`}`)
    }
    if (op.obj === '_root') throw reject(`change ${short(change.hash)} edits the notebook's top level (key "${op.key}")`)
    // In another party's object a writer may only open a new key (its own bucket), never edit one.
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
