// The README's first command (`pnpm start`): a working local Techo network. A dev chain with the
// consent contract; a clinic, registered on it, running its relay as `techo serve`; a patient with a
// month of readings who grants the clinic read and write access and serves the web notebook,
// bootstrapped from the relay. It prints what to open and what to try, then runs until Ctrl+C.
// Identities, consent and readings go through the same code the commands use.
import { createKeystore, sealKeystore } from '@techo/identity'
import { startDevChain, type DevChain } from '@techo/devchain'
import { CONSENT_CONTRACT_NAME, deployConsentContract } from '@techo/ledger'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { localDaemon } from '../access/local-http.js'
import { localConsent } from '../access/local-consent.js'
import { localAccess } from '../access/local-notebook.js'
import { chainConfig } from '../cli/chain-settings.js'
import { describeError } from '../cli/exit.js'
import { findLiveDaemon } from '../daemon/daemon-file.js'
import { type ProgressLine } from '../daemon/sync-routes.js'
import { createIdentity } from '../session/create-identity.js'
import { withSession } from '../session/session.js'
import { DEMO_ENTRIES, demoReadings } from './readings.js'
import { startServeChild, type ServeChild } from './serve-child.js'

const PASSPHRASE = 'demo passphrase'
const CLINIC_NAME = 'Sakura Clinic'
const DAYS = 28
const GRANT_MS = 90 * 24 * 60 * 60 * 1000
const CHAIN_PORT = 30001

const root = join(process.cwd(), '.techo-demo')
const dirs = { chain: join(root, 'chain'), clinic: join(root, 'clinic'), patient: join(root, 'patient') }
// The demo's settings are its own: none of the caller's TECHO_* variables (another chain, other relays) leak in.
const env: NodeJS.ProcessEnv = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TECHO_'))), TECHO_PASSPHRASE: PASSPHRASE }
process.env = env

let chain: DevChain | undefined
const children: ServeChild[] = []
let stopping: Promise<void> | undefined
// Listened for from the start: Ctrl+C during the set-up stops what has started so far.
const signalled = new Promise<string>(resolve => {
  const on = (signal: NodeJS.Signals): void => {
    process.off('SIGINT', on)
    process.off('SIGTERM', on)
    resolve(`${signal} received`)
  }
  process.on('SIGINT', on)
  process.on('SIGTERM', on)
})

/** Stops the daemons (patient first), then the chain; once, whoever asks. */
async function stopAll (): Promise<void> {
  stopping ??= (async () => {
    for (const child of [...children].reverse()) await child.stop()
    await chain?.close()
  })()
  await stopping
}

/** Keeps a started daemon to stop later; one that starts after stopping began is stopped at once. */
async function adopt (child: ServeChild): Promise<ServeChild> {
  children.push(child)
  if (stopping !== undefined) {
    await child.stop()
    throw new Error('Stopped during the set-up.')
  }
  return child
}

function step (text: string): void {
  console.log(`  ✓ ${text}`)
}

async function setUp (): Promise<{ relay: ServeChild, patient: ServeChild, clinicId: string, patientId: string }> {
  rmSync(root, { recursive: true, force: true })
  mkdirSync(root, { recursive: true })
  console.log(`Setting up a local Techo network in ${relative(process.cwd(), root)}/ (passphrase: "${PASSPHRASE}")\n`)

  const devChain = chain = await startChain()
  const url = devChain.url
  await deployConsentContract({ url, chainId: devChain.chainId, sponsor: { account: devChain.admin.account, secretKey: devChain.admin.secretKey } })
  step(`dev chain on ${url}, consent contract deployed as ${CONSENT_CONTRACT_NAME}`)

  // Each data directory names its chain, so every command run on it later finds the same one.
  const clinic = await newParty(dirs.clinic, 'clinic', url)
  await withSession({ data: dirs.clinic }, async s => await localConsent(s, await chainConfig({ chain: url }, dirs.clinic)).registerClinic(CLINIC_NAME))
  step(`clinic "${CLINIC_NAME}" registered on chain: ${clinic}`)

  const relay = await adopt(await startServeChild(dirs.clinic, ['--role', 'relay', '--chain', url], env, say('clinic relay')))
  const relayAddress = relay.addresses[0] ?? ''
  step(`clinic relay serving as ${relay.peerId}`)

  const patientId = await newParty(dirs.patient, 'patient', url)
  const readings = demoReadings(DAYS)
  await withSession({ data: dirs.patient }, async s => {
    const notebook = localAccess(s, async () => {})
    for (const reading of readings) await notebook.addVital(reading)
    await notebook.addEntry('allergy', DEMO_ENTRIES.allergy)
    await notebook.addEntry('medication', DEMO_ENTRIES.medication)
    step(`patient ${patientId}: ${readings.length} readings over ${DAYS} days, an allergy and a medication`)
    await localConsent(s, await chainConfig({ chain: url }, dirs.patient)).grant(clinic, 'write', Date.now() + GRANT_MS)
  })
  step('the patient granted the clinic read and write access for 90 days')

  const patient = await adopt(await startServeChild(dirs.patient, ['--bootstrap', relayAddress, '--chain', url], env, say('patient')))
  step(`patient node serving as ${patient.peerId}, connected to the clinic relay`)
  await firstSync()
  return { relay, patient, clinicId: clinic, patientId }
}

// 30001 is IOST's port and the commands' default; if something holds it, any free port will do.
async function startChain (): Promise<DevChain> {
  try {
    return await startDevChain({ dataDir: dirs.chain, port: CHAIN_PORT })
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'ERR_CHAIN_PORT_IN_USE') throw err
    return await startDevChain({ dataDir: dirs.chain, port: 0 })
  }
}

/** Creates a patient or clinic in `dir` whose config names `chainUrl`; resolves to its party id. */
async function newParty (dir: string, party: 'patient' | 'clinic', chainUrl: string): Promise<string> {
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ chain: chainUrl }, null, 2) + '\n', { mode: 0o600 })
  const { keystore } = await createKeystore({ party })
  return (await createIdentity(dir, keystore, await sealKeystore(keystore, PASSPHRASE))).party
}

/** One sync round through the patient's daemon, so the clinic holds the notebook before anyone looks. */
async function firstSync (): Promise<void> {
  const daemon = await findLiveDaemon(dirs.patient)
  if (daemon === undefined) throw new Error('The patient\'s daemon stopped answering.')
  const results = await localDaemon(daemon).stream<ProgressLine[]>('/api/sync', { timeoutMs: 30_000 }, () => {})
  const synced = results.find(r => r.stage === 'in-sync')
  if (synced === undefined) {
    step(`the first sync has not finished yet (${results.map(r => r.error?.message).join('; ') || 'no peer yet'}); it goes on in the background`)
    return
  }
  step(`the notebook reached the clinic relay (${Math.round((synced.stats?.bytesOut ?? 0) / 1024)} KiB)`)
}

function say (name: string): (line: string) => void {
  return line => { console.log(`  ${name.padEnd(12)} | ${line}`) }
}

function printGuide (net: { relay: ServeChild, patient: ServeChild, clinicId: string, patientId: string }): void {
  const data = (dir: string): string => `--data ${relative(process.cwd(), dir)}`
  const p = data(dirs.patient)
  const c = data(dirs.clinic)
  console.log(`
Your local Techo network is running.
  Patient's web notebook:  ${net.patient.webUrl}
  Clinic workspace:        ${net.relay.webUrl}
  Clinic relay:            ${net.relay.peerId}
                           ${net.relay.addresses.join('\n                           ')}
  Dev chain:               ${chain?.url ?? ''}

Try these in another terminal (the running daemons hold the keys, so no passphrase is asked):
  npx techo vitals add bp 118/76 ${p}
  npx techo show --patient ${net.patientId} ${c}
  npx techo add note "Please re-check your blood pressure on Friday" --patient ${net.patientId} ${c}
  npx techo show --type note ${p}
  npx techo peers ${p}
  npx techo sync ${p}
  npx techo clinics ${p}
  npx techo revoke ${net.clinicId} ${p}
  npx techo show --patient ${net.patientId} ${c}

The daemons' sync events appear below. Press Ctrl+C to stop everything.
`)
}

/** Why the demo ends: a signal, or a daemon that exited on its own. */
async function waitForStop (): Promise<string> {
  return await Promise.race([signalled, ...children.map(async child => `a daemon exited with code ${String(await child.exited)}`)])
}

try {
  const setUpDone = setUp()
  const net = await Promise.race([setUpDone, signalled])
  if (typeof net === 'string') {
    // Interrupted half-way: whatever the set-up does next fails on a stopped chain, and is let go.
    setUpDone.catch(() => {})
    console.log(`\nStopping (${net})…`)
  } else {
    printGuide(net)
    console.log(`\nStopping (${await waitForStop()})…`)
  }
  await stopAll()
  console.log(`Stopped the patient node, the clinic relay and the dev chain; the demo data stays in ${relative(process.cwd(), root)}/ until the next \`pnpm start\`.`)
} catch (err) {
  process.stderr.write(`\nThe quick start failed: ${describeError(err)}\n`)
  await stopAll()
  process.exitCode = 1
}
