// Notebooks as Automerge bytes: one encrypted snapshot plus encrypted
// incremental chunks, each notebook sealed with its own random key that is
// stored wrapped under the at-rest key. The vault does not know the notebook
// schema; like an automerge-repo storage adapter, it only moves bytes.
//
// Per notebook:
//   keys/nb/<id>        the notebook key, sealed with the at-rest key
//   nb/<id>/snap        Automerge.save() of the document at the last compaction
//   nb/<id>/c/<seq>     Automerge.saveSince() of one save each, seq in [base, next)
//   nb/<id>/head        { heads, base, next, chunkBytes, snapshotBytes }
//   nb/<id>/proofs      the signatures that prove who wrote the changes (sync's; opaque here)
//   nb/<id>/shredded    plain tombstone left by shred()
// Each save writes its chunk and the new head record in one batch, so the head
// always names exactly the chunks that exist.
import type * as AutomergeModule from '@automerge/automerge'
import createDebug from 'debug'
import type { AuditEvent, AuditLog } from './audit.js'
import { randomKey, seal, unseal } from './crypto.js'
import { VaultError, badInput, damaged } from './errors.js'
import type { Keyring } from './keyring.js'
import {
  NOTEBOOK_KEYS, checkId, chunkKey, chunkPrefix, headKey, notebookKey, notebookPrefix,
  proofsKey, shreddedKey, snapshotKey, syncPrefix
} from './names.js'
import { cachedSave, rememberSave } from './saves.js'
import { Serial } from './serial.js'
import type { Op, Store } from './store.js'

type Doc<T> = AutomergeModule.Doc<T>
// Automerge (and its WebAssembly) is loaded by the first save or load, not by opening the vault: a
// command reads the sealed keystore first and derives its key while Automerge compiles.
let Automerge: typeof AutomergeModule
let loading: Promise<void> | undefined
async function loadAutomerge (): Promise<void> {
  await (loading ??= import('@automerge/automerge').then(m => { Automerge = m }))
}

const log = createDebug('techo:vault')
const utf8 = new TextEncoder()
const text = new TextDecoder()

/** When save() folds the chunks into a new snapshot. */
export interface CompactionPolicy {
  /** Compact once this many chunks have piled up (bounds the number of records a load reads). */
  maxChunks: number
  /** Compact once the chunks' bytes pass this fraction of the snapshot's (bounds the extra work of a load; keeps compaction's cost per save constant). */
  chunkRatio: number
}

/** Defaults measured with test/bench/vault-open.bench.ts and vault-append.bench.ts. */
export const DEFAULT_COMPACTION: CompactionPolicy = { maxChunks: 1000, chunkRatio: 0.25 }

// Below this many chunk bytes a small notebook is not worth compacting yet.
const MIN_CHUNK_BYTES = 64 * 1024
const ACTOR = /^(?:[0-9a-f]{2}){1,32}$/

/** Options of notebooks.save(). */
export interface SaveOptions {
  /** Audit events committed in the same atomic batch as the save. */
  audit?: AuditEvent[]
  /** Store a notebook under an id that was shredded before (for example after a new grant); without it that is refused. */
  recreate?: boolean
  /** The authorship proofs of the notebook's changes (opaque bytes), replacing the stored ones in the same batch. */
  proofs?: Uint8Array
}

/** What notebooks.save() wrote. */
export interface SaveResult {
  /** False when the document had no changes since the last save. */
  changed: boolean
  /** True when this save folded the chunks into a new snapshot. */
  compacted: boolean
  /** Bytes of notebook records this save wrote (encrypted chunk or snapshot, and the head record). */
  bytes: number
}

/** Options of notebooks.load(). */
export interface LoadOptions {
  /** This device's Automerge actor id (hex), so its edits are traceable to it. */
  actor: string
}

interface Head {
  heads: string[]
  base: number
  next: number
  chunkBytes: number
  snapshotBytes: number
}

interface State extends Head {
  key: Uint8Array
}

export class Notebooks {
  readonly #store: Store
  readonly #keyring: Keyring
  readonly #audit: AuditLog
  readonly #policy: CompactionPolicy
  readonly #states = new Map<string, State>()
  readonly #serial = new Serial()

  constructor (store: Store, keyring: Keyring, audit: AuditLog, policy: CompactionPolicy) {
    this.#store = store
    this.#keyring = keyring
    this.#audit = audit
    this.#policy = policy
  }

  /**
   * Durably stores every change of `doc` since the last save, as one encrypted chunk (or, past the
   * compaction threshold, one new snapshot), in one atomic batch with `options.audit`.
   * Throws ERR_STALE_DOC if `doc` lacks changes saved earlier, ERR_SHREDDED for a shredded id.
   */
  async save (id: string, doc: Doc<unknown>, options: SaveOptions = {}): Promise<SaveResult> {
    checkId('notebook id', id)
    await loadAutomerge()
    if (!Automerge.isAutomerge(doc)) throw badInput(`The document given to save notebook ${id} is not an Automerge document.`)
    if (options.proofs !== undefined && !(options.proofs instanceof Uint8Array)) throw badInput(`The proofs given to save notebook ${id} must be bytes (a Uint8Array).`)
    const auditOps = this.#audit.prepare(options.audit ?? [])
    return await this.#serial.run(id, async () => {
      const state = await this.#state(id)
      const plan = state === undefined
        ? await this.#create(id, doc, options.recreate === true)
        : this.#append(id, state, doc)
      const key = plan.state?.key ?? state?.key
      const proofOps: Op[] = options.proofs === undefined || key === undefined ? [] : [{ type: 'put', key: proofsKey(id), value: seal(key, proofsKey(id), options.proofs) }]
      await this.#store.write([...plan.ops, ...proofOps, ...auditOps])
      if (plan.state !== undefined) this.#states.set(id, plan.state)
      return { ...plan.result, bytes: plan.ops.reduce((n, op) => n + (op.type === 'put' ? op.value.length : 0), 0) }
    })
  }

  /**
   * The notebook as an Automerge document whose new changes carry `options.actor`, or undefined if
   * it was never stored. Throws ERR_SHREDDED after shred(), ERR_DAMAGED_VAULT naming the bad record.
   */
  async load<T = unknown> (id: string, options: LoadOptions): Promise<Doc<T> | undefined> {
    checkId('notebook id', id)
    const actor = options?.actor
    if (typeof actor !== 'string' || !ACTOR.test(actor)) throw badInput(`The actor id ${JSON.stringify(actor)} is not valid: use 1 to 32 bytes as lowercase hex.`)
    await loadAutomerge()
    return await this.#serial.run(id, async () => {
      const key = this.#states.get(id)?.key ?? await this.#notebookKey(id)
      if (key === undefined) {
        if (await this.#store.get(shreddedKey(id)) !== undefined) throw shredded(id)
        return undefined
      }
      const { head, doc } = await this.#open<T>(id, key, actor)
      this.#states.set(id, { ...head, key })
      return doc
    })
  }

  /** True if a notebook with this id is stored (and not shredded). */
  async has (id: string): Promise<boolean> {
    checkId('notebook id', id)
    this.#keyring.get()
    return await this.#store.get(notebookKey(id)) !== undefined
  }

  /** The ids of every stored notebook, sorted. */
  async list (): Promise<string[]> {
    this.#keyring.get()
    return (await this.#store.keys(NOTEBOOK_KEYS)).map(k => k.slice(NOTEBOOK_KEYS.length))
  }

  /**
   * Crypto-shreds a notebook: in one batch deletes its key, its data and its sync states and leaves a
   * tombstone, then compacts those key ranges so the bytes leave the database files.
   * Returns false if there was nothing to shred.
   */
  async shred (id: string, options: { audit?: AuditEvent[] } = {}): Promise<boolean> {
    checkId('notebook id', id)
    const auditOps = this.#audit.prepare(options.audit ?? [])
    return await this.#serial.run(id, async () => {
      if (await this.#store.get(notebookKey(id)) === undefined) return false
      const data = [...await this.#store.keys(notebookPrefix(id)), ...await this.#store.keys(syncPrefix(id))]
      // The key goes first: once it is gone, whatever copy of the data survives anywhere is noise.
      const ops: Op[] = [
        { type: 'del', key: notebookKey(id) },
        ...data.map((key): Op => ({ type: 'del', key })),
        { type: 'put', key: shreddedKey(id), value: utf8.encode(new Date().toISOString()) },
        ...auditOps
      ]
      await this.#store.write(ops)
      this.#states.get(id)?.key.fill(0)
      this.#states.delete(id)
      for (const prefix of [notebookKey(id), notebookPrefix(id), syncPrefix(id)]) await this.#store.compact(prefix)
      log('shredded notebook %s (%d records)', id, data.length + 1)
      return true
    })
  }

  /**
   * Folds a notebook's chunks into one new snapshot now (say, when the node is idle) and compacts its
   * key range, so the next load is as fast as it gets and replaced records leave the disk.
   * Returns false if no such notebook is stored.
   */
  async compact (id: string): Promise<boolean> {
    checkId('notebook id', id)
    await loadAutomerge()
    return await this.#serial.run(id, async () => {
      const state = await this.#state(id)
      if (state === undefined) return false
      if (state.next > state.base) {
        // The actor is never used: nothing is changed, the document is only saved again.
        const { doc } = await this.#open(id, state.key, '00')
        const plan = this.#compaction(id, state, Automerge.save(doc), state.heads)
        Automerge.free(doc)
        await this.#store.write(plan.ops)
        this.#states.set(id, plan.state)
      }
      await this.#store.compact(notebookPrefix(id))
      return true
    })
  }

  /** The authorship proofs last saved with notebook `id`, or undefined (none saved, or no such notebook). */
  async loadProofs (id: string): Promise<Uint8Array | undefined> {
    checkId('notebook id', id)
    return await this.#serial.run(id, async () => {
      const key = this.#states.get(id)?.key ?? await this.#notebookKey(id)
      if (key === undefined) return undefined
      const record = await this.#store.get(proofsKey(id))
      return record === undefined ? undefined : unseal(key, proofsKey(id), record)
    })
  }

  /** Resolves once every queued save, load and shred has settled. */
  async idle (): Promise<void> {
    await this.#serial.idle()
  }

  /** Zeroes and drops the cached notebook keys. */
  forget (): void {
    for (const state of this.#states.values()) state.key.fill(0)
    this.#states.clear()
  }

  /** Notebook `id`'s key, unwrapped with the at-rest key, or undefined if none is stored. */
  async #notebookKey (id: string): Promise<Uint8Array | undefined> {
    const atRest = this.#keyring.get()
    const wrapped = await this.#store.get(notebookKey(id))
    return wrapped === undefined ? undefined : unseal(atRest, notebookKey(id), wrapped)
  }

  /** The cached state of a stored notebook, reading its key and head record on first use. */
  async #state (id: string): Promise<State | undefined> {
    const cached = this.#states.get(id)
    if (cached !== undefined) return cached
    const key = await this.#notebookKey(id)
    if (key === undefined) return undefined
    const record = await this.#store.get(headKey(id))
    if (record === undefined) throw damaged(headKey(id), 'it is missing although the notebook key exists')
    const state = { ...parseHead(headKey(id), unseal(key, headKey(id), record)), key }
    this.#states.set(id, state)
    return state
  }

  /** Reads head, snapshot and chunks from one consistent view of the database, and decrypts them. */
  async #read (id: string, key: Uint8Array): Promise<{ head: Head, snapshot: Uint8Array, chunks: Uint8Array[] }> {
    const records = new Map<string, Uint8Array>()
    for await (const [name, record] of this.#store.scan(notebookPrefix(id))) records.set(name, record)
    const headRecord = records.get(headKey(id))
    if (headRecord === undefined) throw damaged(headKey(id), 'it is missing although the notebook key exists')
    const head = parseHead(headKey(id), unseal(key, headKey(id), headRecord))
    const snapshotRecord = records.get(snapshotKey(id))
    if (snapshotRecord === undefined) throw damaged(snapshotKey(id), 'it is missing')
    const expected = new Set([headKey(id), snapshotKey(id), proofsKey(id)])
    const chunks: Uint8Array[] = []
    for (let seq = head.base; seq < head.next; seq++) {
      const name = chunkKey(id, seq)
      const record = records.get(name)
      if (record === undefined) throw damaged(name, 'it is missing although the head record lists it')
      chunks.push(unseal(key, name, record))
      expected.add(name)
    }
    for (const name of records.keys()) {
      if (!expected.has(name)) throw damaged(name, 'it is not part of the notebook the head record describes')
    }
    return { head, snapshot: unseal(key, snapshotKey(id), snapshotRecord), chunks }
  }

  /** Loads the stored document and checks that it reaches the heads of the last save. */
  async #open<T> (id: string, key: Uint8Array, actor: string): Promise<{ head: Head, doc: Doc<T> }> {
    const { head, snapshot, chunks } = await this.#read(id, key)
    let doc: Doc<T>
    try {
      doc = Automerge.load<T>(snapshot, { actor })
    } catch (cause) {
      throw damaged(snapshotKey(id), 'it does not hold an Automerge document', cause)
    }
    if (chunks.length > 0) {
      try {
        // One call for all chunks: Automerge applies concatenated chunks in one pass.
        doc = Automerge.loadIncremental(doc, concat(chunks))
      } catch (cause) {
        throw damaged(chunkPrefix(id), 'its chunks do not hold Automerge changes', cause)
      }
    } else {
      rememberSave(doc, snapshot)
    }
    // The chunks are exactly those the head record names (checked by #read), so containing its heads is reaching them.
    if (!Automerge.hasHeads(doc, head.heads)) {
      throw damaged(headKey(id), 'the stored snapshot and chunks do not reach the heads of the last save')
    }
    return { head, doc }
  }

  /** The batch that replaces the snapshot with `snapshot` (at `heads`) and deletes every chunk. */
  #compaction (id: string, state: State, snapshot: Uint8Array, heads: string[]): Plan & { state: State } {
    const head: Head = { heads, base: state.next, next: state.next, chunkBytes: 0, snapshotBytes: snapshot.length }
    const ops: Op[] = [{ type: 'put', key: snapshotKey(id), value: seal(state.key, snapshotKey(id), snapshot) }, headOp(id, state.key, head)]
    for (let seq = state.base; seq < state.next; seq++) ops.push({ type: 'del', key: chunkKey(id, seq) })
    log('compacting notebook %s: %d chunks into a %d-byte snapshot', id, state.next - state.base, snapshot.length)
    return { ops, state: { ...head, key: state.key }, result: { changed: true, compacted: true } }
  }

  /** First save: a new notebook key and a snapshot. */
  async #create (id: string, doc: Doc<unknown>, recreate: boolean): Promise<Plan> {
    const tombstone = await this.#store.get(shreddedKey(id))
    if (tombstone !== undefined && !recreate) throw shredded(id)
    const atRest = this.#keyring.get()
    const key = randomKey()
    const snapshot = automerge(id, () => cachedSave(doc, Automerge.save))
    const head: Head = { heads: Automerge.getHeads(doc), base: 0, next: 0, chunkBytes: 0, snapshotBytes: snapshot.length }
    const ops: Op[] = [
      { type: 'put', key: notebookKey(id), value: seal(atRest, notebookKey(id), key) },
      { type: 'put', key: snapshotKey(id), value: seal(key, snapshotKey(id), snapshot) },
      headOp(id, key, head)
    ]
    if (tombstone !== undefined) ops.push({ type: 'del', key: shreddedKey(id) })
    log('created notebook %s (%d bytes)', id, snapshot.length)
    return { ops, state: { ...head, key }, result: { changed: true, compacted: false } }
  }

  /** Later saves: one chunk with the changes since the last save, or a compaction. */
  #append (id: string, state: State, doc: Doc<unknown>): Plan {
    const heads = automerge(id, () => Automerge.getHeads(doc))
    if (!Automerge.hasHeads(doc, state.heads)) {
      throw new VaultError('ERR_STALE_DOC', `The copy of notebook ${id} being saved lacks changes that were saved before; load the notebook again (or merge it into this copy) and save that.`)
    }
    const chunk = automerge(id, () => Automerge.saveSince(doc, state.heads))
    if (chunk.length === 0) return { ops: [], result: { changed: false, compacted: false } }
    const chunkBytes = state.chunkBytes + chunk.length
    const chunkCount = state.next - state.base + 1
    if (chunkCount > this.#policy.maxChunks || chunkBytes > Math.max(MIN_CHUNK_BYTES, state.snapshotBytes * this.#policy.chunkRatio)) {
      return this.#compaction(id, state, automerge(id, () => cachedSave(doc, Automerge.save)), heads)
    }
    const head: Head = { heads, base: state.base, next: state.next + 1, chunkBytes, snapshotBytes: state.snapshotBytes }
    return {
      ops: [{ type: 'put', key: chunkKey(id, state.next), value: seal(state.key, chunkKey(id, state.next), chunk) }, headOp(id, state.key, head)],
      state: { ...head, key: state.key },
      result: { changed: true, compacted: false }
    }
  }
}

interface Plan { ops: Op[], state?: State, result: Omit<SaveResult, 'bytes'> }

/** The error for any use of a shredded notebook. */
function shredded (id: string): VaultError {
  return new VaultError('ERR_SHREDDED', `Notebook ${id} was crypto-shredded on this device; its contents are gone for good.`)
}

/** Runs an Automerge call on a caller's document, reporting its failure as bad input. */
function automerge<T> (id: string, call: () => T): T {
  try {
    return call()
  } catch (cause) {
    throw new VaultError('ERR_BAD_INPUT', `The document given to save notebook ${id} could not be encoded (${(cause as Error).message}).`, { cause })
  }
}

/** The batch operation that writes notebook `id`'s head record. */
function headOp (id: string, key: Uint8Array, head: Head): Op {
  return { type: 'put', key: headKey(id), value: seal(key, headKey(id), utf8.encode(JSON.stringify(head))) }
}

/** The head record in `plain`; throws ERR_DAMAGED_VAULT naming `name` if it is not one. */
function parseHead (name: string, plain: Uint8Array): Head {
  let head: Head
  try {
    head = JSON.parse(text.decode(plain)) as Head
  } catch (cause) {
    throw damaged(name, 'it does not hold JSON', cause)
  }
  const count = (n: unknown): boolean => Number.isSafeInteger(n) && (n as number) >= 0
  if (!Array.isArray(head?.heads) || !head.heads.every(h => typeof h === 'string') ||
      !count(head.base) || !count(head.next) || head.next < head.base || !count(head.chunkBytes) || !count(head.snapshotBytes)) {
    throw damaged(name, 'it does not describe a notebook')
  }
  return head
}

/** True if two head lists name the same changes (in any order). */
/** The parts, back to back. */
function concat (parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}
