// A clinic with a write grant: its notes reach the patient, and it may amend
// them; but a change under another device's actor id, a deletion or an edit of
// the patient's entries, an entry in the patient's name, and a touch of the
// notebook's metadata are each rejected before they change anything.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Automerge from '@automerge/automerge'
import type { MasterKey } from '@techo/identity'
import type { Notebook } from '@techo/notebook'
import type { SyncService } from '../src/index.js'
import { connect, startWorld, until, type Device, type World } from './fixture.js'

type Doc = Record<string, any>

let world: World
let clinic: MasterKey
let phone: Device
let phoneSync: SyncService
let notebook: Notebook
let reading: { id: string }

test.before(async () => {
  world = await startWorld()
  const patient = await world.party('patient')
  clinic = await world.party('clinic')
  phone = await world.device(patient, 'phone')
  const block = await world.grant(patient, clinic, 'write')
  await phone.at(block)
  phoneSync = await phone.sync()
  notebook = phoneSync.notebooks()[0]?.holder as Notebook
  reading = notebook.addVital({ kind: 'weight', value: 64.2 })
})

test.after(async () => { await world.close() })

/** A practitioner device of the clinic, synced with the phone directly; returns it and its copy of the notebook. */
async function practitioner (): Promise<{ device: Device, copy: Notebook }> {
  const device = await world.device(clinic, 'practitioner')
  const service = await device.sync()
  await connect(device, phone)
  await until(() => service.notebooks()[0]?.populated === true, 'the practitioner\'s first sync')
  await service.syncOnce(phone.peerId)
  return { device, copy: service.notebooks()[0]?.holder as Notebook }
}

/** Applies `edit` to the practitioner's copy as one raw Automerge change, bypassing the Notebook API's own checks. */
function tamper (copy: Notebook, edit: (doc: Doc) => void): void {
  copy.setDoc(Automerge.change(copy.doc as Automerge.Doc<Doc>, edit) as never)
}

/** Waits for the phone to reject what `device` pushed, and returns the reason it logged. */
async function rejection (device: Device): Promise<string> {
  let reason = ''
  await until(async () => {
    reason = (await phone.vault.audit.list()).find(e => e.kind === 'rejected' && e.peer === device.peerId)?.detail ?? ''
    return reason !== ''
  }, 'the rejection in the patient\'s audit log')
  return reason
}

/** Where the patient's reading lives: [month bucket, day]. */
function slotOf (doc: Doc, id: string): [string, string] {
  for (const [month, days] of Object.entries(doc.entries as Doc)) {
    for (const [day, entries] of Object.entries(days as Doc)) if (id in (entries as Doc)) return [month, day]
  }
  throw new Error(`entry ${id} not found`)
}

test('a clinic with a write grant adds a note and amends it; the patient sees both, credited to the clinic', async () => {
  const { copy } = await practitioner()
  const note = copy.addNote({ title: 'Follow-up', text: 'Blood pressure stable; continue current dose.' })
  await until(() => notebook.get(note.id) !== undefined, 'the note at the patient')
  assert.is(notebook.get(note.id)?.author.party, clinic.id)
  copy.amend(note.id, { text: 'Blood pressure stable; reduce dose to 5 mg.' })
  await until(() => (notebook.get(note.id) as { text?: string }).text === 'Blood pressure stable; reduce dose to 5 mg.', 'the amendment at the patient')
  const writes = async (what: string): Promise<boolean> =>
    (await phone.vault.audit.list()).some(e => e.kind === 'write' && e.party === clinic.id && e.detail.includes(`${what} ${note.id}`))
  await until(async () => await writes('added'), 'the audit log to say the clinic added the note')
  await until(async () => await writes('amended'), 'and that it amended it')
})

test('a change made under the patient\'s actor id (a forged author) is rejected', async () => {
  const { device, copy } = await practitioner()
  const before = notebook.heads()
  const forged = Automerge.change(Automerge.clone(copy.doc as Automerge.Doc<Doc>, { actor: phone.actor }), d => {
    const day = d.entries[slotOf(d, reading.id)[0]][slotOf(d, reading.id)[1]]
    day[reading.id].value = 99
  })
  const [next] = Automerge.applyChanges(copy.doc as Automerge.Doc<Doc>, [Automerge.getLastLocalChange(forged) as Uint8Array])
  copy.setDoc(next as never)
  assert.match(await rejection(device), new RegExp(`actor ${phone.actor}, which is not an approved device of party ${clinic.id}`))
  assert.equal(notebook.heads(), before)
  assert.is((notebook.get(reading.id) as { value?: number }).value, 64.2)
})

test('a clinic deleting the patient\'s entry is rejected', async () => {
  const { device, copy } = await practitioner()
  const before = notebook.heads()
  tamper(copy, d => { const [m, day] = slotOf(d, reading.id); delete d.entries[m][day][reading.id] })
  assert.match(await rejection(device), new RegExp(`deletes data written by party ${phone.party.id}`))
  assert.equal(notebook.heads(), before)
  assert.ok(notebook.get(reading.id) !== undefined, 'the reading is still there')
})

test('a clinic altering the patient\'s entry is rejected', async () => {
  const { device, copy } = await practitioner()
  const before = notebook.heads()
  tamper(copy, d => { const [m, day] = slotOf(d, reading.id); d.entries[m][day][reading.id].value = 80 })
  assert.match(await rejection(device), /overwrites or deletes data written by party/)
  assert.equal(notebook.heads(), before)
})

test('a clinic adding a field to the patient\'s entry (no overwrite, so no pred) is still rejected', async () => {
  const { device, copy } = await practitioner()
  const before = notebook.heads()
  tamper(copy, d => { const [m, day] = slotOf(d, reading.id); d.entries[m][day][reading.id].remark = new Automerge.ImmutableString('tampered') })
  assert.match(await rejection(device), /edits an object created by party/)
  assert.equal(notebook.heads(), before)
})

test('a clinic writing an entry in the patient\'s name is rejected', async () => {
  const { device, copy } = await practitioner()
  const before = notebook.heads()
  const note = copy.addNote({ text: 'A genuine note, soon to be misattributed.' })
  await until(() => notebook.get(note.id) !== undefined, 'the genuine note')
  const after = notebook.heads()
  assert.not.equal(after, before)
  tamper(copy, d => {
    const [m, day] = slotOf(d, note.id)
    d.entries[m][day].forgedEntry1 = { ...JSON.parse(JSON.stringify(d.entries[m][day][note.id])), author: { device: new Automerge.ImmutableString(phone.actor), party: new Automerge.ImmutableString(phone.party.id) } }
  })
  assert.match(await rejection(device), new RegExp(`in the name of party ${phone.party.id}`))
  assert.equal(notebook.heads(), after)
})

test('a clinic changing the notebook\'s metadata (its salt) is rejected', async () => {
  const { device, copy } = await practitioner()
  const before = notebook.heads()
  const salt = String((notebook.doc as unknown as Doc).meta.salt)
  tamper(copy, d => { d.meta.salt = new Automerge.ImmutableString(clinic.id) })
  assert.match(await rejection(device), new RegExp(`overwrites or deletes data written by party ${phone.party.id}`))
  assert.equal(notebook.heads(), before)
  assert.is(String((notebook.doc as unknown as Doc).meta.salt), salt)
})

test.run()
