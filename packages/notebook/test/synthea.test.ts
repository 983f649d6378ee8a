// The two real Synthea bundles in fixtures/fhir import whole, with the counts their README states.
import { readFileSync } from 'node:fs'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { exportFhirBundle, importFhirBundle, type Entry, type ImportReport } from '../src/index.js'
import { FHIR_FIXTURES, fhirSchemaErrors, patientNotebook, synthea } from './helpers.js'

interface Counts { resources: Record<string, number>, total: number, loinc: Record<string, number> }

// The README's two tables for one file: resources by type, and Observations by LOINC code.
function readmeCounts (file: string): Counts {
  const readme = readFileSync(new URL('README.md', FHIR_FIXTURES), 'utf8')
  const section = readme.split('\n## ').find(s => s.startsWith(`Counts: ${file}`))
  assert.ok(section, `README has counts for ${file}`)
  const counts: Counts = { resources: {}, total: 0, loinc: {} }
  for (const line of (section as string).split('\n')) {
    const cells = line.split('|').map(c => c.trim()).filter(c => c !== '')
    if (/^\*\*Total\*\*$/.test(cells[0] ?? '')) counts.total = Number(cells[1]?.replace(/\*/g, ''))
    else if (cells.length === 2 && /^\d+$/.test(cells[1] as string)) counts.resources[cells[0] as string] = Number(cells[1])
    else if (cells.length === 4 && /^\d+-\d$/.test(cells[0] as string)) counts.loinc[cells[0] as string] = Number(cells[2])
  }
  return counts
}

const VITAL_LOINC: Record<string, string> = { '85354-9': 'bp', '29463-7': 'weight', '8867-4': 'pulse', '8310-5': 'temp', '2339-0': 'glucose' }
const IMPORTED = ['Observation', 'Condition', 'AllergyIntolerance', 'MedicationRequest', 'DocumentReference']

for (const which of ['a', 'b'] as const) {
  const file = `synthea-patient-${which}.json`

  test(`${file} imports whole: every count matches the README, the rest is listed as skipped`, () => {
    const expected = readmeCounts(file)
    const nb = patientNotebook('2024-06-15T09:00:00Z')
    const report = importFhirBundle(nb, synthea(which))
    const added = (key: string): number => report.added[key] ?? 0

    for (const [code, kind] of Object.entries(VITAL_LOINC)) assert.is(added(kind), expected.loinc[code], `${kind} (${code})`)
    const bmi = nb.query({ type: 'observation' }).filter(e => e.type === 'observation' && e.code.code === '39156-5')
    assert.is(bmi.length, expected.loinc['39156-5'], 'BMI kept as a generic observation')
    const observations = Object.entries(report.added).filter(([k]) => !['condition', 'allergy', 'medication', 'note', 'document'].includes(k))
    assert.is(observations.reduce((n, [, c]) => n + c, 0), expected.resources.Observation, 'no Observation dropped')
    assert.is(added('condition'), expected.resources.Condition)
    assert.is(added('allergy'), expected.resources.AllergyIntolerance ?? 0)
    assert.is(added('medication'), expected.resources.MedicationRequest)
    assert.is(added('note'), expected.resources.DocumentReference, 'clinical notes kept as notes')

    const notImported = Object.fromEntries(Object.entries(expected.resources).filter(([type]) => !IMPORTED.includes(type)))
    assert.equal(report.skipped, notImported)
    const total = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0)
    assert.is(total(report.added) + total(report.skipped), expected.total)
    assert.is(nb.query().length, total(report.added))
  })

  test(`${file}: blood pressure panels, allergies, conditions and prescriptions keep their original values and times`, () => {
    const bundle = synthea(which)
    const nb = patientNotebook()
    importFhirBundle(nb, bundle)
    const resources = (type: string): any[] => bundle.entry.map((e: any) => e.resource).filter((r: any) => r.resourceType === type)
    const find = (pred: (e: Entry) => boolean): Entry | undefined => nb.query().find(pred)

    const panels = resources('Observation').filter(r => r.code.coding[0].code === '85354-9')
    assert.is(panels.length, 4)
    for (const r of panels) {
      const value = (code: string): number => r.component.find((c: any) => c.code.coding[0].code === code).valueQuantity.value
      const entry = find(e => e.type === 'vital' && e.kind === 'bp' && e.at === r.effectiveDateTime)
      assert.ok(entry?.type === 'vital' && entry.kind === 'bp' && entry.systolic === value('8480-6') && entry.diastolic === value('8462-4'), r.effectiveDateTime)
    }
    for (const r of resources('AllergyIntolerance')) {
      assert.ok(find(e => e.type === 'allergy' && e.at === r.recordedDate && e.code.code === r.code.coding[0].code && e.criticality === r.criticality), r.code.text)
    }
    for (const r of resources('Condition')) {
      assert.ok(find(e => e.type === 'condition' && e.at === r.onsetDateTime && e.abated === r.abatementDateTime && e.status === r.clinicalStatus.coding[0].code && e.code.text === r.code.text), r.code.text)
    }
    for (const r of resources('MedicationRequest')) {
      assert.ok(find(e => e.type === 'medication' && e.at === r.authoredOn && e.status === r.status && e.medication.code === r.medicationCodeableConcept.coding[0].code), r.medicationCodeableConcept.text)
    }
    for (const r of resources('DocumentReference')) {
      const text = Buffer.from(r.content[0].attachment.data, 'base64').toString('utf8').trim()
      assert.ok(find(e => e.type === 'note' && e.at === r.context.period.start && e.text === text), r.id)
    }
  })

  test(`${file}: the imported notebook exports as valid FHIR R4, and importing again adds nothing`, () => {
    const nb = patientNotebook()
    const first: ImportReport = importFhirBundle(nb, synthea(which))
    assert.equal(fhirSchemaErrors(exportFhirBundle(nb)), [])
    const heads = nb.heads()
    const again = importFhirBundle(nb, synthea(which))
    assert.equal(again.added, {})
    assert.is(again.existing, Object.values(first.added).reduce((a, b) => a + b, 0))
    assert.equal(again.skipped, first.skipped)
    assert.equal(nb.heads(), heads)
  })
}

test('both patients import into one notebook without clashing', () => {
  const nb = patientNotebook()
  const a = importFhirBundle(nb, synthea('a'))
  const b = importFhirBundle(nb, synthea('b'))
  const total = (r: ImportReport): number => Object.values(r.added).reduce((x, y) => x + y, 0)
  assert.is(nb.query().length, total(a) + total(b))
  assert.is(b.existing, 0)
})

test.run()
