// Prescriptions (FHIR MedicationRequest) written through the typed API, as a clinic would: every
// field validated, a bad one refused with a sentence naming it and nothing written; amendable by
// the party that wrote it; read back exactly as written, also on another device.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { Notebook, type PrescriptionInput } from '../src/index.js'
import { newActor, newParty, patientNotebook, refused } from './helpers.js'

const BASE: PrescriptionInput = {
  medication: { text: 'Amlodipine 5 MG Oral Tablet', system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '197361' },
  dosage: [{ text: '1 tablet every morning', dose: { value: 1, unit: '{tbl}' }, route: { text: 'oral' }, frequency: 1, period: 1, periodUnit: 'd' }],
  quantity: { value: 30, unit: '{tbl}' },
  refills: 2,
  supplyDays: 30,
  start: '2024-06-15',
  end: '2024-09-15',
  prescriber: 'Dr. Sato Hanako'
}

test('a prescription is stored with its defaults and reads back the same, here and on another device', () => {
  const nb = patientNotebook('2024-06-15T09:00:00Z')
  const rx = nb.addPrescription(BASE)
  assert.equal([rx.type, rx.status, rx.intent, rx.at], ['prescription', 'active', 'order', '2024-06-15T09:00:00Z'])
  assert.equal(nb.query({ type: 'prescription' }), [rx])
  const other = Notebook.load(nb.save(), { actor: newActor(), party: nb.party })
  assert.equal(other.get(rx.id), rx)
})

test('bad prescriptions are refused, naming the field, and nothing is written', () => {
  const nb = patientNotebook('2024-06-15T09:00:00Z')
  const cases: Array<[Partial<PrescriptionInput> | Record<string, unknown>, string]> = [
    [{ medication: ' ' }, 'Medication is missing or empty.'],
    [{ status: 'taken' }, 'Prescription status "taken" is not one of active, on-hold, cancelled, completed, entered-in-error, stopped, draft, unknown.'],
    [{ dosage: [{ frequency: 2 }] }, 'A frequency of 2 needs the period it is counted over, a number above 0 (e.g. 2 per 1 d).'],
    [{ dosage: [{ frequency: 2, period: 1, periodUnit: 'fortnight' }] }, 'Period unit "fortnight" is not one of s, min, h, d, wk, mo, a.'],
    [{ dosage: [{}] }, 'A dosage instruction needs text, a dose, a route or a frequency.'],
    [{ dosage: [] }, 'Dosage must be a list of 1 to 20 instructions.'],
    [{ quantity: { value: -1, unit: 'tablet' } }, 'Quantity to dispense -1 is not a number of at least 0.'],
    [{ refills: 1.5 }, 'Refills 1.5 is not a whole number from 0 to 99.'],
    [{ start: '2024-09-01', end: '2024-08-01' }, 'Valid until 2024-08-01 is before the start 2024-09-01.']
  ]
  for (const [patch, message] of cases) {
    const err = refused(() => nb.addPrescription({ ...BASE, ...patch } as PrescriptionInput), 'ERR_BAD_ENTRY')
    assert.is(err.message, message)
  }
  assert.equal(nb.query(), [])
})

test('the prescribing party amends its prescription (stopped early), and another party may not', () => {
  const nb = patientNotebook('2024-06-15T09:00:00Z')
  const rx = nb.addPrescription(BASE)
  const stopped = nb.amend(rx.id, { status: 'stopped', end: '2024-07-01' })
  assert.ok(stopped.type === 'prescription')
  assert.equal([stopped.status, stopped.end, stopped.amended], ['stopped', '2024-07-01', '2024-06-15T09:00:00Z'])
  const clinic = Notebook.load(nb.save(), { actor: newActor(), party: newParty() })
  refused(() => clinic.amend(rx.id, { status: 'active' }), 'ERR_NOT_AUTHOR')
})

test.run()
