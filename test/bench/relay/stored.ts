// A clinic relay's stored world, generated once and cached: a dev chain with the consent contract,
// the clinic and its relay device, and the relay's vault holding every patient's notebook (with
// its phone's authorship proof) and the checkpoint its ledger view resumes from, holding every
// patient's registration, phone approval and grant to the clinic: what a relay that has run a
// while has on disk. Generating 50,000 takes about half an hour; later runs reuse the directory.
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Automerge from '@automerge/automerge'
import { startDevChain, type DevChain } from '@techo/devchain'
import { createDeviceKey, toBase58, deviceKeyFromBytes, deviceKeyToBytes, masterKeyFromSeed, notebookIdFor, type DeviceKey, type MasterKey } from '@techo/identity'
import {
  CONSENT_CONTRACT_NAME, ConsentState, Ledger, LedgerView, buildPayload, deployConsentContract, proveDevice, signConsentPayload,
  type ConsentPayload, type PayloadEnvelope, type Sponsor, type ViewCheckpoint
} from '@techo/ledger'
import { openVault, type Json } from '@techo/vault'
import type { ActionCall } from '../../../packages/ledger/src/iost-sdk.js'
import { ChainNodes } from '../../../packages/ledger/src/nodes.js'
import { Publisher } from '../../../packages/ledger/src/publisher.js'
import { NotebookTemplate } from './template.js'

/** Where the relay keeps its view's checkpoint in its vault. */
export const CHECKPOINT_KEY = 'bench/ledger-checkpoint'

/** A patient who will be active during the run: the master key and the phone that wrote the notebook. */
export interface ActivePatient { master: MasterKey, phone: DeviceKey, notebook: Uint8Array, proofs: Uint8Array }

/** A generated world, ready to run. */
export interface StoredSet {
  stored: number
  entries: number
  chainDir: string
  relayDir: string
  vaultKey: Uint8Array
  clinic: MasterKey
  relay: DeviceKey
  active: ActivePatient[]
  /** How long a new relay's view took to replay the whole chain from the deployment (the first start, once). */
  replayMs: number
  generatedMs: number
}

interface SetFile {
  stored: number
  entries: number
  vaultKey: string
  clinic: string
  relay: string
  active: Array<{ seed: string, phone: string, notebook: string, proofs: string }>
  replayMs: number
  generatedMs: number
}

// Patients per transaction: three calls each; the dev chain gives a transaction 1 s to run.
const PER_TX = 2
const IN_FLIGHT = 4
const GAS_LIMIT = 4_000_000
const YEAR_MS = 365 * 86_400_000

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64')
const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'base64'))

/** The cached world of `stored` notebooks of `entries` readings, `active` of them to be used; generated first if missing. */
export async function storedSet (stored: number, entries: number, active: number, say: (line: string) => void): Promise<StoredSet> {
  const dir = join(process.env.TECHO_BENCH_CACHE ?? join(tmpdir(), 'techo-bench-relay'), `${stored}x${entries}`)
  const file = join(dir, 'set.json')
  if (!existsSync(file)) {
    say(`generating ${stored} stored notebooks of ${entries} readings in ${dir} (once; later runs reuse it)`)
    await rm(dir, { recursive: true, force: true })
    await mkdir(dir, { recursive: true })
    await writeFile(file + '.tmp', JSON.stringify(await generate(dir, stored, entries, active, say)))
    await writeFile(file, await readFile(file + '.tmp'))
    await rm(file + '.tmp')
  }
  const set = JSON.parse(await readFile(file, 'utf8')) as SetFile
  return {
    stored: set.stored,
    entries: set.entries,
    chainDir: join(dir, 'chain'),
    relayDir: join(dir, 'relay'),
    vaultKey: bytes(set.vaultKey),
    clinic: masterKeyFromSeed(bytes(set.clinic)),
    relay: deviceKeyFromBytes(bytes(set.relay)),
    active: set.active.map(a => ({ master: masterKeyFromSeed(bytes(a.seed)), phone: deviceKeyFromBytes(bytes(a.phone)), notebook: bytes(a.notebook), proofs: bytes(a.proofs) })),
    replayMs: set.replayMs,
    generatedMs: set.generatedMs
  }
}

async function generate (dir: string, stored: number, entries: number, active: number, say: (line: string) => void): Promise<SetFile> {
  const started = performance.now()
  const patients = Array.from({ length: stored }, () => ({ master: masterKeyFromSeed(crypto.getRandomValues(new Uint8Array(32))), phone: createDeviceKey() }))
  const { clinic, relay, checkpoint, replayMs } = await chainFor(join(dir, 'chain'), patients, active)
  const vaultKey = crypto.getRandomValues(new Uint8Array(32))
  const vault = await openVault(join(dir, 'relay'), { durable: false })
  try {
    await vault.unlock(vaultKey)
    await vault.consent.put(CHECKPOINT_KEY, checkpoint as unknown as Json)
    const template = new NotebookTemplate(entries)
    const activeOnes: SetFile['active'] = []
    for (const [i, { master, phone }] of patients.entries()) {
      const { doc, proofs } = template.write(master, phone)
      await vault.notebooks.save(notebookIdFor(master.id), doc, { proofs: proofs.toBytes() })
      if (i < active) activeOnes.push({ seed: b64(master.seed), phone: b64(deviceKeyToBytes(phone)), notebook: b64(Automerge.save(doc)), proofs: b64(proofs.toBytes()) })
      if ((i + 1) % 5000 === 0) say(`  ${i + 1} of ${stored} notebooks (${((performance.now() - started) / 1000).toFixed(0)} s)`)
    }
    return {
      stored,
      entries,
      vaultKey: b64(vaultKey),
      clinic: b64(clinic.seed),
      relay: b64(deviceKeyToBytes(relay)),
      active: activeOnes,
      replayMs,
      generatedMs: performance.now() - started
    }
  } finally {
    await vault.close()
  }
}

/**
 * The chain, closed again before the notebooks are written (it makes no blocks while closed, so the
 * relay's first run catches up only the blocks of its own start), and the checkpoint holding every
 * patient's consent.
 */
async function chainFor (dataDir: string, patients: Patient[], active: number): Promise<{ clinic: MasterKey, relay: DeviceKey, checkpoint: ViewCheckpoint, replayMs: number }> {
  const chain = await startDevChain({ dataDir, port: 0, blockIntervalMs: 50 })
  try {
    const sponsor = { account: chain.admin.account, secretKey: chain.admin.secretKey }
    const contract = await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor })
    const ledger = new Ledger({ url: chain.url, chainId: chain.chainId, contract: CONSENT_CONTRACT_NAME, sponsor, pollMs: 20 })
    const clinic = masterKeyFromSeed(crypto.getRandomValues(new Uint8Array(32)))
    const relay = createDeviceKey()
    await ledger.registerParty(clinic.seed, 'clinic')
    await ledger.approveDevice(clinic.seed, relay, 'relay')
    await publishPatients(chain, sponsor, contract, patients.slice(0, active), clinic.id)
    // A new relay's first start: its view replays every block since the deployment, verifying each call.
    const view = new LedgerView({ url: chain.url, contract: CONSENT_CONTRACT_NAME })
    const replaying = performance.now()
    await view.start()
    const replayMs = performance.now() - replaying
    await view.stop()
    const checkpoint = view.checkpoint()
    const state = ConsentState.fromSnapshot(checkpoint.state)
    for (const patient of patients.slice(active)) settle(state, patient, clinic.id, checkpoint.block)
    const granted = state.grantsForClinic(clinic.id).filter(g => g.active).length
    if (granted !== patients.length) throw new Error(`The consent state holds ${granted} active grants to the clinic, not ${patients.length}.`)
    return { clinic, relay, checkpoint: { ...checkpoint, state: state.snapshot() }, replayMs }
  } finally {
    await chain.close()
  }
}

interface Patient { master: MasterKey, phone: DeviceKey }

// The patients who will be active register, approve their phone and grant the clinic on the chain
// itself (batched: one transaction per action would take minutes), so their devices are admitted
// and their sessions judged exactly as in production.
async function publishPatients (chain: DevChain, sponsor: Sponsor, contract: string, patients: Patient[], clinic: string): Promise<void> {
  const publisher = new Publisher(new ChainNodes(chain.url), sponsor, { chainId: chain.chainId, gasRatio: 1, gasLimit: GAS_LIMIT, expirationSeconds: 90, timeoutMs: 120_000, pollMs: 50 })
  // A few transactions at a time: a dev chain sharing a busy machine answers slowly under a flood.
  for (let i = 0; i < patients.length; i += PER_TX * IN_FLIGHT) {
    const batches: Patient[][] = []
    for (let j = i; j < Math.min(patients.length, i + PER_TX * IN_FLIGHT); j += PER_TX) batches.push(patients.slice(j, j + PER_TX))
    await Promise.all(batches.map(async batch => { await publish(publisher, batch.flatMap(p => patientCalls(contract, chain.chainId, p.master, p.phone, clinic))) }))
  }
}

// A transaction pushed past its time limit by a busy machine changed nothing, so it is sent again.
async function publish (publisher: Publisher, calls: ActionCall[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await publisher.publish(calls)
      return
    } catch (err) {
      if (attempt === 5 || !(err as Error).message.includes('(TIMEOUT)')) throw err
    }
  }
}

// The other stored patients' same three events, applied to the state the relay resumes from. The
// contract and the view would have made exactly these from the patients' signed payloads; making
// them directly skips the chain's ~40 ms of work per patient (and the view's, once more) that a
// relay restarted from its checkpoint never repeats anyway.
function settle (state: ConsentState, { master, phone }: Patient, clinic: string, block: number): void {
  const base = { at: Date.now(), block, tx: 'generated', signer: master.id }
  state.apply({ ...base, action: 'registerParty', party: master.id, kind: 'patient' })
  state.apply({ ...base, action: 'approveDevice', party: master.id, device: phone.peerId, role: 'phone', key: toBase58(phone.publicKey) })
  state.apply({ ...base, action: 'grant', patient: master.id, notebook: notebookIdFor(master.id), clinic, scope: 'read', until: Date.now() + 5 * YEAR_MS })
}

// A patient's life on the consent chain before the benchmark: registered, a phone approved (with
// the phone's proof of possession), the clinic granted read access for years. Nonces 1 to 3, in
// one transaction, in order.
function patientCalls (contract: string, chainId: number, master: MasterKey, phone: DeviceKey, clinic: string): ActionCall[] {
  const expires = Date.now() + 10 * 60_000
  const envelope = (nonce: number): PayloadEnvelope => ({ contract, signer: master.id, nonce, expires })
  const call = (payload: ConsentPayload): ActionCall => {
    const signed = signConsentPayload(master.seed, payload)
    return { contract, action: payload.action, args: [signed.payload, signed.signature] }
  }
  const { proof } = proveDevice(phone, { party: master.id, chain: chainId, contract })
  return [
    call(buildPayload('registerParty', { kind: 'patient' }, envelope(1))),
    call(buildPayload('approveDevice', { party: master.id, device: phone.peerId, role: 'phone', chain: chainId, proof }, envelope(2))),
    call(buildPayload('grant', { clinic, notebook: notebookIdFor(master.id), scope: 'read', until: Date.now() + 5 * YEAR_MS }, envelope(3)))
  ]
}
