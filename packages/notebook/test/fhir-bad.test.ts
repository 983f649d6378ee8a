// Malformed or non-FHIR input: a clear ERR_BAD_BUNDLE naming the JSON path, and the notebook untouched.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { importFhirBundle, type Notebook } from '../src/index.js'
import { patientNotebook, refused, synthea } from './helpers.js'

// A notebook with one reading already in it, and a check that a refused import left it exactly so.
function withReading (): { nb: Notebook, unchanged: () => void } {
  const nb = patientNotebook()
  nb.addVital({ kind: 'pulse', value: 66 })
  const heads = nb.heads()
  return { nb, unchanged: () => { assert.equal(nb.heads(), heads); assert.is(nb.query().length, 1) } }
}

// The index of the first entry whose resource matches.
function indexOf (bundle: any, pred: (r: any) => boolean): number {
  const i = bundle.entry.findIndex((e: any) => pred(e.resource))
  assert.ok(i >= 0)
  return i
}

test('input that is not a FHIR Bundle is refused, naming what is wrong', () => {
  const { nb, unchanged } = withReading()
  const cases: Array<[unknown, string, string]> = [
    ['{"resourceType":"Bundle"}', '(root)', 'Bad bundle at (root): expected an object but found "{\\"resourceType\\":\\"Bundle\\"}".'],
    [null, '(root)', 'Bad bundle at (root): expected an object but found null.'],
    [[], '(root)', 'Bad bundle at (root): expected an object but found an array.'],
    [{ resourceType: 'Patient', id: 'x' }, 'resourceType', 'Bad bundle at resourceType: expected "Bundle" but found "Patient"; this is not a FHIR Bundle.'],
    [{ hello: 'world' }, 'resourceType', 'Bad bundle at resourceType: expected "Bundle" but found nothing; this is not a FHIR Bundle.'],
    [{ resourceType: 'Bundle', type: 'pile', entry: [] }, 'type', 'Bad bundle at type: "pile" is not a FHIR Bundle type.'],
    [{ resourceType: 'Bundle', type: 'collection', entry: {} }, 'entry', 'Bad bundle at entry: expected an array but found an object.'],
    [{ resourceType: 'Bundle', type: 'collection', entry: [42] }, 'entry[0]', 'Bad bundle at entry[0]: expected an object but found 42.'],
    [{ resourceType: 'Bundle', type: 'collection', entry: [{ fullUrl: 'urn:x' }] }, 'entry[0].resource', 'Bad bundle at entry[0].resource: expected an object but found nothing.'],
    [{ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { id: 'x' } }] }, 'entry[0].resource.resourceType', 'Bad bundle at entry[0].resource.resourceType: expected a non-empty string but found nothing.'],
    [{ resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'constructor' } }] }, 'entry[0].resource.resourceType', 'Bad bundle at entry[0].resource.resourceType: "constructor" is not a FHIR resource type.']
  ]
  for (const [input, path, message] of cases) {
    const err = refused(() => importFhirBundle(nb, input), 'ERR_BAD_BUNDLE')
    assert.is(err.path, path)
    assert.is(err.message, message)
  }
  unchanged()
})

test('a bad value deep inside a real bundle is named by its path and nothing of the bundle is imported', () => {
  const { nb, unchanged } = withReading()
  type Case = [string, (b: any) => string, string]
  const cases: Case[] = [
    ['a quantity that is text', b => {
      const i = indexOf(b, r => r.code?.coding?.[0]?.code === '39156-5')
      b.entry[i].resource.valueQuantity.value = 'abc'
      return `entry[${i}].resource.valueQuantity.value`
    }, 'expected a number but found "abc".'],
    ['a temperature in Fahrenheit labelled Celsius', b => {
      const i = indexOf(b, r => r.code?.coding?.[0]?.code === '8310-5')
      b.entry[i].resource.valueQuantity.value = 98.6
      return `entry[${i}].resource.valueQuantity.value`
    }, 'Body temperature 98.6 Cel is out of range (25–45); it looks like Fahrenheit, so enter it in Celsius: temp 37.0.'],
    ['a blood pressure component out of range', b => {
      const i = indexOf(b, r => r.code?.coding?.[0]?.code === '85354-9')
      const j = b.entry[i].resource.component.findIndex((c: any) => c.code.coding[0].code === '8480-6')
      b.entry[i].resource.component[j].valueQuantity.value = 300
      return `entry[${i}].resource.component[${j}].valueQuantity.value`
    }, 'Systolic pressure 300 mm[Hg] is out of range (50–260).'],
    ['a blood pressure panel without its diastolic component', b => {
      const i = indexOf(b, r => r.code?.coding?.[0]?.code === '85354-9')
      b.entry[i].resource.component = b.entry[i].resource.component.filter((c: any) => c.code.coding[0].code !== '8462-4')
      return `entry[${i}].resource.component`
    }, 'the blood pressure panel has no diastolic pressure (8462-4) component.'],
    ['an observation time without a zone', b => {
      const i = indexOf(b, r => r.code?.coding?.[0]?.code === '8867-4')
      b.entry[i].resource.effectiveDateTime = '2019-06-09 12:49'
      return `entry[${i}].resource.effectiveDateTime`
    }, 'Reading time "2019-06-09 12:49" is not an ISO 8601 date-time with a zone, e.g. 2024-05-01T08:30:00+09:00.'],
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
    ['a skipped resource without a type', b => {
      const i = indexOf(b, r => r.resourceType === 'Claim')
      delete b.entry[i].resource.resourceType
      return `entry[${i}].resource.resourceType`
    }, 'expected a non-empty string but found nothing.']
  ]
  for (const which of ['a', 'b'] as const) {
    for (const [name, damage, message] of cases) {
      if (which === 'b' && name.includes('temperature')) continue // patient B has no temperatures
      const bundle = synthea(which)
      const path = damage(bundle)
      const err = refused(() => importFhirBundle(nb, bundle), 'ERR_BAD_BUNDLE')
      assert.is(err.path, path, `${which}: ${name}`)
      assert.is(err.message, `Bad bundle at ${path}: ${message}`, `${which}: ${name}`)
      unchanged()
    }
  }
})

test('a bundle that fails at its last entry writes none of the entries before it', () => {
  const { nb, unchanged } = withReading()
  const bundle = synthea('b')
  bundle.entry.push({ resource: { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, effectiveDateTime: '2020-06-08T17:10:05+02:00', valueQuantity: { value: 5000, system: 'http://unitsofmeasure.org', code: 'kg' } } })
  const err = refused(() => importFhirBundle(nb, bundle), 'ERR_BAD_BUNDLE')
  assert.is(err.path, `entry[${bundle.entry.length - 1}].resource.valueQuantity.value`)
  unchanged()
})

test.run()
