// The Notebook: one patient's Automerge document plus the device (actor) and party that write to it.
// Every edit is validated before anything is written; every write (or batch of writes) is one Automerge change.
import * as A from '@automerge/automerge'
import { randomBytes } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'
import createDebug from 'debug'
import { dayOf, inBucket, locateAll, putEntry, scan, type Slot } from './buckets.js'
import { VALIDATORS, validateAllergy, validateCondition, validateConsent, validateDocument, validateMedication, validateNote } from './entries.js'
import { validatePrescription } from './prescription.js'
import { checkEntry, parseEntry, readEntry, writeEntry } from './entry-json.js'
import { sameHeads } from './heads.js'
import { NotebookError, failWith } from './errors.js'
import { genesisActorFor, isBase58Of, isPartyId, notebookIdFor } from '@techo/identity'
import { checkWriter, derivedEntryId, newEntryId } from './ids.js'
import { str, toStored } from './stored.js'
import { checkTime, instantOf, isoSeconds } from './time.js'
import {
  SCHEMA_VERSION, VITAL_KINDS,
  type AllergyEntry, type AllergyInput, type ConditionEntry, type ConditionInput, type ConsentEntry, type ConsentInput,
  type DocumentEntry, type DocumentInput, type Entry, type EntryBody, type EntryData, type EntryMeta, type EntryPatch, type EntrySource, type EntryType,
  type MedicationEntry, type MedicationInput, type NoteEntry, type NoteInput, type NotebookDoc, type NotebookMeta,
  type PrescriptionEntry, type PrescriptionInput,
  type Query, type VitalEntry, type VitalInput
} from './types.js'
import { validateVital } from './vitals.js'

const log = createDebug('techo:notebook')

/** The device and party that write through a Notebook, and its clock (injectable for tests). */
export interface Writer { actor: string, party: string, now?: () => Date }

/** What a change listener is told: the new doc, the heads before and after, and whether this device made it. */
export interface NotebookChange { doc: A.Doc<NotebookDoc>, before: string[], after: string[], local: boolean }
export type ChangeListener = (change: NotebookChange) => void

type Op = (doc: NotebookDoc) => void
type Input = Record<string, unknown>

// Fields `amend` may touch, by entry type (vital signs by kind); consent mirrors chain events and is never amended.
const AMENDABLE: Readonly<Record<Exclude<EntryType, 'vital' | 'consent'>, readonly string[]>> = {
  observation: ['code', 'value', 'unit', 'category', 'at'],
  allergy: ['code', 'status', 'category', 'criticality', 'reaction', 'at'],
  condition: ['code', 'status', 'abated', 'at'],
  medication: ['medication', 'status', 'dosage', 'until', 'at'],
  prescription: ['medication', 'status', 'intent', 'dosage', 'quantity', 'refills', 'supplyDays', 'start', 'end', 'prescriber', 'reason', 'at'],
  immunization: ['vaccine', 'status', 'lot', 'at'],
  procedure: ['code', 'status', 'end', 'reason', 'at'],
  report: ['code', 'status', 'category', 'results', 'conclusion', 'at'],
  encounter: ['code', 'status', 'class', 'end', 'reason', 'provider', 'at'],
  careplan: ['code', 'status', 'end', 'activities', 'at'],
  imaging: ['status', 'modality', 'procedure', 'bodySite', 'series', 'instances', 'at'],
  patient: ['name', 'gender', 'birthDate', 'at'],
  note: ['text', 'title', 'at'],
  document: ['title', 'contentType', 'sha256', 'size', 'at']
}

/** Writes an already-validated entry under a chosen id, with its source; for the FHIR importer only (not exported from the package). */
export let addValidated: (nb: Notebook, data: EntryData, id: string, source?: EntrySource) => Entry
/**
 * Replaces an entry this party wrote with a new validated version and its source (a newer version of
 * an imported resource); for the FHIR importer only. Throws ERR_NOT_FOUND or ERR_NOT_AUTHOR.
 */
export let replaceValidated: (nb: Notebook, id: string, data: EntryData, source: EntrySource) => Entry

/** One patient's notebook as seen by one device: typed, validated reads and writes over the Automerge document. */
export class Notebook {
  readonly actor: string
  readonly party: string
  readonly now: () => Date
  #doc: A.Doc<NotebookDoc>
  readonly #id: string
  readonly #listeners = new Set<ChangeListener>()
  #pending: Op[] | undefined

  static {
    addValidated = (nb, data, id, source) => nb.#add(data, id, source)
    replaceValidated = (nb, id, data, source) => {
      const { slot, current } = nb.#own(id)
      const entry = { ...data, recorded: current.recorded, author: current.author, amended: isoSeconds(nb.now()), source } as unknown as EntryBody
      nb.#rewrite(slot, id, entry)
      return { id, ...entry } as Entry
    }
  }

  private constructor (doc: A.Doc<NotebookDoc>, id: string, writer: Writer) {
    this.#doc = doc
    this.#id = id
    this.actor = writer.actor
    this.party = writer.party
    this.now = writer.now ?? (() => new Date())
  }

  /**
   * Creates a patient's notebook. Its first change is a genesis written by the patient's genesis actor
   * at time zero, so with the same `salt` every device of the patient (one restored from the recovery
   * phrase included) creates byte-identical first states that merge without conflict. Without `salt`,
   * a fresh random one is drawn.
   */
  static create (options: Writer & { patientId: string, salt?: Uint8Array }): Notebook {
    checkWriter(options.actor, options.party)
    const id = notebookIdFor(options.patientId)
    const salt = options.salt ?? randomBytes(32)
    if (salt.length !== 32) throw new NotebookError('ERR_BAD_IDENTITY', `The notebook salt must be 32 bytes, not ${salt.length}.`)
    const meta: NotebookMeta = { schema: SCHEMA_VERSION, patient: options.patientId, notebook: id, salt: base58.encode(salt) }
    const genesis = A.change(A.init<NotebookDoc>({ actor: genesisActorFor(options.patientId) }), { time: 0 }, d => {
      d.meta = toStored(meta)
      d.entries = {}
    })
    log('created notebook %s', id)
    return new Notebook(A.clone(genesis, { actor: options.actor }), id, options)
  }

  /** Loads a notebook saved with `save()`; throws ERR_BAD_DOCUMENT if the bytes are damaged or not a notebook. */
  static load (bytes: Uint8Array, writer: Writer): Notebook {
    checkWriter(writer.actor, writer.party)
    let doc: A.Doc<NotebookDoc>
    try {
      doc = A.load<NotebookDoc>(bytes, { actor: writer.actor })
    } catch (err) {
      throw new NotebookError('ERR_BAD_DOCUMENT', 'The notebook data is damaged or is not an Automerge document.', { cause: err })
    }
    return new Notebook(doc, checkMeta(doc), writer)
  }

  /**
   * Wraps an Automerge document (e.g. one received by sync) and takes it over: use `nb.doc` from then on.
   * A document with another actor id is cloned with this device's actor first.
   */
  static fromDoc (doc: A.Doc<NotebookDoc>, writer: Writer): Notebook {
    checkWriter(writer.actor, writer.party)
    const id = checkMeta(doc)
    const own = A.getActorId(doc) === writer.actor ? doc : A.clone(doc, { actor: writer.actor })
    return new Notebook(own, id, writer)
  }

  /** The current Automerge document (replaced, never mutated, by every change). */
  get doc (): A.Doc<NotebookDoc> { return this.#doc }

  /** The notebook id, derived from the patient id. */
  get id (): string { return this.#id }

  /** The patient's party id (base58 master public key). */
  get patientId (): string { return str(this.#doc.meta.patient) as string }

  /**
   * Replaces the document with one that has remote changes applied to it (the sync layer's job).
   * Refuses a different notebook, another actor, or a doc missing this notebook's latest changes.
   */
  setDoc (doc: A.Doc<NotebookDoc>): void {
    if (doc === this.#doc) return
    const id = checkMeta(doc)
    if (id !== this.#id) throw new NotebookError('ERR_WRONG_NOTEBOOK', `This document is notebook ${id}, not ${this.#id}.`)
    if (A.getActorId(doc) !== this.actor) {
      throw new NotebookError('ERR_BAD_DOCUMENT', `The document writes as actor ${A.getActorId(doc)}, not as this device (${this.actor}).`)
    }
    const before = A.getHeads(this.#doc)
    if (!A.hasHeads(doc, before)) {
      throw new NotebookError('ERR_STALE_DOC', 'The document lacks changes this notebook already has; apply remote changes to notebook.doc and pass that result.')
    }
    this.#doc = doc
    const after = A.getHeads(doc)
    if (!sameHeads(before, after)) this.#emit({ doc, before, after, local: false })
  }

  /** Calls `listener` after every change (local or via setDoc); returns a function that unsubscribes it. Listeners must not throw. */
  onChange (listener: ChangeListener): () => void {
    this.#listeners.add(listener)
    return () => { this.#listeners.delete(listener) }
  }

  /** Returns the whole document as Automerge bytes. */
  save (): Uint8Array { return A.save(this.#doc) }

  /** Returns the document's current heads (change hashes, hex). */
  heads (): string[] { return A.getHeads(this.#doc) }

  /**
   * Returns the notebook as it was at `heads` (a state this copy holds), for reading only: what an export
   * made then held. Throws ERR_UNKNOWN_HEADS when this copy lacks any of them.
   */
  at (heads: readonly string[]): Notebook {
    if (!A.hasHeads(this.#doc, [...heads])) {
      throw new NotebookError('ERR_UNKNOWN_HEADS', `This notebook holds no state with heads ${heads.map(h => h.slice(0, 12)).join(', ')}: this copy lacks changes made since, or the heads were altered.`)
    }
    return new Notebook(A.view(this.#doc, [...heads]), this.#id, this)
  }

  /** Runs `fn` so that every write inside it lands in one Automerge change; if `fn` throws, nothing is written. */
  batch<T> (fn: () => T): T {
    if (this.#pending !== undefined) return fn()
    this.#pending = []
    let ops: Op[]
    let result: T
    try {
      result = fn()
    } finally {
      ops = this.#pending
      this.#pending = undefined
    }
    if (ops.length > 0) this.#commit(ops)
    return result
  }

  /** Adds a vital-sign reading; throws ERR_BAD_READING naming the field, value and range, writing nothing. */
  addVital (input: VitalInput): VitalEntry {
    return this.#add(validateVital(input as Input, this.#ms(), failWith('ERR_BAD_READING'))) as VitalEntry
  }

  /** Adds an allergy or intolerance; throws ERR_BAD_ENTRY on bad input, writing nothing. */
  addAllergy (input: AllergyInput): AllergyEntry {
    return this.#add(validateAllergy(input as unknown as Input, this.#ms(), failWith('ERR_BAD_ENTRY'))) as AllergyEntry
  }

  /** Adds a medication the patient takes or took; throws ERR_BAD_ENTRY on bad input, writing nothing. */
  addMedication (input: MedicationInput): MedicationEntry {
    return this.#add(validateMedication(input as unknown as Input, this.#ms(), failWith('ERR_BAD_ENTRY'))) as MedicationEntry
  }

  /** Adds a prescription (FHIR MedicationRequest); throws ERR_BAD_ENTRY on bad input, writing nothing. */
  addPrescription (input: PrescriptionInput): PrescriptionEntry {
    return this.#add(validatePrescription(input as unknown as Input, this.#ms(), failWith('ERR_BAD_ENTRY'))) as PrescriptionEntry
  }

  /** Adds a condition (problem or diagnosis); throws ERR_BAD_ENTRY on bad input, writing nothing. */
  addCondition (input: ConditionInput): ConditionEntry {
    return this.#add(validateCondition(input as unknown as Input, this.#ms(), failWith('ERR_BAD_ENTRY'))) as ConditionEntry
  }

  /** Adds a clinical note; throws ERR_BAD_ENTRY on bad input, writing nothing. */
  addNote (input: NoteInput): NoteEntry {
    return this.#add(validateNote(input as unknown as Input, this.#ms(), failWith('ERR_BAD_ENTRY'))) as NoteEntry
  }

  /** Adds a document by its hash and size (never its bytes); throws ERR_BAD_ENTRY on bad input, writing nothing. */
  addDocument (input: DocumentInput): DocumentEntry {
    return this.#add(validateDocument(input as unknown as Input, this.#ms(), failWith('ERR_BAD_ENTRY'))) as DocumentEntry
  }

  /** Mirrors an on-chain consent event; recording the same transaction again returns the existing entry. */
  recordConsent (input: ConsentInput): ConsentEntry {
    const data = validateConsent(input as unknown as Input, this.#ms(), failWith('ERR_BAD_ENTRY'))
    const id = derivedEntryId('consent', data.tx)
    return (this.get(id, this.party) ?? this.#add(data, id)) as ConsentEntry
  }

  /**
   * Changes fields of an entry this party wrote, validated as a new entry would be; returns the result.
   * Throws ERR_NOT_FOUND, ERR_NOT_AUTHOR (another party's entry), or ERR_BAD_READING/ERR_BAD_ENTRY.
   */
  amend (id: string, patch: EntryPatch): Entry {
    const { slot, current } = this.#own(id)
    if (current.type === 'consent') {
      throw new NotebookError('ERR_BAD_ENTRY', `Entry ${id} mirrors a consent event on chain and cannot be amended; record the new event with recordConsent.`)
    }
    const { id: _id, recorded, author, amended: _amended, source, ...data } = current
    const allowed = amendable(data)
    const bad = current.type === 'vital' ? failWith('ERR_BAD_READING') : failWith('ERR_BAD_ENTRY')
    const changes: Input = {}
    for (const [k, v] of Object.entries(patch)) {
      if (!allowed.includes(k)) return bad(k, `Field ${JSON.stringify(k)} cannot be amended on ${describe(data)}; the amendable fields are ${allowed.join(', ')}.`)
      if (v !== undefined) changes[k] = v
    }
    const { type, ...fields } = data as Input
    // A reading imported with only a date keeps it; a new time given here must be a full date-time.
    const next = (type === 'vital' && changes.at !== undefined
      ? validateVital({ ...fields, ...changes }, this.#ms(), bad)
      : VALIDATORS[type as EntryType]({ ...fields, ...changes }, this.#ms(), bad)) as unknown as Input
    const changed = [...new Set([...Object.keys(next), ...Object.keys(data)])]
      .filter(k => JSON.stringify(next[k]) !== JSON.stringify((data as Input)[k]))
    if (changed.length === 0) return current
    const amended = isoSeconds(this.now())
    // An imported entry keeps its original, marked edited: export then projects the notebook's view, which has the edit.
    const entry = { ...next, recorded, author, amended, ...(source === undefined ? {} : { source: { ...source, edited: amended } }) } as unknown as EntryBody
    this.#rewrite(slot, id, entry)
    log('amended %s (%s)', id, changed.join(', '))
    return { id, ...entry } as Entry
  }

  /**
   * Returns the entry with this id (written by party `author`, when given), or undefined (also when
   * what is stored under it is not a valid entry). Without `author`, the patient's own entry comes first.
   */
  get (id: string, author?: string): Entry | undefined {
    const entries = this.#find(id).flatMap(f => f.entry === undefined ? [] : [f.entry])
    if (author !== undefined) return entries.find(e => e.author.party === author)
    return entries.find(e => e.author.party === this.patientId) ?? entries[0]
  }

  // Every copy of entry `id` in the document, read (an unreadable one has no entry).
  #find (id: string): Array<{ slot: Slot, entry: Entry | undefined }> {
    return locateAll(this.#doc, id).map(slot => ({ slot, entry: toEntry(id, slot) }))
  }

  /**
   * Returns the entries matching `q`, sorted by their time (then id); reads only the years, months and days in range.
   * Anything stored that is not a valid entry (e.g. from a misbehaving peer) is skipped and logged.
   */
  query (q: Query = {}): Entry[] {
    const bad = failWith('ERR_BAD_ENTRY')
    if (q.type !== undefined && !Object.hasOwn(VALIDATORS, q.type)) bad('type', `Entry type ${JSON.stringify(q.type)} is not one of ${Object.keys(VALIDATORS).join(', ')}.`)
    if (q.kind !== undefined && !VITAL_KINDS.includes(q.kind)) bad('kind', `Reading kind ${JSON.stringify(q.kind)} is not one of ${VITAL_KINDS.join(', ')}.`)
    const rule = { precise: false, now: this.#ms(), future: true }
    const since = q.since === undefined ? -Infinity : instantOf(checkTime(q.since, 'since', { ...rule, label: 'Query start' }, bad))
    const until = q.until === undefined ? Infinity : instantOf(checkTime(q.until, 'until', { ...rule, label: 'Query end' }, bad))
    const found: Array<[number, Entry]> = []
    // An entry is its author and its id together: another party's entry with the same id is another entry.
    const seen = new Set<string>()
    for (const [id, stored] of scan(this.#doc, since, until)) {
      const parsed = parseEntry(id, stored)
      if (parsed === undefined) continue
      const { type, kind } = parsed.json
      if (q.type !== undefined && type !== q.type) continue
      if (q.kind !== undefined && (type !== 'vital' || kind !== q.kind)) continue
      const body = checkEntry(id, parsed)
      if (body === undefined || (body.source?.retired !== undefined && q.retired !== true)) continue
      const ms = instantOf(body.at)
      if (ms < since || ms >= until) continue
      const key = `${body.author.party}/${id}`
      if (seen.has(key)) continue
      seen.add(key)
      found.push([ms, { id, ...body }])
    }
    found.sort((a, b) => a[0] - b[0] || (a[1].id < b[1].id ? -1 : 1))
    return found.map(([, entry]) => entry)
  }

  #ms (): number { return this.now().getTime() }

  // The entry `id` and where it is, if this party wrote it (only the author may change an entry).
  // This party's own entry `id`: an entry is its author and its id together, and a party amends only its own.
  #own (id: string): { slot: Slot, current: Entry } {
    const found = this.#find(id)
    if (found.length === 0) throw new NotebookError('ERR_NOT_FOUND', `There is no entry ${JSON.stringify(id)} in this notebook.`)
    const mine = found.find(f => f.entry?.author.party === this.party)
    if (mine?.entry === undefined) {
      const other = found.find(f => f.entry !== undefined)?.entry
      if (other === undefined) throw new NotebookError('ERR_BAD_DOCUMENT', `Entry ${id} is damaged (not a valid notebook entry) and cannot be amended.`)
      throw new NotebookError('ERR_NOT_AUTHOR', `Entry ${id} was written by party ${other.author.party}; only that party may amend it.`)
    }
    return { slot: mine.slot, current: mine.entry }
  }

  // Writes a new version of the entry found at `slot`.
  #rewrite (slot: Slot, id: string, entry: EntryBody): void {
    const ms = instantOf(entry.at)
    const stored = writeEntry(entry)
    this.#write(d => {
      const day = dayOf(d, slot)
      // Overwriting the string makes the old version's op this one's pred: the sync gate sees whose entry changed.
      if (inBucket(slot, ms)) {
        day[id] = stored
        return
      }
      // The time moved to another day: the entry moves to this device's bucket for that day, keeping its id.
      delete day[id]
      putEntry(d, this.actor, id, ms, stored)
    })
  }

  #add (data: EntryData, id = newEntryId(), source?: EntrySource): Entry {
    const meta: Omit<EntryMeta, 'id'> = { recorded: isoSeconds(this.now()), author: { device: this.actor, party: this.party }, ...(source === undefined ? {} : { source }) }
    const stored = writeEntry({ ...data, ...meta })
    const ms = instantOf(data.at)
    this.#write(d => { putEntry(d, this.actor, id, ms, stored) })
    return { id, ...data, ...meta } as Entry
  }

  #write (op: Op): void {
    if (this.#pending !== undefined) this.#pending.push(op)
    else this.#commit([op])
  }

  #commit (ops: Op[]): void {
    const before = A.getHeads(this.#doc)
    this.#doc = A.change(this.#doc, { time: seconds(this.now()) }, d => { for (const op of ops) op(d) })
    this.#emit({ doc: this.#doc, before, after: A.getHeads(this.#doc), local: true })
  }

  #emit (change: NotebookChange): void {
    for (const listener of this.#listeners) listener(change)
  }
}

// Checks that a document is a notebook this code can read and returns its id.
function checkMeta (doc: A.Doc<NotebookDoc>): string {
  const meta = (doc as Partial<NotebookDoc>).meta
  if (typeof meta !== 'object' || meta === null || typeof doc.entries !== 'object') {
    throw new NotebookError('ERR_BAD_DOCUMENT', 'This Automerge document is not a Techo notebook (it has no notebook metadata).')
  }
  if (typeof meta.schema !== 'number' || meta.schema > SCHEMA_VERSION) {
    throw new NotebookError('ERR_BAD_DOCUMENT',
      `This notebook has schema ${String(meta.schema)}, which this version of Techo cannot read (it reads ${SCHEMA_VERSION}); update Techo.`)
  }
  if (meta.schema < SCHEMA_VERSION) {
    throw new NotebookError('ERR_BAD_DOCUMENT',
      `This notebook has schema ${meta.schema}, a pre-release layout which this version of Techo cannot read; export it as FHIR with the Techo that wrote it and import that here.`)
  }
  const patient = str(meta.patient)
  const id = str(meta.notebook)
  if (!isPartyId(patient) || id !== notebookIdFor(patient) || !isBase58Of(str(meta.salt), 32)) {
    throw new NotebookError('ERR_BAD_DOCUMENT', 'The notebook metadata is damaged: its patient id, notebook id or salt is invalid.')
  }
  return id
}

function toEntry (id: string, slot: Slot): Entry | undefined {
  const body = readEntry(id, slot.stored)
  return body === undefined ? undefined : { id, ...body }
}

function amendable (data: Exclude<EntryData, { type: 'consent' }>): readonly string[] {
  if (data.type === 'vital') return data.kind === 'bp' ? ['systolic', 'diastolic', 'unit', 'at'] : ['value', 'unit', 'at']
  return AMENDABLE[data.type]
}

function describe (data: EntryData): string {
  return data.type === 'vital' ? `${data.kind} readings` : `${data.type} entries`
}

// Automerge change times are whole seconds since the epoch.
function seconds (date: Date): number {
  return Math.floor(date.getTime() / 1000)
}

