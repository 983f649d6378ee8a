import * as A from '@automerge/automerge'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Notebook, type Entry } from '../src/index.js'
import { clockAt, newActor, newParty, patientNotebook, refused } from './helpers.js'

const SNOMED = 'http://snomed.info/sct'
const txHash = (): string => base58.encode(randomBytes(32))

test('allergies, medications, conditions, notes, documents and consents are stored and found by type', () => {
  const nb = patientNotebook()
  const allergy = nb.addAllergy({ code: { text: 'Peanut allergy', system: SNOMED, code: '91935009' }, criticality: 'high', category: 'food', reaction: 'hives', at: '2010' })
  const medication = nb.addMedication({ medication: 'Loratadine 10 mg', dosage: 'one tablet daily', at: '2024-05-01' })
  const condition = nb.addCondition({ code: 'Hay fever', status: 'resolved', at: '2019-04-02', abated: '2019-06-30' })
  const note = nb.addNote({ text: '  Felt dizzy after the new medication.\n', title: 'Dizziness', at: '2024-06-15T08:00:00Z' })
  const pdf = utf8ToBytes('%PDF-1.7 lab report')
  const document = nb.addDocument({ title: 'Blood test June', contentType: 'application/pdf', sha256: bytesToHex(sha256(pdf)).toUpperCase(), size: pdf.length, at: '2024-06-10T10:00:00+09:00' })
  const consent = nb.recordConsent({ clinic: newParty(), scope: 'write', expires: '2024-09-15T09:00:00Z', status: 'active', tx: txHash() })

  assert.equal(allergy.code, { text: 'Peanut allergy', system: SNOMED, code: '91935009' })
  assert.is(allergy.status, 'active', 'status defaults to active')
  assert.equal(medication.medication, { text: 'Loratadine 10 mg' })
  assert.is(note.text, 'Felt dizzy after the new medication.')
  assert.is(document.sha256, bytesToHex(sha256(pdf)), 'hash stored in lowercase hex')
  assert.is(consent.scope, 'write')
  for (const entry of [allergy, medication, condition, note, document, consent] as Entry[]) {
    assert.equal(nb.get(entry.id), entry)
    assert.equal(nb.query({ type: entry.type }), [entry])
  }
  // Partial dates sort by their start.
  assert.equal(nb.query().map(e => e.type), ['allergy', 'condition', 'medication', 'document', 'note', 'consent'])
})

test('bad entries are refused with a plain message and nothing is written', () => {
  const nb = patientNotebook()
  const heads = nb.heads()
  const cases: Array<[() => unknown, string]> = [
    [() => nb.addAllergy({ code: '  ' }), 'Allergy substance is missing or empty.'],
    [() => nb.addAllergy({ code: 'cats', criticality: 'severe' as 'high' }), 'Allergy criticality "severe" is not one of low, high, unable-to-assess.'],
    [() => nb.addAllergy({ code: { text: 'cats', system: 'snomed', code: '1' } }), 'Allergy substance code system "snomed" is not an absolute URI.'],
    [() => nb.addCondition({ code: 'flu', at: '2024-03-01', abated: '2024-02-01' }), 'Abatement time 2024-02-01 is before the start 2024-03-01.'],
    [() => nb.addCondition({ code: 'flu', at: '2024-03-01', abated: '2024-03-09' }), 'Condition status active contradicts its abatement time 2024-03-09; use inactive, remission, resolved.'],
    [() => nb.addMedication({ medication: 'aspirin', status: 'taking' as 'active' }), 'Medication status "taking" is not one of active, completed'],
    [() => nb.addNote({ text: 'x'.repeat(100_001) }), 'Note text is 100001 characters long; the limit is 100000.'],
    [() => nb.addDocument({ title: 'scan', contentType: 'pdf', sha256: 'ab'.repeat(32), size: 10 }), 'Content type "pdf" is not a MIME type such as application/pdf.'],
    [() => nb.addDocument({ title: 'scan', contentType: 'application/pdf', sha256: 'abc', size: 10 }), 'Document hash "abc" is not a SHA-256 digest in hex (64 characters).'],
    [() => nb.addDocument({ title: 'scan', contentType: 'application/pdf', sha256: 'ab'.repeat(32), size: -1 }), 'Document size -1 is not a whole number of bytes'],
    [() => nb.recordConsent({ clinic: 'clinic-1', scope: 'read', expires: '2025-01-01T00:00:00Z', status: 'active', tx: txHash() }), 'Clinic "clinic-1" is not a party id'],
    [() => nb.recordConsent({ clinic: newParty(), scope: 'admin' as 'read', expires: '2025-01-01T00:00:00Z', status: 'active', tx: txHash() }), 'Consent scope "admin" is not one of read, write.'],
    [() => nb.recordConsent({ clinic: newParty(), scope: 'read', expires: '2024-01-01T00:00:00Z', status: 'active', tx: txHash() }), 'Consent expiry 2024-01-01T00:00:00Z is not after the consent time'],
    [() => nb.recordConsent({ clinic: newParty(), scope: 'read', expires: '2025-01-01T00:00:00Z', status: 'active', tx: '0xdeadbeef' }), 'Transaction hash "0xdeadbeef" is not a base58 32-byte hash.']
  ]
  for (const [add, message] of cases) {
    const err = refused(add, 'ERR_BAD_ENTRY')
    assert.ok(err.message.startsWith(message), err.message)
  }
  assert.equal(nb.heads(), heads)
  assert.is(nb.query().length, 0)
})

test('recording the same consent transaction twice keeps one entry', () => {
  const nb = patientNotebook()
  const input = { clinic: newParty(), scope: 'read' as const, expires: '2024-12-31T00:00:00Z', status: 'active' as const, tx: txHash() }
  const first = nb.recordConsent(input)
  const heads = nb.heads()
  assert.equal(nb.recordConsent(input), first)
  assert.equal(nb.heads(), heads)
  const revoked = nb.recordConsent({ ...input, status: 'revoked', tx: txHash(), at: '2024-06-15T09:05:00Z' })
  assert.is.not(revoked.id, first.id)
  assert.equal(nb.query({ type: 'consent' }).map(e => e.type === 'consent' && e.status), ['active', 'revoked'])
  refused(() => nb.amend(first.id, { status: 'revoked' }), 'ERR_BAD_ENTRY')
})

test('a grant and its revoke in the same second stay in the order they happened', () => {
  const clock = clockAt('2024-06-15T09:00:00.100Z')
  const patientId = newParty()
  const nb = Notebook.create({ patientId, actor: newActor(), party: patientId, now: clock.now })
  const clinic = newParty()
  // Many pairs, because with whole seconds the order fell to the random transaction hashes.
  for (let i = 0; i < 20; i++) {
    nb.recordConsent({ clinic, scope: 'read', expires: '2024-12-31T00:00:00Z', status: 'active', tx: txHash() })
    clock.set(`2024-06-15T09:00:00.${200 + i * 30}Z`)
    nb.recordConsent({ clinic, scope: 'read', expires: '2024-12-31T00:00:00Z', status: 'revoked', tx: txHash() })
    clock.set(`2024-06-15T09:00:00.${215 + i * 30}Z`)
  }
  const statuses = nb.query({ type: 'consent' }).map(e => e.type === 'consent' && e.status)
  assert.equal(statuses, Array.from({ length: 20 }, () => ['active', 'revoked']).flat())
})

test('the author amends an entry: values are validated, the id stays, and a new date moves it in time', () => {
  const clock = clockAt('2024-06-15T09:00:00Z')
  const patientId = newParty()
  const nb = Notebook.create({ patientId, actor: newActor(), party: patientId, now: clock.now })
  const reading = nb.addVital({ kind: 'bp', systolic: 150, diastolic: 95, at: '2024-06-14T08:00:00+09:00' })
  clock.set('2024-06-15T10:00:00Z')
  const fixed = nb.amend(reading.id, { systolic: 130 })
  assert.equal(fixed, { ...reading, systolic: 130, amended: '2024-06-15T10:00:00Z' })
  assert.equal(nb.get(reading.id), fixed)

  const heads = nb.heads()
  assert.is(refused(() => nb.amend(reading.id, { systolic: 300 }), 'ERR_BAD_READING').message, 'Systolic pressure 300 mm[Hg] is out of range (50–260).')
  assert.is(refused(() => nb.amend(reading.id, { value: 80 }), 'ERR_BAD_READING').message,
    'Field "value" cannot be amended on bp readings; the amendable fields are systolic, diastolic, unit, at.')
  refused(() => nb.amend('nope', { systolic: 120 }), 'ERR_NOT_FOUND')
  assert.equal(nb.amend(reading.id, { systolic: 130 }), fixed, 'an amendment that changes nothing writes nothing')
  assert.equal(nb.heads(), heads)

  const moved = nb.amend(reading.id, { at: '2024-05-14T08:00:00+09:00' })
  assert.is(moved.id, reading.id)
  assert.equal(nb.query({ since: '2024-06-01' }), [])
  assert.equal(nb.query({ since: '2024-05-01', until: '2024-06-01' }), [moved])
  assert.is(nb.query().length, 1, 'the entry moved; it was not copied')

  const allergy = nb.addAllergy({ code: 'penicillin', reaction: 'rash' })
  assert.equal(nb.amend(allergy.id, { reaction: 'anaphylaxis', criticality: 'high' }), { ...allergy, reaction: 'anaphylaxis', criticality: 'high', amended: '2024-06-15T10:00:00Z' })
  assert.is(refused(() => nb.amend(allergy.id, { text: 'x' }), 'ERR_BAD_ENTRY').message,
    'Field "text" cannot be amended on allergy entries; the amendable fields are code, status, category, criticality, reaction, at.')
})

test('only the party that wrote an entry may amend it, from any of its devices', () => {
  const patientId = newParty()
  const phone = Notebook.create({ patientId, actor: newActor(), party: patientId })
  const reading = phone.addVital({ kind: 'weight', value: 70 })
  const clinicParty = newParty()
  const clinic = Notebook.load(phone.save(), { actor: newActor(), party: clinicParty })
  const heads = clinic.heads()
  const err = refused(() => clinic.amend(reading.id, { value: 71 }), 'ERR_NOT_AUTHOR')
  assert.is(err.message, `Entry ${reading.id} was written by party ${patientId}; only that party may amend it.`)
  assert.equal(clinic.heads(), heads)

  const note = clinic.addNote({ text: 'Weigh weekly.' })
  assert.is(clinic.amend(note.id, { text: 'Weigh every Monday.' }).type, 'note')

  // The patient's tablet (another device of the same party) may amend the phone's reading.
  const tablet = Notebook.load(phone.save(), { actor: newActor(), party: patientId })
  assert.is(tablet.amend(reading.id, { value: 69.5 }).type, 'vital')
  assert.ok(A.getAllChanges(tablet.doc).some(c => A.decodeChange(c).actor === tablet.actor))
})

test.run()
