// Records moving in and out through `techo import` and `techo export`: both real Synthea bundles
// import whole, the export and the patient summary validate as FHIR R4, bad resources are listed one
// by one (or, with --strict, refuse the bundle), a bundle with two patients needs --subject, `show`
// describes the new entry types, and a large bundle imports the same through a running daemon as
// directly, with progress.
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { initPatient, removeDir, serve } from './support/techo.js'
import { techoHere } from './support/techo-here.js'

const fixtures = fileURLToPath(new URL('../fixtures/fhir/', import.meta.url))
const handWritten = fileURLToPath(new URL('../packages/notebook/test/fixtures/', import.meta.url))
const bundleA = join(fixtures, 'synthea-patient-a.json')
const bundleB = join(fixtures, 'synthea-patient-b.json')
const Validator = createRequire(import.meta.url)('@asymmetrik/fhir-json-schema-validator')
const validator = new Validator() as { validate: (resource: unknown, verbose: boolean) => unknown[] }

let dir: string
test.before(async () => { ({ dir } = await initPatient()) })
test.after(() => { removeDir(dir) })

const run = async (...args: string[]): ReturnType<typeof techoHere> => await techoHere(dir, args, { passphrase: true })
const count = async (): Promise<number> => (JSON.parse((await run('show', '--json')).stdout) as unknown[]).length

test('a Synthea bundle imports whole: vitals, allergies, prescriptions, visits, reports, immunizations; the rest listed as not kept', async () => {
  const a = await run('import', bundleA)
  assert.is(a.code, 0, a.stderr)
  assert.match(a.stdout, /Imported 112 entries from/)
  for (const [n, type] of [[7, 'allergy'], [2, 'prescription'], [4, 'bp'], [8, 'encounter'], [12, 'report'], [6, 'immunization'], [3, 'careplan'], [1, 'patient']] as const) {
    assert.match(a.stdout, new RegExp(`\\s${n} +${type}\\n`), type)
  }
  const notKept = a.stdout.split('Not kept (the notebook does not hold these types):')[1] ?? ''
  assert.match(notKept, /\s10 +Claim\n/)
  assert.not.match(a.stdout, /Encounter|Observation|Not imported/)
  const bps = JSON.parse((await run('show', '--json', '--type', 'bp')).stdout) as Array<{ at: string }>
  assert.is(bps.length, 4)
  assert.ok(bps.every(e => /\+0[12]:00$/.test(e.at)), 'original times with their offsets')
  const b = await run('import', bundleB)
  assert.is(b.code, 0, b.stderr)
  assert.match(b.stdout, /\s4 +glucose/)
  const again = await run('import', bundleA)
  assert.match(again.stdout, /Imported 0 entries/)
  assert.match(again.stdout, /Already in your notebook \(not added again\): 112\./)
})

test('show describes immunizations, visits, prescriptions with their dosage, and reports with their results', async () => {
  const shown = await run('show', '--since', '2019-01-01')
  assert.is(shown.code, 0, shown.stderr)
  assert.match(shown.stdout, /Immunization +Influenza, seasonal, injectable, preservative free/)
  assert.match(shown.stdout, /Visit +General examination of patient \(procedure\), AMB/)
  const rx = await run('show', '--type', 'prescription')
  assert.match(rx.stdout, /Prescription +Loratadine 5 MG Chewable Tablet, Take as needed\., by Dr\. Wilton999 Pollich983 \(active\)/)
  const json = JSON.parse((await run('show', '--json', '--type', 'immunization')).stdout) as Array<{ source: Record<string, unknown> }>
  assert.equal(Object.keys(json[0]?.source ?? {}).sort(), ['encounter', 'key', 'sha256', 'size'], 'the original resource stays out of listings')
  const reports = await run('show', '--type', 'report')
  assert.match(reports.stdout, /Report +Complete blood count \(hemogram\) panel - Blood by Automated count, 11 results/)
})

test('the export and the patient summary are FHIR R4 that the official schema accepts', async () => {
  const file = join(dir, 'export.json')
  const exported = await run('export', '--fhir', file)
  assert.is(exported.code, 0, exported.stderr)
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as { resourceType: string, entry: Array<{ resource: { resourceType: string } }> }
  assert.equal(validator.validate(bundle, true), [])
  const types = new Set(bundle.entry.map(e => e.resource.resourceType))
  for (const t of ['Patient', 'Observation', 'Condition', 'AllergyIntolerance', 'MedicationRequest', 'Immunization', 'Procedure', 'DiagnosticReport', 'Encounter', 'CarePlan', 'ImagingStudy']) assert.ok(types.has(t), t)
  assert.match(exported.stdout, `Exported ${bundle.entry.length} resources`)
  const ipsFile = join(dir, 'ips.json')
  const ips = await run('export', '--ips', ipsFile)
  assert.is(ips.code, 0, ips.stderr)
  const doc = JSON.parse(readFileSync(ipsFile, 'utf8')) as { type: string, entry: Array<{ resource: { resourceType: string } }> }
  assert.equal(validator.validate(doc, true), [])
  assert.equal([doc.type, doc.entry[0]?.resource.resourceType], ['document', 'Composition'])
  assert.match(ips.stdout, /Wrote your International Patient Summary \(\d+ resources\)/)
  const neither = await run('export')
  assert.is(neither.code, 2)
  assert.match(neither.stderr, 'Say what to export')
})

test('unreadable resources are listed one by one and the rest imports; with --strict nothing is imported', async () => {
  const broken = JSON.parse(readFileSync(bundleB, 'utf8')) as { entry: Array<{ fullUrl: string, resource: Record<string, any> }> }
  for (const e of broken.entry) e.fullUrl = e.fullUrl.replace(/^urn:uuid:.{4}/, 'urn:uuid:cafe')
  const bad = broken.entry.flatMap((e, i) => e.resource.resourceType === 'Observation' && e.resource.valueQuantity !== undefined ? [i] : []).slice(0, 3)
  for (const i of bad) broken.entry[i]!.resource.valueQuantity.value = 'eighty'
  const file = join(dir, 'broken.json')
  writeFileSync(file, JSON.stringify(broken))
  const before = await count()
  const strict = await run('import', file, '--strict')
  assert.is(strict.code, 1, strict.stderr)
  for (const i of bad) assert.match(strict.stderr, `entry[${i}].resource.valueQuantity.value`)
  assert.is(await count(), before)
  const tolerant = await run('import', file)
  assert.is(tolerant.code, 0, tolerant.stderr)
  assert.match(tolerant.stdout, 'Not imported, because they could not be read (3):')
  for (const i of bad) assert.match(tolerant.stdout, `  entry[${i}].resource.valueQuantity.value (Observation/`)
  assert.is(await count(), before + broken.entry.length - 3 - 23, 'all but the 3 bad ones and the 23 of types not held')
  const cases: Array<[string, RegExp]> = [['{ not json', /is not JSON/], ['{"resourceType":"Patient"}', /Bundle/], ['{"resourceType":"Bundle","type":"collection","entry":{}}', /entry/]]
  for (const [text, message] of cases) {
    writeFileSync(file, text)
    const r = await run('import', file)
    assert.is(r.code, 1, r.stderr)
    assert.match(r.stderr, message)
  }
  assert.is((await run('import', join(dir, 'missing.json'))).code, 1)
})

test('a bundle with two patients is refused, naming them; --subject imports the one chosen', async () => {
  const file = join(handWritten, 'two-patients.json')
  const refused = await run('import', file)
  assert.is(refused.code, 1)
  assert.match(refused.stderr, 'This bundle holds the records of 2 patients: Patient/1 (Yuki Tanaka, born 1980-02-14); Patient/2 (Ken Suzuki, born 1975-07-30).')
  const chosen = await run('import', file, '--subject', 'Patient/1')
  assert.is(chosen.code, 0, chosen.stderr)
  assert.match(chosen.stdout, /Left out \(2\):\n {2}entry\[1\]\.resource \(Patient\/2\): it is about another patient/)
})

test('a 33 MiB bundle imports through a running daemon exactly as it does directly, with progress', async () => {
  // Synthea B under new identities, with enough resources the notebook does not hold to pass 32 MiB.
  const big = JSON.parse(readFileSync(bundleB, 'utf8')) as { entry: Array<Record<string, any>> }
  for (const e of big.entry) e.fullUrl = e.fullUrl.replace(/^urn:uuid:.{4}/, 'urn:uuid:beef')
  const padding = 'x'.repeat(14_000)
  for (let i = 0; i < 2500; i++) big.entry.push({ resource: { resourceType: 'Basic', id: `pad-${i}`, code: { text: padding } } })
  const file = join(dir, 'big.json')
  writeFileSync(file, JSON.stringify(big))
  assert.ok(readFileSync(file).length > 33 * 2 ** 20)
  const direct = await initPatient()
  const daemonDir = await initPatient()
  const served = await serve(daemonDir.dir)
  try {
    const here = await techoHere(direct.dir, ['import', file], { passphrase: true })
    const there = await techoHere(daemonDir.dir, ['import', file])
    assert.is(here.code, 0, here.stderr)
    assert.is(there.code, 0, there.stderr)
    assert.equal(there.stdout.replace(daemonDir.dir, ''), here.stdout.replace(direct.dir, ''))
    assert.match(there.stdout, /\s2500 +Basic\n/)
    for (const out of [here.stderr, there.stderr]) {
      assert.match(out, 'Reading resources: 0 of 2,666')
      assert.match(out, 'Writing 2,666 resources to your notebook…')
    }
  } finally {
    await served.stop('SIGTERM')
    removeDir(direct.dir)
    removeDir(daemonDir.dir)
  }
})

test.run()
