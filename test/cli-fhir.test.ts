// Records moving in and out: both real Synthea bundles import whole through `techo import`, the
// export validates as FHIR R4, and broken bundles are refused with the path of the bad field while
// the notebook stays exactly as it was.
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { initPatient, removeDir, techo } from './support/techo.js'

const fixtures = fileURLToPath(new URL('../fixtures/fhir/', import.meta.url))
const bundleA = join(fixtures, 'synthea-patient-a.json')
const bundleB = join(fixtures, 'synthea-patient-b.json')
const Validator = createRequire(import.meta.url)('@asymmetrik/fhir-json-schema-validator')
const validator = new Validator() as { validate: (resource: unknown, verbose: boolean) => unknown[] }

let dir: string
test.before(async () => { ({ dir } = await initPatient()) })
test.after(() => { removeDir(dir) })

const run = async (...args: string[]): ReturnType<typeof techo> => await techo(dir, args, { passphrase: true })
const count = async (): Promise<number> => (JSON.parse((await run('show', '--json')).stdout) as unknown[]).length

test('a Synthea bundle imports whole: vitals, conditions, allergies and medications, the rest listed as skipped', async () => {
  const a = await run('import', bundleA)
  assert.is(a.code, 0, a.stderr)
  assert.match(a.stdout, /Imported \d+ entries from/)
  assert.match(a.stdout, /\s7 +allergy/)
  assert.match(a.stdout, /\s2 +medication/)
  assert.match(a.stdout, /\s4 +bp/)
  const skipped = a.stdout.split('Skipped (the notebook does not hold these):')[1] ?? ''
  assert.match(skipped, /\s10 +Claim\n/)
  assert.match(skipped, /\s8 +Encounter\n/)
  const bps = JSON.parse((await run('show', '--json', '--type', 'bp')).stdout) as Array<{ at: string }>
  assert.is(bps.length, 4)
  assert.ok(bps.every(e => /\+0[12]:00$/.test(e.at)), 'original times with their offsets')
  const b = await run('import', bundleB)
  assert.is(b.code, 0, b.stderr)
  assert.match(b.stdout, /\s4 +glucose/)
  const again = await run('import', bundleA)
  assert.match(again.stdout, /Imported 0 entries/)
  assert.match(again.stdout, /Already in your notebook \(not added again\): \d+/)
})

test('the export is a FHIR R4 Bundle that validates against the official schema', async () => {
  const file = join(dir, 'export.json')
  const exported = await run('export', '--fhir', file)
  assert.is(exported.code, 0, exported.stderr)
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as { resourceType: string, entry: Array<{ resource: { resourceType: string } }> }
  assert.is(bundle.resourceType, 'Bundle')
  assert.equal(validator.validate(bundle, true), [])
  const types = new Set(bundle.entry.map(e => e.resource.resourceType))
  for (const t of ['Observation', 'Condition', 'AllergyIntolerance', 'MedicationStatement']) assert.ok(types.has(t), t)
  assert.match(exported.stdout, `Exported ${bundle.entry.length} resources`)
})

test('broken or non-FHIR bundles are refused with the path of the bad field, and nothing is imported', async () => {
  const before = await count()
  const broken = JSON.parse(readFileSync(bundleB, 'utf8')) as { entry: Array<{ resource: Record<string, any> }> }
  const index = broken.entry.findIndex(e => e.resource.resourceType === 'Observation' && e.resource.valueQuantity !== undefined)
  broken.entry[index]!.resource.valueQuantity.value = 'eighty'
  const cases: Array<[string, RegExp]> = [
    ['{ not json', /is not JSON/],
    ['{"resourceType":"Patient"}', /Bundle/],
    ['{"resourceType":"Bundle","type":"collection","entry":{}}', /entry/],
    [JSON.stringify(broken), new RegExp(`entry\\[${index}\\]\\.resource\\.valueQuantity\\.value`)]
  ]
  for (const [text, message] of cases) {
    const file = join(dir, 'bad.json')
    writeFileSync(file, text)
    const r = await run('import', file)
    assert.is(r.code, 1, r.stderr)
    assert.match(r.stderr, message)
  }
  assert.is((await run('import', join(dir, 'missing.json'))).code, 1)
  assert.is(await count(), before)
})

test.run()
