// Malformed or implausible input. What is not a FHIR Bundle at all is refused whole, naming what is
// wrong. Inside a bundle, every resource that can be read is imported: each one that cannot is
// listed with its path and reason (all of them, not the first), an implausible reading is kept as it
// came, flagged; and with `strict` the whole bundle is refused with that same list, writing nothing.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { NotebookError, importFhirBundle, type Notebook } from '../src/index.js'
import { patientNotebook, synthea } from './helpers.js'

// A notebook with one reading already in it, and a check that a refused import left it exactly so.
function withReading (): { nb: Notebook, unchanged: () => void } {
  const nb = patientNotebook()
  nb.addVital({ kind: 'pulse', value: 66 })
  const heads = nb.heads()
  return { nb, unchanged: () => { assert.equal(nb.heads(), heads); assert.is(nb.query().length, 1) } }
}

async function refusedAsync (fn: () => Promise<unknown>): Promise<NotebookError> {
  try {
    await fn()
  } catch (err) {
    assert.instance(err, NotebookError)
    assert.is((err as NotebookError).code, 'ERR_BAD_BUNDLE', (err as Error).message)
    return err as NotebookError
  }
  assert.unreachable('expected ERR_BAD_BUNDLE')
  throw new Error('unreachable')
}

// The index of the first entry whose resource matches.
function indexOf (bundle: any, pred: (r: any) => boolean): number {
  const i = bundle.entry.findIndex((e: any) => pred(e.resource))
  assert.ok(i >= 0)
  return i
}

test('input that is not a FHIR Bundle is refused, naming what is wrong', async () => {
  const { nb, unchanged } = withReading()
  const cases: Array<[unknown, string, string]> = [
    ['{"resourceType":"Bundle"}', '(root)', 'Bad bundle at (root): expected an object but found "{\\"resourceType\\":\\"Bundle\\"}".'],
    [null, '(root)', 'Bad bundle at (root): expected an object but found null.'],
    [[], '(root)', 'Bad bundle at (root): expected an object but found an array.'],
    [{ resourceType: 'Patient', id: 'x' }, 'resourceType', 'Bad bundle at resourceType: expected "Bundle" but found "Patient"; this is not a FHIR Bundle.'],
    [{ hello: 'world' }, 'resourceType', 'Bad bundle at resourceType: expected "Bundle" but found nothing; this is not a FHIR Bundle.'],
    [{ resourceType: 'Bundle', type: 'pile', entry: [] }, 'type', 'Bad bundle at type: "pile" is not a FHIR Bundle type.'],
    [{ resourceType: 'Bundle', type: 'collection', entry: {} }, 'entry', 'Bad bundle at entry: expected an array but found an object.']
  ]
  for (const [input, path, message] of cases) {
    const err = await refusedAsync(async () => await importFhirBundle(nb, input))
    assert.is(err.path, path)
    assert.is(err.message, message)
  }
  unchanged()
})

test('entries that are not resources are listed one by one, and the rest of the bundle imports', async () => {
  const { nb } = withReading()
  const report = await importFhirBundle(nb, {
    resourceType: 'Bundle',
    type: 'collection',
    entry: [42, { fullUrl: 'urn:x' }, { resource: { id: 'x' } }, { resource: { resourceType: 'constructor' } },
      { resource: { resourceType: 'Observation', status: 'final', code: { text: 'Pain score' }, effectiveDateTime: '2024-06-01', valueInteger: 3 } }]
  })
  assert.equal(report.problems.map(p => [p.path, p.message]), [
    ['entry[0]', 'expected an object but found 42.'],
    ['entry[1].resource', 'expected an object but found nothing.'],
    ['entry[2].resource.resourceType', 'expected a non-empty string but found nothing.'],
    ['entry[3].resource.resourceType', '"constructor" is not a FHIR resource type.']
  ])
  assert.equal(report.added, { observation: 1 })
})

// Damage done to a real bundle, the path it is reported at, and what the report says.
type Case = [string, (b: any) => string, string]
const UNREADABLE: Case[] = [
  ['a quantity that is text', b => {
    const i = indexOf(b, r => r.code?.coding?.[0]?.code === '39156-5')
    b.entry[i].resource.valueQuantity.value = 'abc'
    return `entry[${i}].resource.valueQuantity.value`
  }, 'expected a number but found "abc".'],
  ['an observation time without a zone', b => {
    const i = indexOf(b, r => r.code?.coding?.[0]?.code === '8867-4')
    b.entry[i].resource.effectiveDateTime = '2019-06-09 12:49'
    return `entry[${i}].resource.effectiveDateTime`
  }, 'Reading time "2019-06-09 12:49" is not an ISO 8601 date (2024-05-01) or date-time with a zone (2024-05-01T08:30:00+09:00).'],
  ['a condition with an unknown clinical status', b => {
    const i = indexOf(b, r => r.resourceType === 'Condition')
    b.entry[i].resource.clinicalStatus.coding[0].code = 'gone'
    return `entry[${i}].resource.clinicalStatus.coding[0].code`
  }, 'Condition status "gone" is not one of active, recurrence, relapse, inactive, remission, resolved.'],
  ['a coding whose code is a number', b => {
    const i = indexOf(b, r => r.resourceType === 'MedicationRequest')
    b.entry[i].resource.medicationCodeableConcept.coding[0].code = 665078
    return `entry[${i}].resource.medicationCodeableConcept.coding[0].code`
  }, 'expected a non-empty string but found 665078.'],
  ['a note whose text is not base64', b => {
    const i = indexOf(b, r => r.resourceType === 'DocumentReference')
    b.entry[i].resource.content[0].attachment.data = 'not base64!'
    return `entry[${i}].resource.content[0].attachment.data`
  }, 'is not valid base64.'],
  ['an immunization without a date', b => {
    const i = indexOf(b, r => r.resourceType === 'Immunization')
    delete b.entry[i].resource.occurrenceDateTime
    return `entry[${i}].resource`
  }, 'it has no time (occurrenceDateTime).'],
  ['a resource of a type not held, without its type', b => {
    const i = indexOf(b, r => r.resourceType === 'Claim')
    delete b.entry[i].resource.resourceType
    return `entry[${i}].resource.resourceType`
  }, 'expected a non-empty string but found nothing.']
]
const IMPLAUSIBLE: Case[] = [
  ['a temperature in Fahrenheit labelled Celsius', b => {
    const i = indexOf(b, r => r.code?.coding?.[0]?.code === '8310-5')
    b.entry[i].resource.valueQuantity.value = 98.6
    return `entry[${i}].resource`
  }, 'implausible body temperature: Body temperature 98.6 Cel is out of range (25–45); it looks like Fahrenheit, so enter it in Celsius: temp 37.0.'],
  ['a systolic pressure out of range', b => {
    const i = indexOf(b, r => r.code?.coding?.[0]?.code === '85354-9')
    b.entry[i].resource.component.find((c: any) => c.code.coding[0].code === '8480-6').valueQuantity.value = 300
    return `entry[${i}].resource`
  }, 'implausible blood pressure: Systolic pressure 300 mm[Hg] is out of range (50–260).'],
  ['a systolic pressure below the diastolic', b => {
    const i = indexOf(b, r => r.code?.coding?.[0]?.code === '85354-9' && r.effectiveDateTime !== undefined) + 0
    const j = b.entry.findIndex((e: any, k: number) => k > i && e.resource.code?.coding?.[0]?.code === '85354-9')
    const c = (code: string): any => b.entry[j].resource.component.find((x: any) => x.code.coding[0].code === code).valueQuantity
    c('8480-6').value = 82
    c('8462-4').value = 97
    return `entry[${j}].resource`
  }, 'implausible blood pressure: Systolic pressure 82 mm[Hg] must be higher than diastolic pressure 97 mm[Hg].']
]

test('every unreadable resource of a real bundle is listed with its path and reason, and everything else imports', async () => {
  const bundle = synthea('a')
  const clean = await importFhirBundle(patientNotebook(), synthea('a'))
  const damaged = UNREADABLE.map(([name, damage, message]) => ({ name, path: damage(bundle), message }))
  const nb = patientNotebook()
  const report = await importFhirBundle(nb, bundle)
  assert.equal(report.problems.map(p => [p.path, p.message]).sort(), damaged.map(d => [d.path, d.message]).sort())
  const count = (r: typeof report): number => Object.values(r.added).reduce((a, b) => a + b, 0)
  assert.is(count(report), count(clean) - (UNREADABLE.length - 1), 'only the unreadable resources of held types are missing')
  assert.is(nb.query().length, count(report))
})

test('implausible readings are kept as they came, flagged with the reason, never charted as vital signs', async () => {
  const bundle = synthea('a')
  const flagged = IMPLAUSIBLE.map(([, damage, message]) => ({ path: damage(bundle), message }))
  const nb = patientNotebook()
  const report = await importFhirBundle(nb, bundle)
  assert.equal(report.problems, [])
  assert.equal(report.flagged.map(f => [f.path, f.message]).sort(), flagged.map(f => [f.path, f.message]).sort())
  const kept = nb.query({ type: 'observation' }).filter(e => e.source?.issues !== undefined)
  assert.is(kept.length, IMPLAUSIBLE.length)
  const bp = kept.find(e => e.type === 'observation' && e.components?.some(c => c.value === 82))
  assert.ok(bp?.type === 'observation')
  assert.equal(bp.components?.map(c => [c.code.code, c.value, c.unit]).sort(), [['8462-4', 97, 'mm[Hg]'], ['8480-6', 82, 'mm[Hg]']])
  assert.is(nb.query({ type: 'vital', kind: 'bp' }).length, 2, 'the two plausible panels of four')
})

test('a bundle with ten bad readings lists all ten; with strict it is refused whole, listing all ten, and nothing is written', async () => {
  const bundle = synthea('b')
  const observations = bundle.entry.flatMap((e: any, i: number) => e.resource.valueQuantity !== undefined ? [i] : []).slice(0, 10) as number[]
  for (const i of observations) bundle.entry[i].resource.valueQuantity.value = 'n/a'
  const paths = observations.map(i => `entry[${i}].resource.valueQuantity.value`)
  const report = await importFhirBundle(patientNotebook(), structuredClone(bundle))
  assert.equal(report.problems.map(p => p.path), paths)
  const { nb, unchanged } = withReading()
  const err = await refusedAsync(async () => await importFhirBundle(nb, bundle, { strict: true }))
  assert.is(err.path, paths[0])
  for (const path of paths) assert.ok(err.message.includes(`\n  ${path} (Observation/`), path)
  assert.match(err.message, /^The bundle was refused \(strict\): 10 resources have problems, and nothing was imported:/)
  unchanged()
})

test('with strict, one implausible reading at the end of a bundle refuses it, and none of the entries before it are written', async () => {
  const { nb, unchanged } = withReading()
  const bundle = synthea('b')
  bundle.entry.push({ resource: { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, effectiveDateTime: '2020-06-08T17:10:05+02:00', valueQuantity: { value: 5000, system: 'http://unitsofmeasure.org', code: 'kg' } } })
  const err = await refusedAsync(async () => await importFhirBundle(nb, bundle, { strict: true }))
  assert.is(err.path, `entry[${bundle.entry.length - 1}].resource`)
  assert.match(err.message, 'implausible body weight: Body weight 5000 kg is out of range (0.5–500).')
  unchanged()
})

test.run()
