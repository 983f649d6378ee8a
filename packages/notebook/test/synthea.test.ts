// The two real Synthea bundles in fixtures/fhir import whole, with the counts their README states,
// and come back out as they went in: every resource of a type the notebook holds is exported
// unchanged (no fact lost or altered), and a second import adds nothing.
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
// Resource types the notebook holds, and the entry type each becomes (Observations: a vital kind or 'observation').
const HELD: Record<string, string> = {
  Patient: 'patient', Condition: 'condition', AllergyIntolerance: 'allergy', MedicationRequest: 'prescription', DocumentReference: 'note',
  Immunization: 'immunization', Procedure: 'procedure', DiagnosticReport: 'report', Encounter: 'encounter', CarePlan: 'careplan', ImagingStudy: 'imaging'
}
const total = (r: Record<string, number>): number => Object.values(r).reduce((a, b) => a + b, 0)

for (const which of ['a', 'b'] as const) {
  const file = `synthea-patient-${which}.json`

  test(`${file} imports whole: every resource of a held type is kept, counts match the README, nothing is flagged or refused`, async () => {
    const expected = readmeCounts(file)
    const nb = patientNotebook('2024-06-15T09:00:00Z')
    const report = await importFhirBundle(nb, synthea(which))
    const added = (key: string): number => report.added[key] ?? 0
    assert.equal(report.problems, [])
    assert.equal(report.flagged, [])
    assert.equal(report.ignored, [])
    for (const [code, kind] of Object.entries(VITAL_LOINC)) assert.is(added(kind), expected.loinc[code], `${kind} (${code})`)
    const bmi = nb.query({ type: 'observation' }).filter(e => e.type === 'observation' && e.code.code === '39156-5')
    assert.is(bmi.length, expected.loinc['39156-5'], 'BMI kept as a generic observation')
    const observations = Object.entries(report.added).filter(([k]) => !Object.values(HELD).includes(k))
    assert.is(observations.reduce((n, [, c]) => n + c, 0), expected.resources.Observation, 'no Observation dropped')
    for (const [type, entryType] of Object.entries(HELD)) assert.is(added(entryType), expected.resources[type] ?? 0, type)
    const notHeld = Object.fromEntries(Object.entries(expected.resources).filter(([type]) => type !== 'Observation' && HELD[type] === undefined))
    assert.equal(report.notHeld, notHeld)
    assert.equal(Object.keys(notHeld).sort(), ['CareTeam', 'Claim', 'ExplanationOfBenefit', 'Provenance'])
    assert.is(total(report.added) + total(report.notHeld), expected.total)
    assert.is(nb.query().length, total(report.added))
  })

  test(`${file}: import → export gives back every held resource unchanged, under its original fullUrl, and valid FHIR R4`, async () => {
    const bundle = synthea(which)
    const nb = patientNotebook()
    await importFhirBundle(nb, bundle)
    const exported = exportFhirBundle(nb)
    assert.equal(fhirSchemaErrors(exported), [])
    const out = new Map(exported.entry.map(e => [e.fullUrl, e.resource]))
    let compared = 0
    for (const e of bundle.entry as Array<{ fullUrl: string, resource: Record<string, unknown> }>) {
      if (e.resource.resourceType !== 'Observation' && HELD[e.resource.resourceType as string] === undefined) {
        assert.not.ok(out.has(e.fullUrl), `${e.fullUrl} is of a type the notebook does not hold`)
        continue
      }
      assert.equal(out.get(e.fullUrl), e.resource, `${e.resource.resourceType as string} ${e.fullUrl}`)
      compared++
    }
    assert.is(compared, nb.query().length)
    // The notebook's own Patient now carries the hospital's demographics and links to its record.
    const own = exported.entry[0]?.resource as Record<string, any>
    const hospital = (bundle.entry as any[]).find(e => e.resource.resourceType === 'Patient')
    assert.is(own.birthDate, hospital.resource.birthDate)
    assert.is(own.gender, hospital.resource.gender)
    assert.match(own.name[0].text, hospital.resource.name[0].family)
    assert.equal(own.link, [{ other: { reference: hospital.fullUrl }, type: 'seealso' }])
  })

  test(`${file}: the export imported into a new notebook and exported again says the same, and importing either again adds nothing`, async () => {
    const nb = patientNotebook()
    const first: ImportReport = await importFhirBundle(nb, synthea(which))
    const exported = JSON.parse(JSON.stringify(exportFhirBundle(nb)))
    const heads = nb.heads()
    const again = await importFhirBundle(nb, synthea(which))
    assert.equal(again.added, {})
    assert.is(again.existing, total(first.added))
    assert.equal(nb.heads(), heads, 'nothing written')
    const own = await importFhirBundle(nb, exported)
    assert.equal(own.added, {}, 'its own export adds nothing to a notebook')
    assert.equal(nb.heads(), heads)

    const copy = patientNotebook()
    const moved = await importFhirBundle(copy, exported)
    assert.equal(moved.added, first.added)
    const resources = (b: { entry: Array<{ fullUrl: string, resource: unknown }> }): Map<string, unknown> => new Map(b.entry.slice(1).map(e => [e.fullUrl, e.resource]))
    assert.equal(resources(exportFhirBundle(copy)), resources(exported))
  })

  test(`${file}: entries keep the original values and times, and prescriptions their structured dosage`, async () => {
    const bundle = synthea(which)
    const nb = patientNotebook()
    await importFhirBundle(nb, bundle)
    const resources = (type: string): any[] => bundle.entry.map((e: any) => e.resource).filter((r: any) => r.resourceType === type)
    const find = (pred: (e: Entry) => boolean): Entry | undefined => nb.query().find(pred)
    for (const r of resources('Observation').filter(r => r.code.coding[0].code === '85354-9')) {
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
      const entry = find(e => e.type === 'prescription' && e.at === r.authoredOn && e.status === r.status && e.medication.code === r.medicationCodeableConcept.coding[0].code)
      assert.ok(entry?.type === 'prescription', r.medicationCodeableConcept.text)
      const timing = r.dosageInstruction?.[0]?.timing?.repeat
      if (timing !== undefined) assert.equal([entry.dosage?.[0]?.frequency, entry.dosage?.[0]?.period, entry.dosage?.[0]?.periodUnit], [timing.frequency, timing.period, timing.periodUnit])
    }
    for (const r of resources('DocumentReference')) {
      const text = Buffer.from(r.content[0].attachment.data, 'base64').toString('utf8').trim()
      assert.ok(find(e => e.type === 'note' && e.at === r.context.period.start && e.text === text), r.id)
    }
    for (const r of resources('Immunization')) assert.ok(find(e => e.type === 'immunization' && e.at === r.occurrenceDateTime && e.vaccine.code === r.vaccineCode.coding[0].code), r.id)
    for (const r of resources('Encounter')) assert.ok(find(e => e.type === 'encounter' && e.at === r.period.start && e.end === r.period.end && e.class === r.class.code), r.id)
    // Each lab panel lists its observations, and each of them points to the visit it was taken at.
    const reports = nb.query({ type: 'report' }).filter(e => e.type === 'report' && e.results !== undefined)
    assert.ok(reports.length > 0)
    for (const report of reports) {
      const original = report.source?.resource as any
      assert.is(report.type === 'report' && report.results?.length, original.result.length)
      for (const id of report.type === 'report' ? report.results ?? [] : []) {
        const result = nb.get(id)
        assert.ok(result?.type === 'observation' || result?.type === 'vital', id)
        assert.is(result?.source?.encounter, report.source?.encounter)
      }
    }
  })
}

test('both patients import into one notebook without clashing', async () => {
  const nb = patientNotebook()
  const a = await importFhirBundle(nb, synthea('a'))
  const b = await importFhirBundle(nb, synthea('b'))
  assert.is(nb.query().length, total(a.added) + total(b.added))
  assert.is(b.existing, 0)
})

test.run()
