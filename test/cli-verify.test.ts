// `techo verify --export`: a FHIR export is tied to the digest the patient's node anchored for the
// state the export records, and the notebook re-exported at that state must give the file's
// resources. A real `techo serve` patient on a dev chain anchors its readings; the export is checked
// untouched, with one value edited, malformed, and (the daemon stopped, so nothing anchors) made
// from a state that was never anchored.
import { startDevChain, type DevChain } from '@techo/devchain'
import { deployConsentContract } from '@techo/ledger'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { initParty, removeDir, serve, type Run, type Served } from './support/techo.js'
import { techoHere } from './support/techo-here.js'
import { until } from './support/until.js'

let chain: DevChain
let env: Record<string, string>
let patientDir = ''
let clinicDir = ''
let patient: Served | undefined

async function run (args: string[], opts: { passphrase?: boolean } = {}): Promise<Run> {
  return await techoHere(patientDir, args, { ...opts, env })
}

async function ok (args: string[], opts: { passphrase?: boolean } = {}): Promise<Run> {
  const result = await run(args, opts)
  assert.is(result.code, 0, `techo ${args.join(' ')}: ${result.stderr}`)
  return result
}

// Writes the notebook's FHIR export to a file in the patient's directory and returns its path and JSON.
async function exported (name: string, opts: { passphrase?: boolean } = {}): Promise<{ file: string, bundle: any }> {
  const file = join(patientDir, name)
  await ok(['export', '--fhir', file], opts)
  return { file, bundle: JSON.parse(readFileSync(file, 'utf8')) }
}

function rewrite (from: string, name: string, edit: (bundle: any) => void): string {
  const bundle = JSON.parse(readFileSync(from, 'utf8'))
  edit(bundle)
  const file = join(patientDir, name)
  writeFileSync(file, JSON.stringify(bundle))
  return file
}

test.before(async () => {
  chain = await startDevChain({ port: 0, blockIntervalMs: 100 })
  await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor: { account: chain.admin.account, secretKey: chain.admin.secretKey } })
  env = { TECHO_CHAIN: chain.url }
  const [clinic, patientInit] = await Promise.all([initParty({ party: 'clinic' }), initParty()])
  ;[clinicDir, patientDir] = [clinic.dir, patientInit.dir]
  assert.is((await techoHere(clinicDir, ['clinic', 'register', '--name', 'Hinode Clinic'], { passphrase: true, env })).code, 0)
  patient = await serve(patientDir, [], { env })
  // The first grant registers the patient's device on chain; from then on its edits are anchored.
  await ok(['grant', clinic.party, '--scope', 'read'])
  await ok(['vitals', 'add', 'bp', '128/82'])
  await ok(['vitals', 'add', 'temp', '36.8'])
  await until(async () => /is the digest of the notebook held here/.test((await run(['verify'])).stdout), 'the notebook\'s current state to be anchored')
})

test.after(async () => {
  await patient?.stop('SIGTERM')
  await chain?.close()
  for (const dir of [patientDir, clinicDir]) if (dir !== '') removeDir(dir)
})

test('an untouched export is the state whose digest the patient\'s node anchored', async () => {
  const { file, bundle } = await exported('export.json')
  assert.ok(bundle.meta.tag.length > 0, 'the export records its heads')
  const verified = await ok(['verify', '--export', file])
  assert.match(verified.stdout, /^Verified: \S+export\.json records the notebook state with digest \w+…, which was anchored at \S+ \S+ \(sequence \d+, signed by 12D3Koo\w+\); the file holds exactly what the notebook held in that state\.$/m)
  const json = JSON.parse((await ok(['verify', '--export', file, '--json'])).stdout)
  assert.equal(json.differences, [])
  assert.is(typeof json.anchor.seq, 'number')
})

test('an export with one value edited is not verified, and the edited resource is named', async () => {
  const original = join(patientDir, 'export.json')
  let id = ''
  const file = rewrite(original, 'edited.json', bundle => {
    const bp = bundle.entry.find((e: any) => e.resource.resourceType === 'Observation' && e.resource.component !== undefined)
    id = bp.resource.id
    bp.resource.component[0].valueQuantity.value = 108
  })
  const result = await run(['verify', '--export', file])
  assert.is(result.code, 3, result.stderr)
  assert.match(result.stdout, new RegExp(`changed +Observation +${id} +component`))
  assert.match(result.stdout, /Not verified: \S+edited\.json records the notebook state with digest \w+…, which was anchored at .*; but 1 resource in the file differs from what the notebook held in that state/)
})

test('a file that is not an export, records no heads, or names a state this notebook never held is refused with a reason', async () => {
  const original = join(patientDir, 'export.json')
  const patientFile = rewrite(original, 'patient.json', bundle => { Object.assign(bundle, { resourceType: 'Patient' }) })
  const notBundle = await run(['verify', '--export', patientFile])
  assert.is(notBundle.code, 1)
  assert.match(notBundle.stderr, 'This is not a FHIR Bundle')
  const noHeads = await run(['verify', '--export', rewrite(original, 'no-heads.json', bundle => { delete bundle.meta })])
  assert.is(noHeads.code, 1)
  assert.match(noHeads.stderr, 'This bundle records no notebook heads')
  const unknown = await run(['verify', '--export', rewrite(original, 'unknown.json', bundle => { bundle.meta.tag[0].code = 'f'.repeat(64) })])
  assert.is(unknown.code, 1)
  assert.match(unknown.stderr, 'This notebook holds no state with heads ffffffffffff')
})

test('an export of a state that was never anchored says so', async () => {
  // With the daemon stopped nothing anchors: the reading added now is the notebook's state, unanchored.
  await patient?.stop('SIGTERM')
  patient = undefined
  await ok(['vitals', 'add', 'pulse', '64'], { passphrase: true })
  const { file } = await exported('offline.json', { passphrase: true })
  const result = await run(['verify', '--export', file], { passphrase: true })
  assert.is(result.code, 3, result.stderr)
  assert.match(result.stdout, /^Not verified: \S+offline\.json records the notebook state with digest \w+…, which was never anchored on chain; the file holds exactly what the notebook held in that state\.$/m)
})

test.run()
