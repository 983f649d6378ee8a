// Who a resource is and which version of it the notebook holds: identity includes where a resource
// comes from, so two hospitals that both number from 1 never collide; a newer version amends its
// entry and keeps the history, an older one changes nothing, entered-in-error retires the entry;
// a bundle with two patients is refused unless one is chosen.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { NotebookError, entryHistory, exportFhirBundle, importFhirBundle, type Entry } from '../src/index.js'
import { fhirSchemaErrors, fixture, patientNotebook } from './helpers.js'

const weights = (entries: Entry[]): number[] => entries.flatMap(e => e.type === 'vital' && e.kind === 'weight' ? [e.value] : [])

test('two hospitals that both number their resources from 1 do not collide', async () => {
  const nb = patientNotebook()
  const a = await importFhirBundle(nb, fixture('hospital-a'))
  const b = await importFhirBundle(nb, fixture('clinic-b'))
  const c = await importFhirBundle(nb, fixture('clinic-c-meta-source'))
  assert.equal(a.added, { patient: 1, weight: 1, condition: 1, pulse: 1 })
  assert.equal(b.added, a.added, 'clinic B\'s Observation/1 is not "already in your notebook"')
  assert.equal(c.added, { patient: 1, weight: 1, condition: 1 }, 'meta.source tells clinic C apart')
  assert.equal([b.existing, c.existing, c.unsourced], [0, 0, 0])
  assert.equal(weights(nb.query()).sort(), [61.5, 61.8, 62])
  const keys = nb.query().map(e => e.source?.key)
  assert.ok(keys.includes('https://hospital-a.example/fhir/Observation/1'))
  assert.ok(keys.includes('https://clinic-b.example/fhir/Observation/1'))
  assert.ok(keys.includes('https://clinic-c.example/fhir/Observation/1'), 'meta.source without its #request part')
  const again = await importFhirBundle(nb, fixture('clinic-b'))
  assert.equal([again.added, again.existing], [{}, 4])
})

test('resources that say nothing of their origin are counted, and --source tells them apart', async () => {
  const strip = (b: Record<string, any>): Record<string, any> => {
    for (const e of b.entry) { delete e.fullUrl; delete e.resource.meta }
    return b
  }
  const nb = patientNotebook()
  const first = await importFhirBundle(nb, strip(fixture('hospital-a')))
  assert.is(first.unsourced, 4)
  const named = await importFhirBundle(nb, strip(fixture('clinic-b')), { source: 'https://clinic-b.example/fhir' })
  assert.equal([named.unsourced, named.existing, named.amended], [0, 0, 0])
  assert.equal(weights(nb.query()).sort(), [61.5, 62])
})

test('a newer version amends its entry and keeps the earlier one readable; an entered-in-error one retires its entry', async () => {
  const nb = patientNotebook('2024-06-15T09:00:00Z')
  await importFhirBundle(nb, fixture('hospital-a'))
  const before = nb.query()
  const report = await importFhirBundle(nb, fixture('hospital-a-updates'))
  assert.equal([report.added, report.amended, report.retired, report.existing], [{}, 2, 1, 0])
  assert.equal(weights(nb.query()), [61.2], 'the amended weight, not the old one')
  const condition = nb.query({ type: 'condition' })[0]
  assert.ok(condition?.type === 'condition')
  assert.equal([condition.status, condition.abated], ['resolved', '2023-10-01'])
  assert.is(nb.query({ type: 'vital', kind: 'pulse' }).length, 0, 'the heart rate entered in error is no longer shown')
  const retired = nb.query({ type: 'vital', kind: 'pulse', retired: true })
  assert.is(retired.length, 1, 'but it is kept')
  assert.is(retired[0]?.source?.retired, '2024-06-15T09:00:00Z')
  assert.is(retired[0]?.type === 'vital' && retired[0].kind === 'pulse' && retired[0].value, 72)

  const weight = nb.query({ type: 'vital', kind: 'weight' })[0] as Entry
  const history = entryHistory(nb, weight.id)
  assert.is(history.length, 1)
  assert.equal(history[0], before.find(e => e.id === weight.id), 'version 1 as it was')
  assert.is((weight.source?.resource as any).meta.versionId, '2')

  // The export says what the source said last: version 2, the resolved condition, the entered-in-error heart rate.
  const exported = exportFhirBundle(nb)
  assert.equal(fhirSchemaErrors(exported), [])
  const byUrl = new Map(exported.entry.map(e => [e.fullUrl, e.resource as Record<string, any>]))
  assert.is(byUrl.get('https://hospital-a.example/fhir/Observation/1')?.valueQuantity.value, 61.2)
  assert.is(byUrl.get('https://hospital-a.example/fhir/Condition/2')?.clinicalStatus.coding[0].code, 'resolved')
  assert.is(byUrl.get('https://hospital-a.example/fhir/Observation/3')?.status, 'entered-in-error')
})

test('an entered-in-error notice that says little else still retires its entry', async () => {
  const nb = patientNotebook('2024-06-15T09:00:00Z')
  await importFhirBundle(nb, fixture('hospital-a'))
  const notice = { resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'https://hospital-a.example/fhir/Observation/3', resource: { resourceType: 'Observation', id: '3', status: 'entered-in-error', code: { text: 'Heart rate' } } }] }
  const report = await importFhirBundle(nb, notice, { strict: true })
  assert.equal([report.retired, report.problems], [1, []])
  assert.is(nb.query({ type: 'vital', kind: 'pulse' }).length, 0)
  const unknown = await importFhirBundle(nb, { ...notice, entry: [{ ...notice.entry[0], fullUrl: 'https://hospital-a.example/fhir/Observation/99' }] })
  assert.equal(report.retired, 1)
  assert.equal(unknown.problems.map(p => p.message), ['it has no time (effectiveDateTime, effectivePeriod.start or issued).'], 'nothing to retire, and nothing readable to keep')
})

test('an older version arriving later changes nothing and is listed as left out', async () => {
  const nb = patientNotebook()
  await importFhirBundle(nb, fixture('hospital-a'))
  await importFhirBundle(nb, fixture('hospital-a-updates'))
  const heads = nb.heads()
  const report = await importFhirBundle(nb, fixture('hospital-a-stale'))
  assert.equal(report.ignored.map(i => i.message), ['an older version (version 1, updated 2023-04-01T09:05:00+09:00) than the one in your notebook (version 2, updated 2023-04-03T11:00:00+09:00)'])
  assert.equal(nb.heads(), heads)
  assert.equal(weights(nb.query()), [61.2])
})

test('a bundle holding two patients is refused naming both, unless one is chosen; then only that one\'s records are imported', async () => {
  const nb = patientNotebook()
  const heads = nb.heads()
  let refused: unknown
  try {
    await importFhirBundle(nb, fixture('two-patients'))
  } catch (err) {
    refused = err
  }
  assert.instance(refused, NotebookError)
  assert.is((refused as NotebookError).code, 'ERR_BAD_BUNDLE')
  assert.is((refused as Error).message, 'This bundle holds the records of 2 patients: Patient/1 (Yuki Tanaka, born 1980-02-14); Patient/2 (Ken Suzuki, born 1975-07-30). A notebook is one patient\'s: choose one with --subject <Patient id>.')
  assert.equal(nb.heads(), heads)
  const report = await importFhirBundle(nb, fixture('two-patients'), { subject: '1' })
  assert.equal(report.added, { patient: 1, weight: 1 })
  assert.equal(report.ignored.map(i => [i.resource, i.message]), [
    ['Patient/2', 'it is about another patient (Patient/2) than the one chosen'],
    ['Observation/2', 'it is about another patient (Patient/2) than the one chosen']
  ])
  assert.equal(weights(nb.query()), [61.5])
})

test('an entry imported and then edited here keeps the edit on export, under its original identity', async () => {
  const nb = patientNotebook('2024-06-15T09:00:00Z')
  await importFhirBundle(nb, fixture('hospital-a'))
  const weight = nb.query({ type: 'vital', kind: 'weight' })[0] as Entry
  nb.amend(weight.id, { value: 61.4 })
  const exported = exportFhirBundle(nb)
  assert.equal(fhirSchemaErrors(exported), [])
  const r = exported.entry.find(e => e.fullUrl === 'https://hospital-a.example/fhir/Observation/1')?.resource as Record<string, any>
  assert.equal([r.id, r.valueQuantity.value, r.status, r.subject], ['1', 61.4, 'amended', { reference: 'Patient/1' }])
  const again = await importFhirBundle(nb, fixture('hospital-a'))
  assert.equal([again.existing, again.amended], [4, 0], 'the same hospital export again does not undo the edit')
  assert.equal(weights(nb.query()), [61.4])
})

test.run()
