// The gate: every incoming sync message is decoded and judged before it touches the notebook. Who
// wrote each new change is proven by signatures (authorship.ts), whoever delivered it: a relay
// forwards the patient's other devices' changes, and a restored phone takes its notebook back from a
// clinic. Each change of a party with a write grant is then checked against the write rules on its
// visible effect (Automerge.diff). Only when every change passes is the message applied to the
// notebook, so a rejected message changes nothing.
//
// Two shapes of message: change chunks (a few changes: each is decoded, see chunks.ts), and a chunk holding a whole
// document (to a peer that lacks most of the notebook: loaded once). In a whole document, what the
// patient's proofs cover is the patient's at once; only the rest (usually nothing, or a clinic's
// newest notes) is listed and judged change by change, so a first sync of 15k changes costs a load
// and a few signature checks, not a pass over every change.
import * as Automerge from '@automerge/automerge'
import { sameHeads } from '@techo/notebook'
import { rememberSave } from '@techo/vault'
import { judgeChanges, validProofs, type ChangeMeta, type Judgement, type Rights } from './authorship.js'
import { splitChunks } from './chunks.js'
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
  /** Proofs that came with accepted changes, to keep with the notebook. */
  learnt: KnownProof[]
  /** What writers added and amended, by party, for the audit log. */
  writes: Map<string, Writes>
}

type Decoded = Automerge.DecodedChange & { bytes: Uint8Array }

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
  const held = Automerge.getBackend(doc)
  const isHeld = (hash: string): boolean => held.getChangeMetaByHash(hash) !== null
  let learnt: KnownProof[]
  let writes: Map<string, Writes>
  if (!decoded.changes.some(isDocumentChunk)) {
    ({ learnt, writes } = judgeChunks(input, decoded.changes, isHeld))
  } else {
    // Loaded with this replica's actor: a replica that holds nothing keeps it as its document.
    const whole = loadWhole(decoded.changes, Automerge.getActorId(doc))
    let kept = false
    try {
      ({ learnt, writes } = judgeWhole(input, whole, isHeld))
      if (Automerge.getHeads(doc).length === 0) {
        kept = true
        return firstCopy(input, decoded, whole as Automerge.Doc<T>, learnt, writes)
      }
    } finally {
      if (!kept) Automerge.free(whole)
    }
  }
  const before = Automerge.getHeads(doc)
  let next: [Automerge.Doc<T>, Automerge.SyncState, null]
  try {
    next = Automerge.receiveSyncMessage(doc, state, message)
  } catch (err) {
    throw reject(`Automerge could not apply it (${(err as Error).message})`, err)
  }
  return { doc: next[0], state: next[1], changed: !sameHeads(before, Automerge.getHeads(next[0])), chunks, theirHeads: decoded.heads, learnt, writes }
}

// A few changes, each decoded: judged all, and writers' changes checked on a fork of the notebook.
function judgeChunks (input: GateInput<unknown>, chunks: Uint8Array[], isHeld: (hash: string) => boolean): { learnt: KnownProof[], writes: Map<string, Writes> } {
  const fresh = new Map<string, Decoded>()
  for (const entry of chunks) {
    let changes: Decoded[]
    try {
      changes = splitChunks(entry).map(bytes => ({ ...Automerge.decodeChange(bytes), bytes }))
    } catch (err) {
      throw reject(`one of its changes cannot be read (${(err as Error).message})`, err)
    }
    for (const change of changes) if (!isHeld(change.hash)) fresh.set(change.hash, change)
  }
  const learnt = validProofs(input.proofs, hash => fresh.get(hash), input)
  const judged = judge(input, causalOrder([...fresh.values()]), learnt)
  return { learnt, writes: checkOnFork(input, judged, fresh) }
}

// A whole document: the patient's proofs vouch for their changes and every ancestor; the rest we do
// not hold yet is judged, and writers' changes checked where they stand in the document's history.
function judgeWhole (input: GateInput<unknown>, whole: Automerge.Doc<unknown>, isHeld: (hash: string) => boolean): { learnt: KnownProof[], writes: Map<string, Writes> } {
  const backend = Automerge.getBackend(whole)
  const learnt = validProofs(input.proofs, hash => backend.getChangeMetaByHash(hash) ?? undefined, input)
  const patients = learnt.filter(p => input.directory.byActor(p.actor)?.party === input.owner).map(p => p.hash)
  const rest = Automerge.getChangesMetaSince(whole, patients).filter(c => !isHeld(c.hash))
  const judged = judge(input, rest.map(({ hash, actor, seq, deps }) => ({ hash, actor, seq, deps })), learnt)
  const writes = new Map<string, Writes>()
  for (const { hash, party } of judged.writes) {
    const meta = backend.getChangeMetaByHash(hash) as Automerge.ChangeMetadata
    const bytes = backend.getChangeByHash(hash) as Uint8Array
    const verdict = checkWrite(input, party, bytes, Automerge.view(whole, meta.deps), Automerge.view(whole, [hash]), Automerge.diff(whole, meta.deps, [hash]))
    record(writes, party, verdict)
  }
  return { learnt, writes }
}

// Automerge.receiveSyncMessage applies a document chunk change by change (about 3× the time of
// Automerge.load for a 15k-entry notebook), so a replica that holds nothing takes the loaded copy
// instead. The rest of the message is then received on it without the peer's `have`: that
// summarises exactly the changes just loaded.
function firstCopy<T> (input: GateInput<T>, decoded: Automerge.DecodedSyncMessage, loaded: Automerge.Doc<T>, learnt: KnownProof[], writes: Map<string, Writes>): GateResult<T> {
  const { state } = input
  const [next, received] = Automerge.receiveSyncMessage(loaded, state, Automerge.encodeSyncMessage({ ...decoded, have: [], changes: [] }))
  // Seeing its own heads announced, Automerge takes them as known to the peer and would stay silent.
  // The peer does not know we loaded its copy and sends nothing more until we answer, so we still owe it our heads.
  // Two replicas that both hold nothing swap empty documents: that changes nothing.
  const changed = Automerge.getHeads(next).length > 0
  // A lone whole-document chunk is this document's save: the vault's first snapshot need not redo it.
  if (decoded.changes.length === 1) rememberSave(next, decoded.changes[0] as Uint8Array)
  return { doc: next, state: { ...received, lastSentHeads: state.lastSentHeads }, changed, chunks: decoded.changes.length, theirHeads: decoded.heads, learnt, writes }
}

// The message's chunks as one document: its whole-document chunk loaded, any change chunks applied.
function loadWhole (chunks: Uint8Array[], actor: string): Automerge.Doc<unknown> {
  const whole = chunks.filter(isDocumentChunk)
  if (whole.length > 1) throw reject('it carries more than one whole notebook')
  let doc: Automerge.Doc<unknown>
  try {
    doc = Automerge.load(whole[0] as Uint8Array, { actor })
  } catch (err) {
    throw reject(`its notebook copy could not be loaded (${(err as Error).message})`, err)
  }
  const rest = chunks.filter(c => !isDocumentChunk(c))
  try {
    return rest.length === 0 ? doc : Automerge.applyChanges(doc, rest)[0]
  } catch (err) {
    Automerge.free(doc)
    throw reject(`one of its changes cannot be read (${(err as Error).message})`, err)
  }
}

function judge (input: GateInput<unknown>, changes: ChangeMeta[], proofs: KnownProof[]): Judgement {
  return judgeChanges({ owner: input.owner, changes, proofs, directory: input.directory, rights: input.rights })
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

// Writers' changes, one at a time on a fork holding everything else the message brings.
function checkOnFork (input: GateInput<unknown>, judged: Judgement, fresh: Map<string, Decoded>): Map<string, Writes> {
  const writes = new Map<string, Writes>()
  if (judged.writes.length === 0) return writes
  let fork = Automerge.clone(input.doc)
  try {
    const trusted = [...judged.trusted].flatMap(hash => { const c = fresh.get(hash); return c === undefined ? [] : [c.bytes] })
    if (trusted.length > 0) fork = Automerge.applyChanges(fork, trusted)[0]
    for (const { hash, party } of judged.writes) {
      const { bytes } = fresh.get(hash) as Decoded
      const headsBefore = Automerge.getHeads(fork)
      fork = Automerge.applyChanges(fork, [bytes])[0]
      if (!Automerge.getHeads(fork).includes(hash)) throw reject(`change ${short(hash)} of party ${party} depends on changes it did not bring`)
      record(writes, party, checkWrite(input, party, bytes, Automerge.view(fork, headsBefore), fork, Automerge.diff(fork, headsBefore, Automerge.getHeads(fork))))
    }
  } finally {
    // The fork's memory lives in WebAssembly, out of the garbage collector's sight.
    Automerge.free(fork)
  }
  return writes
}

/** One writer's change: within the size limits, its ops only on its party's data, its effect within the write rules. */
function checkWrite (input: GateInput<unknown>, party: string, bytes: Uint8Array, before: Automerge.Doc<unknown>, after: Automerge.Doc<unknown>, patches: Automerge.Patch[]): Writes {
  const change = Automerge.decodeChange(bytes)
  if (bytes.length > input.limits.maxChangeBytes) throw reject(`change ${short(change.hash)} of party ${party} is ${bytes.length} bytes (at most ${input.limits.maxChangeBytes})`)
  checkOps(change, party, input.directory)
  const verdict = checkWrites(before, after, patches, party, input.directory, input.limits)
  if ('reason' in verdict) throw reject(verdict.reason)
  return verdict
}

function record (writes: Map<string, Writes>, party: string, verdict: Writes): void {
  const sum = writes.get(party) ?? { added: [], amended: [] }
  writes.set(party, { added: [...sum.added, ...verdict.added], amended: [...sum.amended, ...verdict.amended] })
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
