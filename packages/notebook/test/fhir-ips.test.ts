// The International Patient Summary: a FHIR R4 document Bundle with the IPS sections, valid against
// the official R4 schema, whose every reference resolves inside it, built from what the notebook holds.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { exportIps, importFhirBundle } from '../src/index.js'
import { fhirSchemaErrors, fixture, patientNotebook, synthea } from './helpers.js'

type Json = Record<string, any>

// Every `reference` anywhere in a value.
function references (value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) references(v, out)
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'reference' && typeof v === 'string') out.push(v)
      else references(v, out)
    }
  }
  return out
}

function section (ips: Json, code: string): Json | undefined {
  return ips.entry[0].resource.section.find((s: Json) => s.code.coding[0].code === code)
}

test('a Synthea patient\'s summary: a valid document whose sections list their allergies, problems, immunizations, results and vital signs', async () => {
  const nb = patientNotebook('2024-06-15T09:00:00Z')
  await importFhirBundle(nb, synthea('a'))
  nb.addPrescription({ medication: 'loratadine 10 MG Oral Tablet', dosage: [{ text: '1 tablet daily' }], prescriber: 'Dr. Sato Hanako' })
  const ips = exportIps(nb) as Json
  assert.equal(fhirSchemaErrors(ips), [])
  assert.is(ips.type, 'document')
  const composition = ips.entry[0].resource
  assert.equal([composition.resourceType, composition.type.coding[0].code, composition.status], ['Composition', '60591-5', 'final'])
  const patient = ips.entry[1].resource
  assert.equal([patient.resourceType, patient.birthDate, patient.gender], ['Patient', '1991-03-31', 'male'])
  assert.match(patient.name[0].text, 'Bartell116')
  const urls = new Set(ips.entry.map((e: Json) => e.fullUrl))
  assert.is(urls.size, ips.entry.length, 'fullUrls are unique')
  for (const ref of references(ips)) assert.ok(urls.has(ref), `${ref} resolves in the document`)

  const listed = (code: string): Json[] => (section(ips, code)?.entry ?? []).map((r: Json) => ips.entry.find((e: Json) => e.fullUrl === r.reference).resource)
  const allergies = listed('48765-2')
  assert.is(allergies.length, 7)
  assert.ok(allergies.every(a => a.resourceType === 'AllergyIntolerance' && a.patient.reference === ips.entry[1].fullUrl))
  assert.match(section(ips, '48765-2')?.text.div, 'Allergy to fish')
  const medications = listed('10160-0')
  assert.ok(medications.some(m => m.medicationCodeableConcept?.text === 'loratadine 10 MG Oral Tablet'))
  const problems = listed('11450-4').map(c => c.code.text)
  assert.ok(problems.length > 0 && problems.every(p => typeof p === 'string'))
  assert.is(listed('11369-6').length, 6, 'immunizations')
  const vitals = listed('8716-3')
  const codes = vitals.map(v => v.code.coding[0].code)
  assert.is(new Set(codes).size, codes.length, 'the latest of each vital sign only')
  assert.ok(codes.includes('85354-9') && codes.includes('29463-7'))
  // Encounter references have no place in a summary: they are gone, not dangling.
  assert.ok(vitals.every(v => v.encounter === undefined))
})

test('an empty notebook\'s summary says it has no information for the sections IPS requires', () => {
  const ips = exportIps(patientNotebook()) as Json
  assert.equal(fhirSchemaErrors(ips), [])
  for (const [code, absent] of [['48765-2', 'no-allergy-info'], ['10160-0', 'no-medication-info'], ['11450-4', 'no-problem-info']]) {
    const s = section(ips, code as string)
    const target = ips.entry.find((e: Json) => e.fullUrl === s?.entry[0].reference).resource
    assert.ok(JSON.stringify(target).includes(absent as string), code)
  }
  assert.is(section(ips, '11369-6'), undefined, 'optional sections are left out when empty')
})

test('entries retired as entered in error and resolved problems are not in the summary', async () => {
  const nb = patientNotebook('2024-06-15T09:00:00Z')
  await importFhirBundle(nb, fixture('hospital-a'))
  const before = exportIps(nb) as Json
  assert.ok(section(before, '8716-3')?.entry.length === 2)
  await importFhirBundle(nb, fixture('hospital-a-updates'))
  const after = exportIps(nb) as Json
  assert.equal(fhirSchemaErrors(after), [])
  assert.is(section(after, '8716-3')?.entry.length, 1, 'the heart rate entered in error is gone')
  assert.match(section(after, '11450-4')?.text.div, 'No information', 'the hypertension is resolved')
})

test.run()
