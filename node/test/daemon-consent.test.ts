// Consent while serving: with `techo serve` running, the consent commands go through the daemon
// (no passphrase; the daemon signs with the keys it unlocked), behave as they do in place, and
// refuse what they refuse in place. A clinic node asks which patient a notebook command is for.
import { startDevChain, type DevChain } from '@techo/devchain'
import { deployConsentContract } from '@techo/ledger'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { initPatient, removeDir, serve, type Run, type Served } from '../../test/support/techo.js'
import { techoHere } from '../../test/support/techo-here.js'
import { until } from '../../test/support/until.js'

let chain: DevChain
let env: Record<string, string>
let patientDir: string
let clinicDir: string
let doctorDir: string
let patientId: string
let clinicId: string
let patient: Served | undefined
let clinic: Served | undefined

async function ok (dir: string, args: string[], opts: { passphrase?: boolean } = {}): Promise<Run> {
  const run = await techoHere(dir, args, { ...opts, env })
  assert.is(run.code, 0, `techo ${args.join(' ')}: ${run.stderr}`)
  return run
}

test.before(async () => {
  chain = await startDevChain({ port: 0, blockIntervalMs: 100 })
  await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor: { account: chain.admin.account, secretKey: chain.admin.secretKey } })
  env = { TECHO_CHAIN: chain.url }
  ;({ dir: patientDir, party: patientId } = await initPatient())
  clinicDir = mkdtempSync(join(tmpdir(), 'techo-clinic-'))
  doctorDir = mkdtempSync(join(tmpdir(), 'techo-doctor-'))
  const [patientShown, clinicInit] = await Promise.all([
    ok(patientDir, ['show', '--type', 'consent'], { passphrase: true }),
    ok(clinicDir, ['init', '--party', 'clinic'], { passphrase: true })
  ])
  assert.match(patientShown.stdout, 'No entries match.')
  clinicId = /Clinic id: +(\S+)/.exec(clinicInit.stdout)?.[1] ?? ''
  await ok(clinicDir, ['clinic', 'register', '--name', 'Hinode Clinic'], { passphrase: true })
  patient = await serve(patientDir, [], { env })
})

test.after(async () => {
  await patient?.stop('SIGTERM')
  await clinic?.stop('SIGTERM')
  await chain?.close()
  for (const dir of [patientDir, clinicDir, doctorDir]) if (dir !== undefined) removeDir(dir)
})

test('a serving patient grants and revokes without a passphrase; the chain, the clinics list and the notebook agree', async () => {
  const granted = await ok(patientDir, ['grant', clinicId, '--scope', 'read', '--expires', '30d'])
  assert.match(granted.stdout, `Granted clinic ${clinicId} read access to your notebook until `)
  assert.match((await ok(patientDir, ['clinics'])).stdout, new RegExp(`${clinicId} +read +\\S+ \\S+ +active`))
  const revoked = await ok(patientDir, ['revoke', clinicId])
  assert.match(revoked.stdout, `Revoked clinic ${clinicId}'s access from the next block.`)
  assert.match((await ok(patientDir, ['clinics'])).stdout, new RegExp(`${clinicId} +read +\\S+ \\S+ +revoked`))
  const history = (await ok(patientDir, ['audit', '--chain'])).stdout
  assert.match(history, `read access for ${clinicId} until`)
  assert.match(history, `revoked ${clinicId}`)
  // The daemon recorded both in the notebook it owns.
  const consent = JSON.parse((await ok(patientDir, ['show', '--type', 'consent', '--json'])).stdout) as Array<{ clinic: string, status: string }>
  assert.equal(consent.map(c => [c.clinic, c.status]), [[clinicId, 'active'], [clinicId, 'revoked']])
})

test('through the daemon a refusal keeps its sentence and exit code; a command naming another chain is not served by it', async () => {
  const notClinic = await techoHere(patientDir, ['grant', patientId], { env })
  assert.is(notClinic.code, 3)
  assert.is(notClinic.stderr, `${patientId} is not a clinic registered on this chain; check the id (the clinic's QR code or \`techo clinic register\` output shows it).\n`)
  const nothing = await techoHere(patientDir, ['revoke', clinicId], { env })
  assert.is(nothing.code, 3)
  assert.match(nothing.stderr, `Clinic ${clinicId} holds no grant on your notebook, so there is nothing to revoke.`)
  const other = await techoHere(patientDir, ['clinics', '--chain', 'http://127.0.0.1:9'], { env })
  assert.is(other.code, 1)
  assert.is(other.stderr, `The techo daemon serving ${patientDir} follows the chain at ${chain.url}, not http://127.0.0.1:9; drop --chain, or stop the daemon first.\n`)
})

test('a practitioner that joined a clinic prints the command that approves it; the clinic runs it through its own daemon', async () => {
  const joined = await ok(doctorDir, ['init', '--join', clinicId], { passphrase: true })
  const device = /This device: +(\S+)/.exec(joined.stdout)?.[1] ?? ''
  const command = new RegExp(`techo device approve (${device}\\.\\w+) --role practitioner`).exec(joined.stdout)
  assert.ok(command !== null, joined.stdout)
  const code = command[1] as string
  // A bare PeerId proves nothing: the clinic is told what to ask the device for.
  clinic = await serve(clinicDir, [], { env })
  assert.match(clinic.output().stdout, 'Techo relay node serving')
  const bare = await techoHere(clinicDir, ['device', 'approve', device, '--role', 'practitioner'], { env })
  assert.is(bare.code, 1)
  assert.is(bare.stderr, `Device ${device} must prove it holds its key: run \`techo device code\` on that device and pass the code it prints instead of its PeerId.\n`)
  // Served before its approval, the practitioner's node says why it cannot sync, and how to fix it.
  const doctor = await serve(doctorDir, [], { env })
  try {
    await until(() => doctor.output().stdout.includes('cannot sync yet'), 'the unapproved device to say so')
    assert.match(doctor.output().stdout, `This device (${device}) cannot sync yet: it is not approved on the consent chain for ${clinicId}, so peers refuse it. Ask the clinic to run, on the node that holds its master key: techo device approve ${code} --role practitioner`)
    // Through the practitioner's running daemon, `techo device code` gives the same code (Ed25519 signatures are deterministic).
    assert.match((await ok(doctorDir, ['device', 'code'])).stdout, `techo device approve ${code} --role practitioner`)
    const approved = await ok(clinicDir, ['device', 'approve', code, '--role', 'practitioner'])
    assert.match(approved.stdout, `Approved device ${device} as practitioner.`)
    await until(() => doctor.output().stdout.includes('This device is now approved on the consent chain as practitioner'), 'the device to hear of its approval')
  } finally {
    await doctor.stop('SIGTERM')
  }
  assert.match((await ok(clinicDir, ['audit', '--chain'])).stdout, `approved ${device} as practitioner`)
  // The practitioner's device holds no master key: it serves as a practitioner and signs no consent.
  const refused = await techoHere(doctorDir, ['device', 'approve', device, '--role', 'relay'], { passphrase: true, env })
  assert.is(refused.code, 3)
  assert.is(refused.stderr, 'This device does not hold its party\'s master key, so it cannot sign consent.\n')
})

test('a clinic node asks which patient a notebook command is for, and a patient node refuses --patient', async () => {
  // Through the clinic's daemon, and in place on the practitioner's device.
  for (const [dir, passphrase] of [[clinicDir, false], [doctorDir, true]] as const) {
    const unpicked = await techoHere(dir, ['show'], { passphrase, env })
    assert.is(unpicked.code, 2, dir)
    assert.is(unpicked.stderr, 'This is a clinic node and it holds no patient\'s notebook yet; once a patient grants this clinic access, pass --patient <patient id>.\n')
    const badId = await techoHere(dir, ['show', '--patient', 'not-an-id'], { passphrase, env })
    assert.is(badId.code, 1)
    assert.is(badId.stderr, '--patient "not-an-id" is not a patient id (a base58 key of 43 or 44 characters).\n')
  }
  const revoked = await techoHere(clinicDir, ['add', 'note', 'hello', '--patient', patientId], { env })
  assert.is(revoked.code, 3)
  assert.is(revoked.stderr, `Patient ${patientId} revoked this clinic's access: this node destroyed its copy of their notebook, so there is nothing to show.\n`)
  const onPatient = await techoHere(patientDir, ['show', '--patient', clinicId], { env })
  assert.is(onPatient.code, 1)
  assert.is(onPatient.stderr, 'This is a patient node: it holds only its own notebook; --patient picks a patient\'s replica on a clinic node.\n')
})

test('--chain takes several nodes, which must agree; a node on another machine over plain http is refused in words', async () => {
  const both = `${chain.url},${chain.url.replace('127.0.0.1', 'localhost')}`
  const listed = await ok(doctorDir, ['clinics', '--chain', both], { passphrase: true })
  assert.match(listed.stdout, patientId)
  for (const args of [['clinics'], ['serve', '--http-port', '0']]) {
    const refused = await techoHere(doctorDir, [...args, '--chain', `${chain.url},http://node.example:30001`], { env })
    assert.is(refused.code, 1)
    assert.is(refused.stderr, 'The chain node http://node.example:30001 is not reached over https: a node on another machine must be (plain http is allowed only on this machine: 127.0.0.1, ::1 or localhost).\n')
  }
})

test('techo sync and techo peers need the running daemon, and say so', async () => {
  for (const command of ['sync', 'peers']) {
    const run = await techoHere(doctorDir, [command], { env })
    assert.is(run.code, 1)
    assert.is(run.stderr, `\`techo ${command}\` works through the running daemon, and none serves ${doctorDir}: start \`techo serve\` first.\n`)
  }
})

test.run()
