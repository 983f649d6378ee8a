// A clinic with a write grant: its notes reach the patient, and it may amend
// and move them; but a change under another device's actor id, a deletion or
// an edit of the patient's entries, an entry slipped into the patient's
// buckets (its days, or new maps under its device), an entry in the patient's name or not an entry at all, and a touch
// of the notebook's metadata are each rejected before they change anything.
// Entries are stored as one JSON string each (see @techo/notebook), so the
// raw edits below rewrite or add whole strings.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Automerge from '@automerge/automerge'
import type { MasterKey } from '@techo/identity'
import type { Notebook } from '@techo/notebook'
import type { SyncService } from '../src/index.js'
import { grantedScene, practitionerOf, rejectionBy, type Device, type World } from './fixture.js'
import { until } from '../../../test/support/until.js'

type Doc = Record<string, any>

let world: World
let clinic: MasterKey
let phone: Device
let phoneSync: SyncService
let notebook: Notebook
let reading: { id: string }

test.before(async () => {
  ({ world, clinic, phone } = await grantedScene('write', []))
  phoneSync = await phone.sync()
  notebook = phoneSync.notebooks()[0]?.holder as Notebook
  reading = notebook.addVital({ kind: 'weight', value: 64.2 })
})

test.after(async () => { await world.close() })

async function practitioner (): Promise<{ device: Device, copy: Notebook }> {
  return await practitionerOf(world, clinic, phone)
}

/** Applies `edit` to the practitioner's copy as one raw Automerge change, bypassing the Notebook API's own checks. */
function tamper (copy: Notebook, edit: (doc: Doc) => void): void {
  copy.setDoc(Automerge.change(copy.doc as Automerge.Doc<Doc>, edit) as never)
}

async function rejection (device: Device): Promise<string> {
  return await rejectionBy(phone, device)
}

/** Returns `id`'s stored JSON with `fields` replaced, as a new entry string. */
function rewritten (day: Doc, id: string, fields: Doc): Automerge.ImmutableString {
  return new Automerge.ImmutableString(JSON.stringify({ ...JSON.parse(String(day[id])), ...fields }))
}

/** Where an entry lives: the keys of its day map, [device, year, month, day]. */
function slotOf (doc: Doc, id: string): string[] {
  for (const [device, years] of Object.entries(doc.entries as Doc)) {
    for (const [year, months] of Object.entries(years as Doc)) {
      for (const [month, days] of Object.entries(months as Doc)) {
        for (const [day, entries] of Object.entries(days as Doc)) if (id in (entries as Doc)) return [device, year, month, day]
      }
    }
  }
  throw new Error(`entry ${id} not found`)
}

/** The day map holding entry `id`. */
function dayOf (doc: Doc, id: string): Doc {
  return slotOf(doc, id).reduce((map: Doc, key) => map[key], doc.entries)
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
  // A new date moves the note to another day: a removal and an addition, both by the clinic.
  const earlier = new Date(Date.parse(note.at) - 3 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  copy.amend(note.id, { at: earlier })
  await until(() => notebook.get(note.id)?.at === earlier, 'the moved note at the patient')
  assert.equal(notebook.query({ type: 'note' }).filter(e => e.id === note.id).length, 1, 'moved, not copied')
})

test('a change made under the patient\'s actor id (a forged author) is rejected', async () => {
  const { device, copy } = await practitioner()
  const before = notebook.heads()
  const forged = Automerge.change(Automerge.clone(copy.doc as Automerge.Doc<Doc>, { actor: phone.actor }), d => {
    const day = dayOf(d, reading.id)
    day[reading.id] = rewritten(day, reading.id, { value: 99 })
  })
  const [next] = Automerge.applyChanges(copy.doc as Automerge.Doc<Doc>, [Automerge.getLastLocalChange(forged) as Uint8Array])
  copy.setDoc(next as never)
  assert.match(await rejection(device), new RegExp(`by actor ${phone.actor} carries no valid signature of its device`))
  assert.equal(notebook.heads(), before)
  assert.is((notebook.get(reading.id) as { value?: number }).value, 64.2)
})

test('a clinic deleting the patient\'s entry is rejected', async () => {
  const { device, copy } = await practitioner()
  const before = notebook.heads()
  tamper(copy, d => { delete dayOf(d, reading.id)[reading.id] })
  assert.match(await rejection(device), new RegExp(`deletes data written by party ${phone.party.id}`))
  assert.equal(notebook.heads(), before)
  assert.ok(notebook.get(reading.id) !== undefined, 'the reading is still there')
})

test('a clinic altering the patient\'s entry is rejected', async () => {
  const { device, copy } = await practitioner()
  const before = notebook.heads()
  tamper(copy, d => { const day = dayOf(d, reading.id); day[reading.id] = rewritten(day, reading.id, { value: 80 }) })
  assert.match(await rejection(device), /overwrites or deletes data written by party/)
  assert.equal(notebook.heads(), before)
  assert.is((notebook.get(reading.id) as { value?: number }).value, 64.2)
})

test('a clinic slipping its own entry in beside the patient\'s (no overwrite, so no pred) is still rejected', async () => {
  const { device, copy } = await practitioner()
  const before = notebook.heads()
  const note = copy.addNote({ text: 'Genuine, but about to be copied into the patient\'s day.' })
  await until(() => notebook.get(note.id) !== undefined, 'the genuine note')
  const after = notebook.heads()
  tamper(copy, d => {
    dayOf(d, reading.id).slipped1 = new Automerge.ImmutableString(String(dayOf(d, note.id)[note.id]))
  })
  assert.match(await rejection(device), /edits an object created by party/)
  assert.not.equal(after, before)
  assert.equal(notebook.heads(), after)
  assert.is(notebook.get('slipped1'), undefined)
})

for (const level of ['year', 'day'] as const) {
  test(`a clinic opening a new ${level} under the patient's device for its entry is rejected`, async () => {
    const { device, copy } = await practitioner()
    const before = notebook.heads()
    const id = `slipped${level}`
    tamper(copy, d => {
      const [phoneDevice, year, month, day] = slotOf(d, reading.id) as [string, string, string, string]
      const entry = rewritten(dayOf(d, reading.id), reading.id, { author: { device: device.actor, party: clinic.id } })
      if (level === 'year') {
        // A year the patient has no entries in: every map on the way is new.
        d.entries[phoneDevice]['1999'] = { '01': { '01': { [id]: entry } } }
      } else {
        d.entries[phoneDevice][year][month][day === '01' ? '02' : '01'] = { [id]: entry }
      }
    })
    assert.match(await rejection(device), new RegExp(`it writes in bucket entries/${phone.actor}, which is not named after a device of party ${clinic.id}`))
    assert.equal(notebook.heads(), before)
    assert.is(notebook.get(id), undefined)
  })
}

test('a clinic writing an entry in the patient\'s name is rejected', async () => {
  const { device, copy } = await practitioner()
  const before = notebook.heads()
  const note = copy.addNote({ text: 'A genuine note, soon to be misattributed.' })
  await until(() => notebook.get(note.id) !== undefined, 'the genuine note')
  const after = notebook.heads()
  assert.not.equal(after, before)
  tamper(copy, d => {
    const day = dayOf(d, note.id)
    day.forgedEntry1 = rewritten(day, note.id, { author: { device: phone.actor, party: phone.party.id } })
  })
  assert.match(await rejection(device), new RegExp(`in the name of party ${phone.party.id}`))
  assert.equal(notebook.heads(), after)
})

test('a clinic writing something that is not an entry string into its own bucket is rejected', async () => {
  const { device, copy } = await practitioner()
  const before = notebook.heads()
  const note = copy.addNote({ text: 'A genuine note, soon to be replaced by junk.' })
  await until(() => notebook.get(note.id) !== undefined, 'the genuine note')
  const after = notebook.heads()
  assert.not.equal(after, before)
  tamper(copy, d => { dayOf(d, note.id)[note.id] = new Automerge.ImmutableString('{"not": "an entry"}') })
  assert.match(await rejection(device), new RegExp(`writes entry ${note.id} as something other than a JSON entry string`))
  assert.equal(notebook.heads(), after)
  assert.ok(notebook.get(note.id) !== undefined, 'the note is still there')
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
