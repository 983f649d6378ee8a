import * as A from '@automerge/automerge'
import { sha3_256 } from '@noble/hashes/sha3.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { notebookIdFor } from '@techo/identity'
import { Notebook, SCHEMA_VERSION, digest, type NotebookChange, type NotebookDoc } from '../src/index.js'
import { clockAt, newActor, newParty, patientNotebook, refused } from './helpers.js'

// What the sync layer does: apply everything `from` has to `to`'s document, then hand it back.
function syncInto (to: Notebook, from: Notebook): void {
  to.setDoc(A.loadIncremental(to.doc, from.save()))
}

test('the notebook id is "nb" + base58(sha3-256) of the patient id, as the contract recomputes it, and a valid IOST storage key', () => {
  const patientId = newParty()
  const id = notebookIdFor(patientId)
  assert.is(notebookIdFor(patientId), id)
  assert.is.not(notebookIdFor(newParty()), id)
  // The published form the consent contract computes with IOSTCrypto.sha3: any change here locks patients out of their grants.
  assert.is(id, 'nb' + base58.encode(sha3_256(utf8ToBytes(`techo/notebook/v1:${patientId}`))))
  assert.is(base58.decode(id.slice(2)).length, 32, 'the full 32-byte hash')
  assert.match(id, /^nb[1-9A-HJ-NP-Za-km-z]{32,44}$/)
  assert.ok(id.length <= 46 && !/[-@]/.test(id), id)
  assert.is(Notebook.create({ patientId, actor: newActor(), party: patientId }).id, id)
  assert.throws(() => notebookIdFor('not a key'), (err: Error & { code?: string }) => err.code === 'ERR_BAD_IDENTITY')
  refused(() => Notebook.create({ patientId, actor: 'ABC', party: patientId }), 'ERR_BAD_IDENTITY')
  refused(() => Notebook.create({ patientId, actor: newActor(), party: 'someone' }), 'ERR_BAD_IDENTITY')
})

test('two devices of a patient given the same salt start from one genesis and merge without conflict', () => {
  const patientId = newParty()
  const salt = new Uint8Array(32).fill(7)
  const phone = Notebook.create({ patientId, actor: newActor(), party: patientId, salt })
  const restored = Notebook.create({ patientId, actor: newActor(), party: patientId, salt })
  assert.equal(restored.heads(), phone.heads())
  assert.is(digest(restored), digest(phone))
  phone.addVital({ kind: 'pulse', value: 70 })
  restored.addVital({ kind: 'pulse', value: 71 })
  syncInto(phone, restored)
  assert.equal(phone.query({ kind: 'pulse' }).map(e => e.type === 'vital' && e.kind === 'pulse' ? e.value : 0).sort(), [70, 71])
  assert.equal(A.getConflicts(phone.doc, 'meta'), undefined)
  const other = Notebook.create({ patientId, actor: newActor(), party: patientId, salt: new Uint8Array(32).fill(8) })
  assert.is.not(digest(other), digest(phone))
})

test('a saved notebook loads back with the same id, heads and entries', () => {
  const nb = patientNotebook()
  nb.addVital({ kind: 'temp', value: 36.9 })
  nb.addAllergy({ code: 'latex' })
  const again = Notebook.load(nb.save(), { actor: nb.actor, party: nb.party })
  assert.is(again.id, nb.id)
  assert.is(again.patientId, nb.patientId)
  assert.equal(again.heads(), nb.heads())
  assert.equal(again.query(), nb.query())
})

test('damaged bytes or a document that is not a notebook are refused on load', () => {
  const who = { actor: newActor(), party: newParty() }
  const bytes = patientNotebook().save()
  const damaged = bytes.slice()
  const middle = Math.floor(damaged.length / 2)
  damaged[middle] = (damaged[middle] as number) ^ 0xff
  refused(() => Notebook.load(damaged, who), 'ERR_BAD_DOCUMENT')
  refused(() => Notebook.load(new TextEncoder().encode('{"resourceType":"Bundle"}'), who), 'ERR_BAD_DOCUMENT')
  const other = A.save(A.from({ todo: ['milk'] }))
  assert.is(refused(() => Notebook.load(other, who), 'ERR_BAD_DOCUMENT').message, 'This Automerge document is not a Techo notebook (it has no notebook metadata).')
  const newer = A.change(A.load<NotebookDoc>(bytes), d => { d.meta.schema = SCHEMA_VERSION + 1 })
  assert.match(refused(() => Notebook.fromDoc(newer, who), 'ERR_BAD_DOCUMENT').message, 'update Techo')
  // Schema 1 stored a map per entry, schema 2 keyed buckets by month: read with this layout, every
  // entry would vanish (and new ones land beside the old), so both are refused outright.
  for (const schema of [1, 2]) {
    const older = A.change(A.load<NotebookDoc>(bytes), d => { d.meta.schema = schema })
    assert.is(refused(() => Notebook.fromDoc(older, who), 'ERR_BAD_DOCUMENT').message,
      `This notebook has schema ${schema}, a pre-release layout which this version of Techo cannot read; export it as FHIR with the Techo that wrote it and import that here.`)
  }
})

test('two devices writing the first entries of a new year while apart both keep their entries after syncing', () => {
  const patientId = newParty()
  const phone = Notebook.create({ patientId, actor: newActor(), party: patientId, now: clockAt('2024-06-01T00:00:00Z').now })
  const clinic = Notebook.load(phone.save(), { actor: newActor(), party: newParty(), now: clockAt('2024-06-20T00:00:00Z').now })
  // Neither has an entry for 2024 yet: each creates its own year, month and day maps, so neither hides the other's.
  const mine = phone.addVital({ kind: 'pulse', value: 70, at: '2024-06-01T00:00:00Z' })
  const theirs = clinic.addNote({ text: 'Follow up in two weeks.', at: '2024-06-01T00:00:00Z' })
  const tablet = Notebook.load(phone.save(), { actor: newActor(), party: patientId, now: clockAt('2024-06-20T00:00:00Z').now })
  const also = tablet.addVital({ kind: 'pulse', value: 72, at: '2024-06-01T08:00:00Z' })
  syncInto(phone, clinic)
  syncInto(phone, tablet)
  syncInto(clinic, phone)
  assert.equal(phone.heads().sort(), clinic.heads().sort())
  for (const nb of [phone, clinic]) {
    assert.equal(nb.get(mine.id), mine)
    assert.equal(nb.get(theirs.id), theirs)
    assert.equal(nb.get(also.id), also)
    assert.is(nb.query({ since: '2024-06-01', until: '2024-07-01' }).length, 3)
  }
})

test('setDoc accepts the same notebook with remote changes and tells listeners; it refuses anything else', () => {
  const nb = patientNotebook()
  const clinic = Notebook.load(nb.save(), { actor: newActor(), party: newParty() })
  const seen: NotebookChange[] = []
  const stop = nb.onChange(change => seen.push(change))

  const before = nb.heads()
  nb.addVital({ kind: 'spo2', value: 97 })
  assert.is(seen.length, 1)
  assert.equal(seen[0]?.before, before)
  assert.equal(seen[0]?.after, nb.heads())
  assert.is(seen[0]?.local, true)
  assert.is(A.saveSince(nb.doc, before).length > 0, true, 'a listener can persist just the new change')

  clinic.addNote({ text: 'Reviewed.' })
  syncInto(nb, clinic)
  assert.is(seen.length, 2)
  assert.is(seen[1]?.local, false)
  assert.is(nb.query({ type: 'note' }).length, 1)

  refused(() => nb.setDoc(patientNotebook().doc), 'ERR_WRONG_NOTEBOOK')
  refused(() => nb.setDoc(A.clone(nb.doc, { actor: newActor() })), 'ERR_BAD_DOCUMENT')
  const stale = A.clone(nb.doc, { actor: nb.actor })
  nb.addVital({ kind: 'spo2', value: 96 })
  refused(() => nb.setDoc(stale), 'ERR_STALE_DOC')
  assert.is(nb.query({ kind: 'spo2' }).length, 2, 'the refused doc did not drop the newer reading')

  stop()
  nb.addVital({ kind: 'spo2', value: 95 })
  assert.is(seen.length, 3)
})

test('a batch writes one change, and writes nothing if anything in it fails', () => {
  const nb = patientNotebook()
  const changes = (): number => A.getAllChanges(nb.doc).length
  const count = changes()
  const added = nb.batch(() => [36.5, 36.7, 36.9].map(value => nb.addVital({ kind: 'temp', value })))
  assert.is(changes(), count + 1)
  assert.equal(nb.query({ kind: 'temp' }).map(e => e.id).sort(), added.map(e => e.id).sort())

  const heads = nb.heads()
  refused(() => nb.batch(() => {
    nb.addVital({ kind: 'temp', value: 37.1 })
    nb.addVital({ kind: 'temp', value: 371 })
  }), 'ERR_BAD_READING')
  assert.equal(nb.heads(), heads)
  assert.is(nb.query({ kind: 'temp' }).length, 3)
})

test('a document received from another device is written with this device\'s actor', () => {
  const nb = patientNotebook()
  const actor = newActor()
  const mine = Notebook.fromDoc(A.load<NotebookDoc>(nb.save()), { actor, party: nb.party })
  mine.addVital({ kind: 'steps', value: 4000 })
  assert.is(A.getActorId(mine.doc), actor)
  const last = A.getLastLocalChange(mine.doc)
  assert.ok(last !== undefined && A.decodeChange(last).actor === actor)
})

test.run()
