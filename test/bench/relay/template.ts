// Tens of thousands of stored notebooks, made quickly. Writing a few hundred readings through
// Notebook costs ~100 ms a notebook on this machine (an hour and a half for 50,000), so the
// readings are written once, into a template, and each patient gets the template's change
// re-addressed: its own device as the actor, its own genesis as the dependency, its own party and
// device in every entry. The result is what that patient's phone would have written (a real
// notebook under its own id, loaded and checked by Notebook like any other) at ~30 ms a notebook.
import { createHash } from 'node:crypto'
import * as Automerge from '@automerge/automerge'
import { actorIdForPeerId, createDeviceKey, genesisActorFor, masterKeyFromSeed, notebookIdFor, type DeviceKey, type MasterKey } from '@techo/identity'
import { Notebook, type VitalInput } from '@techo/notebook'
import { ProofBook, signChange } from '@techo/sync'

/** One patient's notebook as its phone wrote it: the document and the proof that the phone wrote it. */
export interface Written { doc: Automerge.Doc<unknown>, proofs: ProofBook }

const START = Date.parse('2024-01-01T00:00:00Z')

const reading = (i: number): VitalInput => {
  const at = new Date(START + i * 8 * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  return i % 2 === 0 ? { kind: 'bp', systolic: 110 + (i % 30), diastolic: 70 + (i % 15), at } : { kind: 'pulse', value: 55 + (i % 40), at }
}

/** A patient's genesis salt, as a device derives it from the master key. */
export const saltOf = (master: MasterKey): Uint8Array => new Uint8Array(createHash('sha256').update(master.seed).digest())

/** Writes notebooks of `entries` readings each (three a day), one per patient, from one template. */
export class NotebookTemplate {
  readonly #entries: string
  readonly #actor: string
  readonly #genesis: string
  readonly #party: string

  constructor (entries: number) {
    const master = masterKeyFromSeed(new Uint8Array(createHash('sha256').update('techo relay bench template').digest()))
    const phone = createDeviceKey()
    const notebook = phoneNotebook(master, phone)
    notebook.batch(() => { for (let i = 0; i < entries; i++) notebook.addVital(reading(i)) })
    const [, written] = Automerge.getAllChanges(notebook.doc)
    if (written === undefined) throw new Error('The template notebook has no change after its genesis.')
    const change = Automerge.decodeChange(written)
    // Re-encoding computes the new hash; the old one would only be carried along.
    delete (change as Partial<typeof change>).hash
    this.#entries = JSON.stringify(change)
    this.#actor = notebook.actor
    this.#genesis = genesisActorFor(master.id)
    this.#party = master.id
  }

  /** The notebook of `master`, every reading written by `phone`, with the phone's proof of it. */
  write (master: MasterKey, phone: DeviceKey): Written {
    const [genesis] = Automerge.getAllChanges(phoneNotebook(master, phone).doc) as [Uint8Array]
    const actor = actorIdForPeerId(phone.peerId)
    const change = JSON.parse(this.#entries.replaceAll(this.#actor, actor).replaceAll(this.#genesis, genesisActorFor(master.id)).replaceAll(this.#party, master.id)) as Automerge.DecodedChange
    change.deps = [Automerge.decodeChange(genesis).hash as string]
    const entries = Automerge.encodeChange(change)
    const bytes = new Uint8Array(genesis.length + entries.length)
    bytes.set(genesis)
    bytes.set(entries, genesis.length)
    const doc = Automerge.load<unknown>(bytes, { actor })
    const hash = Automerge.decodeChange(entries).hash as string
    const proofs = new ProofBook()
    proofs.add({ ...signChange(phone, notebookIdFor(master.id), hash), actor, seq: 1 })
    return { doc, proofs }
  }
}

function phoneNotebook (master: MasterKey, phone: DeviceKey): Notebook {
  return Notebook.create({ patientId: master.id, actor: actorIdForPeerId(phone.peerId), party: master.id, salt: saltOf(master) })
}
