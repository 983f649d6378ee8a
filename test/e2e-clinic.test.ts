// The "Done when", as a person would do it: a dev chain; a clinic running its relay, a
// practitioner's device that joined the clinic, and a patient, each a real `techo serve` process
// over loopback TCP; every other step a real `techo` command on their data directories.
import { startDevChain, type DevChain } from '@techo/devchain'
import { deployConsentContract } from '@techo/ledger'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { api, initParty, removeDir, serve, techo, type Run, type Served } from './support/techo.js'
import { until } from './support/until.js'

let chain: DevChain
let env: Record<string, string>
const dirs = { clinic: '', doctor: '', patient: '' }
const ids = { clinic: '', doctor: '', patient: '' }
let relay: Served
let doctor: Served
let patient: Served

/** Runs a techo command on one of the three data directories, with the chain in the environment. */
async function run (who: keyof typeof dirs, args: string[], opts: { passphrase?: boolean } = {}): Promise<Run> {
  return await techo(dirs[who], args, { ...opts, env })
}

async function ok (who: keyof typeof dirs, args: string[], opts: { passphrase?: boolean } = {}): Promise<Run> {
  const result = await run(who, args, opts)
  assert.is(result.code, 0, `techo ${args.join(' ')} on the ${who}'s data: ${result.stderr}`)
  return result
}

/** The entries of the patient's notebook as a daemon's API shows them (a clinic's replica, or the patient's own). */
async function entries (daemon: Served, query: string): Promise<{ status: number, json: any }> {
  const patientQuery = daemon === patient ? '' : `&patient=${ids.patient}`
  return await api(daemon.info, 'GET', `/api/entries?${query}${patientQuery}`)
}

async function holds (daemon: Served, query: string, match: (e: any) => boolean): Promise<boolean> {
  const { status, json } = await entries(daemon, query)
  return status === 200 && (json as any[]).some(match)
}

test.before(async () => {
  chain = await startDevChain({ port: 0, blockIntervalMs: 100 })
  await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor: { account: chain.admin.account, secretKey: chain.admin.secretKey } })
  env = { TECHO_CHAIN: chain.url }
  // `techo init` itself is tested in cli-notebook and daemon-consent; here the parties are made quickly.
  const clinic = await initParty({ party: 'clinic' })
  const [doctorInit, patientInit] = await Promise.all([initParty({ join: clinic.party }), initParty()])
  ;[dirs.clinic, ids.clinic] = [clinic.dir, clinic.party]
  ;[dirs.doctor, ids.doctor] = [doctorInit.dir, doctorInit.peerId]
  ;[dirs.patient, ids.patient] = [patientInit.dir, patientInit.party]
  const registered = await ok('clinic', ['clinic', 'register', '--name', 'Sakura Clinic'], { passphrase: true })
  assert.match(registered.stdout, `give patients this id to grant access: ${ids.clinic}`)
  // The practitioner's device proves it holds its key; the clinic approves it with that code.
  const doctorCode = /techo device approve (\S+) --role practitioner/.exec((await ok('doctor', ['device', 'code'], { passphrase: true })).stdout)?.[1] ?? ''
  await ok('clinic', ['device', 'approve', doctorCode, '--role', 'practitioner'], { passphrase: true })

  relay = await serve(dirs.clinic, [], { env })
  assert.match(relay.output().stdout, 'Techo relay node serving')
  const relayAddress = /Addresses: +(\S+)/.exec(relay.output().stdout)?.[1] ?? ''
  ;[doctor, patient] = await Promise.all([
    serve(dirs.doctor, ['--bootstrap', relayAddress], { env }),
    serve(dirs.patient, ['--bootstrap', relayAddress], { env })
  ])
  assert.match(doctor.output().stdout, 'Techo practitioner node serving')
})

test.after(async () => {
  await Promise.all([patient, doctor, relay].filter(d => d !== undefined).map(async d => await d.stop('SIGTERM')))
  await chain?.close()
  for (const dir of Object.values(dirs)) if (dir !== '') removeDir(dir)
})

test('the patient grants write access while serving; a reading reaches the clinic relay and the practitioner', async () => {
  const granted = await ok('patient', ['grant', ids.clinic, '--scope', 'write'])
  assert.match(granted.stdout, `Granted clinic ${ids.clinic} write access to your notebook`)
  await ok('patient', ['vitals', 'add', 'bp', '131/84'])
  const isReading = (e: any): boolean => e.systolic === 131 && e.diastolic === 84
  await until(async () => await holds(relay, 'kind=bp&type=vital', isReading), 'the reading at the relay')
  await until(async () => await holds(doctor, 'kind=bp&type=vital', isReading), 'the reading at the practitioner')
  // And as the clinic sees it in the terminal.
  for (const who of ['clinic', 'doctor'] as const) {
    const shown = await ok(who, ['show', '--patient', ids.patient, '--type', 'bp'])
    assert.match(shown.stdout, '131/84 mmHg')
  }
})

test('without --patient a clinic node says whose notebooks it holds, and asks for one', async () => {
  const shown = await run('clinic', ['show'])
  assert.is(shown.code, 2)
  assert.is(shown.stderr, `This clinic node holds the notebooks of one patient: ${ids.patient}; pass --patient <patient id> to choose one.\n`)
})

test('a note the practitioner adds reaches the patient, credited to the clinic', async () => {
  const added = await ok('doctor', ['add', 'note', 'Blood pressure a little high; re-check on Friday.', '--patient', ids.patient])
  assert.match(added.stdout, 'Added note Blood pressure a little high')
  const isNote = (e: any): boolean => e.text === 'Blood pressure a little high; re-check on Friday.'
  await until(async () => await holds(patient, 'type=note', isNote), 'the note at the patient')
  const notes = JSON.parse((await ok('patient', ['show', '--type', 'note', '--json'])).stdout) as any[]
  assert.is(notes.find(isNote)?.author.party, ids.clinic)
})

test('techo sync reports each peer and notebook from connecting to in sync; techo peers lists the session', async () => {
  const synced = await ok('patient', ['sync'])
  const relayLines = synced.stdout.split('\n').filter(l => l.includes(`device ${relay.info.peerId}`))
  assert.ok(relayLines.length >= 2, synced.stdout)
  assert.match(relayLines[0] ?? '', `(clinic ${ids.clinic}), notebook `)
  assert.match(relayLines[0] ?? '', /: connecting…$/)
  assert.match(relayLines.at(-1) ?? '', /: in sync \(sent \d+(\.\d)? (B|KiB), received \d+(\.\d)? (B|KiB)\)$/)
  assert.match(synced.stdout, /Done: 1 notebook in sync with \d peers?\./)

  const peers = await ok('patient', ['peers'])
  const row = peers.stdout.split('\n').find(l => l.startsWith(relay.info.peerId))
  assert.ok(row !== undefined, peers.stdout)
  assert.match(row, new RegExp(`clinic ${ids.clinic} +nb\\S+ +write +yes +`))
  assert.match(peers.stdout, /Notebooks: 1 held, 1 open in memory \(0 idle, closing when unused\), 1 stored on disk; [1-9]\d* sync sessions?\./)
  // The relay carries the patient's replica, on disk and, while the patient's session lasts, in memory.
  const relayLoad = await ok('clinic', ['peers'])
  assert.match(relayLoad.stdout, /Notebooks: 1 held, 1 open in memory \(0 idle, closing when unused\), 1 stored on disk; [1-9]\d* sync sessions?\./)
})

test('techo revoke cuts the flow: the clinic\'s devices destroy their copies and the next reading does not reach them', async () => {
  const revoked = await ok('patient', ['revoke', ids.clinic])
  assert.match(revoked.stdout, 'Revoke is not erase')
  for (const daemon of [relay, doctor]) {
    await until(async () => (await entries(daemon, 'type=vital')).json?.error?.code === 'ERR_ACCESS_REVOKED', 'the replica to be destroyed')
  }
  await ok('patient', ['vitals', 'add', 'pulse', '77'])
  await until(async () => await holds(patient, 'kind=pulse&type=vital', e => e.value === 77), 'the reading on the patient\'s node')
  for (const who of ['clinic', 'doctor'] as const) {
    const shown = await run(who, ['show', '--patient', ids.patient])
    assert.is(shown.code, 3)
    assert.is(shown.stderr, `Patient ${ids.patient} revoked this clinic's access: this node destroyed its copy of their notebook, so there is nothing to show.\n`)
  }
  assert.match(relay.output().stdout, 'Destroyed this node\'s copy of notebook')
  const peers = JSON.parse((await ok('patient', ['peers', '--json'])).stdout) as { sessions: unknown[] }
  assert.equal(peers.sessions, [], 'the patient syncs with no clinic device any more')
  // With its daemon stopped, the practitioner's vault itself holds nothing readable.
  assert.is(await doctor.stop('SIGTERM'), 0)
  const local = await run('doctor', ['show', '--patient', ids.patient], { passphrase: true })
  assert.is(local.code, 3)
  assert.is(local.stderr, `This clinic's access to patient ${ids.patient}'s notebook was revoked or expired: this node destroyed its copy of their notebook, so there is nothing to show.\n`)
})

test('no daemon reported a sync problem along the way', () => {
  for (const daemon of [relay, doctor, patient]) assert.not.match(daemon.output().stdout, 'Sync problem', daemon.output().stdout)
})

test.run()
