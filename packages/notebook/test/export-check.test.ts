import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { NotebookError, compareExport, digest, exportFhirBundle, type Bundle } from '../src/index.js'
import { fhirSchemaErrors, patientNotebook } from './helpers.js'

function notebookWithReadings (): ReturnType<typeof patientNotebook> {
  const nb = patientNotebook('2024-06-15T09:00:00Z')
  nb.addVital({ kind: 'bp', systolic: 118, diastolic: 76, at: '2024-06-01T07:30:00+09:00' })
  nb.addAllergy({ code: 'Penicillin allergy', category: 'medication', at: '2001' })
  return nb
}

// An export as it arrives from a file: plain JSON, no shared objects with the notebook.
function exported (nb: ReturnType<typeof patientNotebook>): Bundle {
  return JSON.parse(JSON.stringify(exportFhirBundle(nb))) as Bundle
}

function code (fn: () => unknown): string | undefined {
  try {
    fn()
  } catch (err) {
    assert.instance(err, NotebookError)
    return (err as NotebookError).code
  }
  return undefined
}

test('an export records the heads it was made from, as meta tags the FHIR schema accepts', () => {
  const nb = notebookWithReadings()
  const bundle = exportFhirBundle(nb)
  assert.equal(bundle.meta.tag.map(t => t.code), [...nb.heads()].sort())
  assert.equal(fhirSchemaErrors(bundle), [])
})

test('an untouched export matches the notebook at its heads, even after the notebook moved on', () => {
  const nb = notebookWithReadings()
  const bundle = exported(nb)
  const then = digest(nb)
  nb.addVital({ kind: 'temp', value: 36.6, at: '2024-06-02T07:30:00+09:00' })
  const checked = compareExport(nb, bundle)
  assert.equal(checked.differences, [])
  assert.is(checked.digest, then)
  assert.equal(checked.heads.sort(), bundle.meta.tag.map(t => t.code))
})

test('an edited, an added and a dropped resource are each named by type and id', () => {
  const nb = notebookWithReadings()
  const bundle = exported(nb)
  const bp = bundle.entry.find(e => e.resource.resourceType === 'Observation')
  const allergy = bundle.entry.find(e => e.resource.resourceType === 'AllergyIntolerance')
  ;(bp?.resource.component as Array<{ valueQuantity: { value: number } }>)[0]!.valueQuantity.value = 98
  bundle.entry = bundle.entry.filter(e => e !== allergy)
  bundle.entry.push({ fullUrl: 'urn:uuid:00000000-0000-8000-8000-000000000000', resource: { resourceType: 'Condition', id: 'forged' } })
  assert.equal(compareExport(nb, bundle).differences, [
    { change: 'changed', resourceType: 'Observation', id: String(bp?.resource.id), fields: ['component'] },
    { change: 'added', resourceType: 'Condition', id: 'forged' },
    { change: 'removed', resourceType: 'AllergyIntolerance', id: String(allergy?.resource.id) }
  ])
})

test('key order is not a difference', () => {
  const nb = notebookWithReadings()
  const bundle = exported(nb)
  const first = bundle.entry[1] as { resource: Record<string, unknown> }
  first.resource = Object.fromEntries(Object.entries(first.resource).reverse())
  assert.equal(compareExport(nb, bundle).differences, [])
})

test('a file that is not a bundle, records no heads, is another notebook\'s, or names a state not held is refused', () => {
  const nb = notebookWithReadings()
  const bundle = exported(nb)
  assert.is(code(() => compareExport(nb, { resourceType: 'Patient' })), 'ERR_BAD_BUNDLE')
  assert.is(code(() => compareExport(nb, { ...bundle, meta: {} })), 'ERR_BAD_BUNDLE')
  assert.is(code(() => compareExport(nb, { ...bundle, identifier: { ...bundle.identifier, value: 'another' } })), 'ERR_BAD_BUNDLE')
  assert.is(code(() => compareExport(nb, { ...bundle, meta: { tag: [{ ...bundle.meta.tag[0], code: 'f'.repeat(64) }] } })), 'ERR_UNKNOWN_HEADS')
  assert.is(code(() => compareExport(patientNotebook('2024-06-15T09:00:00Z'), bundle)), 'ERR_BAD_BUNDLE')
})

test.run()
