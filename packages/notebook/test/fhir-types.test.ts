// Each resource type the notebook holds, as real-world data shapes it: what the entry says, and that
// the export gives the resource back as it came. Messy but valid FHIR (a date-only time, a quantity
// without a value or without UCUM, text results, component panels, a drug named by reference) is kept.
import { randomBytes } from 'node:crypto'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { exportFhirBundle, importFhirBundle, type Entry, type Notebook } from '../src/index.js'
import { fhirSchemaErrors, fixture, patientNotebook, synthea } from './helpers.js'

async function imported (bundle: Record<string, any>): Promise<{ nb: Notebook, byId: (id: string) => Entry, report: Awaited<ReturnType<typeof importFhirBundle>> }> {
  const nb = patientNotebook('2024-06-15T09:00:00Z')
  const report = await importFhirBundle(nb, bundle)
  const all = nb.query()
  return { nb, report, byId: id => all.find(e => (e.source?.resource as any)?.id === id) as Entry }
}

test('messy but valid observations are all kept, each with what it says', async () => {
  const { byId, report } = await imported(fixture('messy-valid'))
  assert.equal(report.problems, [])
  assert.equal(report.flagged, [])
  const weight = byId('w-date-only')
  assert.ok(weight.type === 'vital' && weight.kind === 'weight')
  assert.equal([weight.value, weight.at], [60.9, '2022-11-05'], 'a date-only reading keeps its date, not an invented time')
  const glucose = byId('no-value')
  assert.ok(glucose.type === 'observation')
  assert.is(glucose.value, undefined, 'a quantity without a value: kept, with no value')
  const hiv = byId('hiv')
  assert.ok(hiv.type === 'observation')
  assert.equal([hiv.value, hiv.category], ['Negative', 'laboratory'])
  const pain = byId('pain')
  assert.ok(pain.type === 'observation')
  assert.equal(pain.components, [
    { code: { text: 'Pain intensity', system: 'http://loinc.org', code: '72134-0' }, value: 3 },
    { code: { text: 'Personal care', system: 'http://loinc.org', code: '72135-7' }, value: { text: 'I can look after myself normally' } }
  ])
  const height = byId('no-ucum')
  assert.ok(height.type === 'observation')
  assert.equal([height.value, height.unit, height.unitText], [158, undefined, 'centimetres'])
  const spo2 = byId('spo2')
  assert.ok(spo2.type === 'vital' && spo2.kind === 'spo2' && spo2.value === 97)
})

test('a prescription that names its drug by reference is kept with the drug, its structured dosage and supply', async () => {
  const { nb, byId, report } = await imported(fixture('messy-valid'))
  assert.equal(report.notHeld, {}, 'the Medication is kept with the prescription that names it')
  const rx = byId('rx-1')
  assert.ok(rx.type === 'prescription')
  assert.equal(rx.medication, { text: 'cisplatin 50 MG/ML Injectable Solution', system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '597195' })
  assert.equal(rx.dosage, [{ dose: { value: 75, unit: 'mg/m2' }, route: { text: 'intravenous' }, frequency: 1, period: 3, periodUnit: 'wk', asNeeded: false }])
  assert.equal([rx.quantity, rx.refills, rx.supplyDays, rx.prescriber, rx.status], [{ value: 6, unit: 'vial' }, 5, 126, 'Dr. Sato Hanako', 'active'])
  const stopped = byId('rx-2')
  assert.ok(stopped.type === 'prescription')
  assert.equal([stopped.medication, stopped.status, stopped.at], [{ text: 'paclitaxel 6 MG/ML' }, 'stopped', '2022-10-01'], 'a reference outside the bundle keeps its display')

  const bundle = fixture('messy-valid')
  const exported = exportFhirBundle(nb)
  assert.equal(fhirSchemaErrors(exported), [])
  const out = new Map(exported.entry.map(e => [e.fullUrl, e.resource]))
  for (const e of bundle.entry) assert.equal(out.get(e.fullUrl), e.resource, e.resource.id)
})

test('immunizations, procedures, reports with their results, visits, care plans, imaging studies and the patient', async () => {
  const bundle = synthea('b')
  const { nb, byId } = await imported(bundle)
  const resource = (type: string): any => bundle.entry.find((e: any) => e.resource.resourceType === type).resource
  const imm = resource('Immunization')
  const i = byId(imm.id)
  assert.ok(i.type === 'immunization')
  assert.equal([i.vaccine.code, i.vaccine.text, i.status, i.at], [imm.vaccineCode.coding[0].code, imm.vaccineCode.text, 'completed', imm.occurrenceDateTime])
  const proc = resource('Procedure')
  const p = byId(proc.id)
  assert.ok(p.type === 'procedure')
  assert.equal([p.code.code, p.status, p.at, p.end], [proc.code.coding[0].code, proc.status, proc.performedPeriod.start, proc.performedPeriod.end])
  const enc = resource('Encounter')
  const v = byId(enc.id)
  assert.ok(v.type === 'encounter')
  assert.equal([v.code.text, v.class, v.status, v.at, v.end, v.provider], [enc.type[0].text, enc.class.code, enc.status, enc.period.start, enc.period.end, enc.serviceProvider.display])
  const plan = resource('CarePlan')
  const c = byId(plan.id)
  assert.ok(c.type === 'careplan')
  assert.equal([c.status, c.at, c.activities?.length], [plan.status, plan.period.start, plan.activity.length])
  const study = resource('ImagingStudy')
  const m = byId(study.id)
  assert.ok(m.type === 'imaging')
  assert.equal([m.at, m.series, m.instances, m.modality?.[0]?.code], [study.started, study.numberOfSeries, study.numberOfInstances, study.series[0].modality.code])
  const pat = resource('Patient')
  const who = byId(pat.id)
  assert.ok(who.type === 'patient')
  assert.equal([who.name, who.gender, who.birthDate, who.at], [`${pat.name[0].given[0] as string} ${pat.name[0].family as string}`, pat.gender, pat.birthDate, pat.birthDate])
  const lab = bundle.entry.map((e: any) => e.resource).find((r: any) => r.resourceType === 'DiagnosticReport' && r.result?.length > 1)
  const report = byId(lab.id)
  assert.ok(report.type === 'report')
  const results = (report.results ?? []).map(id => nb.get(id)?.source?.resource as any)
  assert.equal(results.map(r => `urn:uuid:${r.id as string}`), lab.result.map((r: any) => r.reference))
  assert.is(nb.get(report.source?.encounter as string)?.type, 'encounter', 'the report points to its visit')
})

test('a large resource is kept whole, deflated, and exports exactly as it came', async () => {
  const bundle = synthea('b')
  const entry = bundle.entry.find((e: any) => e.resource.resourceType === 'ImagingStudy')
  const study = entry.resource
  const one = study.series[0].instance[0]
  study.series[0].instance = Array.from({ length: 900 }, (_, n) => ({ ...one, uid: `${one.uid as string}.${n}`, number: n + 1 }))
  study.numberOfInstances = 900
  assert.ok(JSON.stringify(study).length > 80 * 1024)
  const { nb, report } = await imported(bundle)
  assert.equal(report.flagged, [])
  const kept = nb.query({ type: 'imaging' })[0]
  assert.ok(kept?.type === 'imaging' && kept.instances === 900 && kept.source?.resource === undefined && kept.source?.deflated !== undefined)
  assert.ok(JSON.stringify(kept).length < 60 * 1024)
  const exported = exportFhirBundle(nb)
  assert.equal(exported.entry.find(e => e.fullUrl === entry.fullUrl)?.resource, study)
})

test('a resource too large for one entry even deflated keeps its summary, is flagged, and exports rebuilt from the summary', async () => {
  const bundle = synthea('b')
  const study = bundle.entry.find((e: any) => e.resource.resourceType === 'ImagingStudy').resource
  const one = study.series[0].instance[0]
  // Random identifiers do not compress.
  study.series[0].instance = Array.from({ length: 2000 }, (_, n) => ({ ...one, uid: `2.25.${BigInt('0x' + randomBytes(16).toString('hex')).toString()}`, number: n + 1 }))
  study.numberOfInstances = 2000
  const { nb, report } = await imported(bundle)
  assert.equal(report.flagged.map(f => f.resource), [`ImagingStudy/${study.id as string}`])
  assert.match(report.flagged[0]?.message ?? '', /its original FHIR JSON \(\d+ KiB\) is too large to keep in one entry \(60 KiB\), even deflated/)
  const kept = nb.query({ type: 'imaging' })[0]
  assert.ok(kept?.type === 'imaging' && kept.instances === 2000 && kept.source?.resource === undefined && kept.source?.deflated === undefined)
  assert.ok(JSON.stringify(kept).length < 60 * 1024)
  const exported = exportFhirBundle(nb)
  assert.equal(fhirSchemaErrors(exported), [])
  const rebuilt = exported.entry.find(e => e.resource.resourceType === 'ImagingStudy')?.resource as Record<string, any>
  assert.equal([rebuilt.id, rebuilt.started, rebuilt.numberOfInstances], [study.id, study.started, 2000])
})

test.run()
