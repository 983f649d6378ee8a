import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { exportFhirBundle, importFhirBundle, type Entry, type Notebook } from '../src/index.js'
import { fhirSchemaErrors, newParty, patientNotebook } from './helpers.js'

const LOINC = 'http://loinc.org'
const UCUM = 'http://unitsofmeasure.org'

// A notebook with one entry of every kind and type, one of them amended.
function fullNotebook (): Notebook {
  const nb = patientNotebook('2024-06-15T09:00:00Z')
  nb.addVital({ kind: 'bp', systolic: 118, diastolic: 76, at: '2024-06-01T07:30:00+09:00' })
  nb.addVital({ kind: 'temp', value: 36.6, at: '2024-06-02T07:30:00+09:00' })
  nb.addVital({ kind: 'pulse', value: 62, at: '2024-06-03T07:30:00+09:00' })
  const weight = nb.addVital({ kind: 'weight', value: 58.4, at: '2024-06-04T07:30:00+09:00' })
  nb.amend(weight.id, { value: 58.2 })
  nb.addVital({ kind: 'spo2', value: 98, at: '2024-06-05T07:30:00+09:00' })
  nb.addVital({ kind: 'glucose', value: 92, at: '2024-06-06T07:30:00+09:00' })
  nb.addVital({ kind: 'steps', value: 9120, at: '2024-06-07T23:00:00+09:00' })
  nb.addAllergy({ code: { text: 'Penicillin allergy', system: 'http://snomed.info/sct', code: '91936005' }, category: 'medication', criticality: 'high', reaction: 'rash', at: '2001' })
  nb.addCondition({ code: 'Hay fever', status: 'resolved', at: '2019-04', abated: '2019-06-30' })
  nb.addMedication({ medication: 'Cetirizine 10 mg', dosage: 'once daily', at: '2019-04-02', until: '2019-06-30', status: 'completed' })
  nb.addMedication({ medication: 'Vitamin D 1000 IU', at: '2024-01-10' })
  nb.addNote({ text: 'Headache since Tuesday, worse in the morning — 頭痛.', title: 'Headache', at: '2024-06-11T20:00:00+09:00' })
  const pdf = utf8ToBytes('%PDF-1.7 referral letter')
  nb.addDocument({ title: 'Referral letter', contentType: 'application/pdf', sha256: bytesToHex(sha256(pdf)), size: pdf.length, at: '2024-06-12' })
  nb.recordConsent({ clinic: newParty(), scope: 'read', expires: '2024-09-13T00:00:00Z', status: 'active', tx: base58.encode(randomBytes(32)) })
  return nb
}

// What survives a trip through FHIR: the content, not who wrote it here or when, nor the resource it came in.
function content (e: Entry): Record<string, unknown> {
  const { recorded: _r, author: _a, amended: _m, source: _s, ...rest } = e
  return rest
}

test('the export is a FHIR R4 collection Bundle that the official JSON schema accepts', () => {
  const nb = fullNotebook()
  const bundle = exportFhirBundle(nb)
  assert.equal(fhirSchemaErrors(bundle), [])
  assert.is(bundle.type, 'collection')
  assert.is(bundle.timestamp, '2024-06-15T09:00:00Z')
  assert.is(bundle.entry.length, 1 + nb.query().length)
  const patient = bundle.entry[0]?.resource
  assert.equal(Object.keys(patient ?? {}).sort(), ['id', 'identifier', 'resourceType'], 'the placeholder patient has no name or demographics')
  // The schema must be able to fail, or the check above proves nothing.
  const broken = structuredClone(bundle)
  ;(broken.entry[1]?.resource as Record<string, unknown>).status = 42
  assert.ok(fhirSchemaErrors(broken).length > 0)
})

test('vital signs carry LOINC codes and UCUM units; blood pressure is one panel with two components', () => {
  const resources = exportFhirBundle(fullNotebook()).entry.map(e => e.resource)
  const byCode = (code: string): Record<string, any> | undefined => resources.find(r => (r.code as any)?.coding?.[0]?.code === code)
  const bp = byCode('85354-9')
  assert.equal(bp?.component.map((c: any) => [c.code.coding[0].system, c.code.coding[0].code, c.valueQuantity.value, c.valueQuantity.system, c.valueQuantity.code]),
    [[LOINC, '8480-6', 118, UCUM, 'mm[Hg]'], [LOINC, '8462-4', 76, UCUM, 'mm[Hg]']])
  assert.is(bp?.valueQuantity, undefined)
  const expected: Array<[string, number, string]> = [['8310-5', 36.6, 'Cel'], ['8867-4', 62, '/min'], ['29463-7', 58.2, 'kg'], ['2708-6', 98, '%'], ['2339-0', 92, 'mg/dL'], ['41950-7', 9120, '/d']]
  for (const [code, value, unit] of expected) {
    const r = byCode(code)
    assert.equal([r?.code.coding[0].system, r?.valueQuantity.value, r?.valueQuantity.system, r?.valueQuantity.code], [LOINC, value, UCUM, unit], code)
  }
  assert.is(byCode('29463-7')?.status, 'amended')
  assert.is(byCode('8310-5')?.status, 'final')
  const doc = resources.find(r => r.resourceType === 'DocumentReference' && r.description === 'Referral letter') as any
  assert.is(doc.content[0].attachment.data, undefined, 'a document is exported by hash, never by its bytes')
  assert.match(doc.content[0].attachment.url, /^ni:\/\/\/sha-256;[A-Za-z0-9_-]{43}$/)
})

test('an export imported into a new notebook gives back the same entries', async () => {
  const nb = fullNotebook()
  const bundle = JSON.parse(JSON.stringify(exportFhirBundle(nb)))
  const copy = patientNotebook('2024-06-20T00:00:00Z')
  const report = await importFhirBundle(copy, bundle)
  assert.equal(report.notHeld, { Consent: 1 }, 'consent mirrors come only from the chain')
  assert.equal(report.ignored.map(i => i.message), ['it is a Techo notebook\'s own patient record'])
  assert.is(report.existing, 0)
  const original = nb.query().filter(e => e.type !== 'consent').map(content)
  assert.equal(copy.query().map(content), original)
  assert.ok(copy.query().every(e => e.author.party === copy.party), 'imported entries are written by the importing party')
  const again = await importFhirBundle(copy, bundle)
  assert.equal(again.added, {})
  assert.is(again.existing, original.length)
  assert.equal(fhirSchemaErrors(exportFhirBundle(copy)), [])
})

test('an empty notebook exports a bundle with only the patient placeholder', async () => {
  const nb = patientNotebook()
  const bundle = exportFhirBundle(nb)
  assert.is(bundle.entry.length, 1)
  assert.equal(fhirSchemaErrors(bundle), [])
  const report = await importFhirBundle(patientNotebook(), bundle)
  assert.equal([report.added, report.existing, report.notHeld, report.ignored.length], [{}, 0, {}, 1])
})

test('a prescription written at a clinic exports as a MedicationRequest with its dosage, supply and prescriber', async () => {
  const nb = patientNotebook('2024-06-15T09:00:00Z')
  const rx = nb.addPrescription({
    medication: { text: 'Amoxicillin 500 MG Oral Capsule', system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '308191' },
    dosage: [{ text: '1 capsule three times a day', dose: { value: 1, unit: '{capsule}' }, route: { text: 'oral' }, frequency: 3, period: 1, periodUnit: 'd' }],
    quantity: { value: 21, unit: '{capsule}' },
    refills: 0,
    supplyDays: 7,
    start: '2024-06-15',
    end: '2024-06-22',
    prescriber: 'Dr. Sato Hanako',
    reason: 'Acute otitis media'
  })
  const bundle = exportFhirBundle(nb)
  assert.equal(fhirSchemaErrors(bundle), [])
  const r = bundle.entry.find(e => e.resource.id === rx.id)?.resource as Record<string, any>
  assert.is(r.resourceType, 'MedicationRequest')
  assert.equal([r.status, r.intent, r.authoredOn, r.requester], ['active', 'order', '2024-06-15T09:00:00Z', { display: 'Dr. Sato Hanako' }])
  assert.equal(r.medicationCodeableConcept.coding[0].code, '308191')
  assert.equal(r.dosageInstruction[0].timing, { repeat: { frequency: 3, period: 1, periodUnit: 'd' } })
  assert.equal(r.dosageInstruction[0].doseAndRate[0].doseQuantity, { value: 1, unit: '{capsule}', system: UCUM, code: '{capsule}' })
  assert.equal(r.dispenseRequest, {
    validityPeriod: { start: '2024-06-15', end: '2024-06-22' },
    numberOfRepeatsAllowed: 0,
    quantity: { value: 21, unit: '{capsule}', system: UCUM, code: '{capsule}' },
    expectedSupplyDuration: { value: 7, unit: 'days', system: UCUM, code: 'd' }
  })
  // Back in through import, the same prescription.
  const copy = patientNotebook('2024-06-20T00:00:00Z')
  await importFhirBundle(copy, JSON.parse(JSON.stringify(bundle)))
  assert.equal(content(copy.query({ type: 'prescription' })[0] as Entry), content(rx))
})

test.run()
