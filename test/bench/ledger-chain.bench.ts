// Consent on the dev chain, measured: grant → receipt latency with IOST's 0.5 s blocks,
// throughput in contract calls per second with many transactions per block, and the payload
// bytes, gas and RAM (storage bytes) each action costs. Figures only; nothing here asserts.
//
// Run: node --import tsx test/bench/ledger-chain.bench.ts [grants=20] [calls=400]
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDeviceKey, generateRecoveryPhrase, masterKeyFromPhrase, masterKeyFromSeed, signPayload, toBase58, type MasterKey, type SignedPayload, notebookIdFor } from '@techo/identity'
import { startDevChain, type DevChain } from '@techo/devchain'
import { CONSENT_CONTRACT_NAME, Ledger, buildPayload, deployConsentContract, type ActionResult } from '@techo/ledger'

const GRANTS = Number(process.argv[2] ?? 20)
const CALLS = Number(process.argv[3] ?? 400)
const IN_FLIGHT = 100

const party = (): MasterKey => masterKeyFromPhrase(generateRecoveryPhrase())
const ms = (n: number): string => `${n.toFixed(1)} ms`

function percentile (sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? NaN
}

async function withChain<T> (blockIntervalMs: number, pollMs: number, run: (chain: DevChain, ledger: Ledger, contract: string) => Promise<T>): Promise<T> {
  const dataDir = await mkdtemp(join(tmpdir(), 'techo-ledger-bench-'))
  const chain = await startDevChain({ dataDir, port: 0, blockIntervalMs })
  try {
    const sponsor = { account: chain.admin.account, secretKey: chain.admin.secretKey }
    // A chain that makes blocks only on demand gets them while the contract is deployed.
    let deploying = true
    const producer = (async () => {
      while (blockIntervalMs === 0 && deploying) {
        await chain.produceBlock()
        await new Promise(resolve => setTimeout(resolve, 20))
      }
    })()
    const contract = await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor }).finally(() => { deploying = false })
    await producer
    const ledger = new Ledger({ url: chain.url, chainId: chain.chainId, contract: CONSENT_CONTRACT_NAME, sponsor, pollMs })
    return await run(chain, ledger, contract)
  } finally {
    await chain.close()
    await rm(dataDir, { recursive: true, force: true })
  }
}

async function grantLatency (): Promise<void> {
  await withChain(500, 10, async (_chain, ledger) => {
    const patient = party()
    const clinics = Array.from({ length: GRANTS }, party)
    await ledger.registerParty(patient.seed, 'patient')
    await Promise.all(clinics.map(async c => await ledger.registerParty(c.seed, 'clinic')))
    const notebook = notebookIdFor(patient.id)
    const times: number[] = []
    for (const [i, clinic] of clinics.entries()) {
      const started = performance.now()
      await ledger.grant(patient.seed, { clinic: clinic.id, notebook, scope: i % 2 === 0 ? 'read' : 'write', until: Date.now() + 86_400_000 })
      times.push(performance.now() - started)
    }
    times.sort((a, b) => a - b)
    console.log(`grant → receipt, 0.5 s blocks, ${GRANTS} grants one after another (nonce read + sign + send + receipt):`)
    console.log(`  median ${ms(percentile(times, 0.5))}   p99 ${ms(percentile(times, 0.99))}   min ${ms(times[0] ?? NaN)}   max ${ms(times.at(-1) ?? NaN)}`)
  })
}

// Registrations from distinct parties, signed up front: each is independent (nonce 1), so they
// can share blocks, as payloads from many phones reaching one sponsor would.
function presignedRegistrations (contract: string): SignedPayload[] {
  return Array.from({ length: CALLS }, () => {
    const p = masterKeyFromSeed(crypto.getRandomValues(new Uint8Array(32)))
    return signPayload(p.seed, buildPayload('registerParty', { kind: 'patient' }, { contract, signer: p.id, nonce: 1, expires: Date.now() + 600_000 }))
  })
}

async function submitAll (ledger: Ledger, signed: SignedPayload[]): Promise<ActionResult[]> {
  const results: ActionResult[] = []
  let next = 0
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < signed.length) {
      const item = signed[next++]
      if (item !== undefined) results.push(await ledger.submit('registerParty', item))
    }
  }))
  return results
}

async function throughput (): Promise<void> {
  await withChain(500, 100, async (_chain, ledger, contract) => {
    const signed = presignedRegistrations(contract)
    const started = performance.now()
    const results = await submitAll(ledger, signed)
    const seconds = (performance.now() - started) / 1000
    const perBlock = new Map<number, number>()
    for (const r of results) perBlock.set(r.event.block, (perBlock.get(r.event.block) ?? 0) + 1)
    console.log(`throughput end to end, 0.5 s blocks, ${CALLS} registerParty calls, ${IN_FLIGHT} in flight (sponsor and chain share this process):`)
    console.log(`  ${(CALLS / seconds).toFixed(0)} calls/s   (${seconds.toFixed(2)} s wall, ${perBlock.size} blocks, ${(CALLS / perBlock.size).toFixed(0)} txs per block on average, at most ${Math.max(...perBlock.values())})`)
  })
  await withChain(0, 100, async (chain, ledger, contract) => {
    // Blocks on demand: the pool fills while the sponsor sends, and each produceBlock() is timed
    // alone, so this is the chain's own rate (checks, contract runs, receipts, persistence).
    const signed = presignedRegistrations(contract)
    const sending = submitAll(ledger, signed)
    let included = 0
    let producing = 0
    let blocks = 0
    while (included < CALLS) {
      await new Promise(resolve => setTimeout(resolve, 500))
      const started = performance.now()
      const height = await chain.produceBlock()
      producing += performance.now() - started
      const { block } = await (await fetch(`${chain.url}/getBlockByNumber/${height}/false`)).json() as { block: { tx_count: string } }
      included += Number(block.tx_count)
      if (Number(block.tx_count) > 0) blocks++
    }
    await sending
    console.log(`dev-chain block production alone, ${CALLS} registerParty calls in ${blocks} blocks:`)
    console.log(`  ${(included / (producing / 1000)).toFixed(0)} contract calls/s   (${(producing / included).toFixed(2)} ms per call)`)
  })
}

async function costs (): Promise<void> {
  await withChain(50, 10, async (_chain, ledger) => {
    const clinic = party()
    const patient = party()
    const phoneKey = createDeviceKey()
    const practitionerKey = createDeviceKey()
    const notebook = notebookIdFor(patient.id)
    const digest = toBase58(crypto.getRandomValues(new Uint8Array(32)))
    const rows: Array<[string, ActionResult]> = [
      ['registerParty (clinic)', await ledger.registerParty(clinic.seed, 'clinic')],
      ['registerParty (patient)', await ledger.registerParty(patient.seed, 'patient')],
      ['approveDevice', await ledger.approveDevice(clinic.seed, practitionerKey, 'practitioner')],
      ['approveDevice (phone)', await ledger.approveDevice(patient.seed, phoneKey, 'phone')],
      ['grant (first)', await ledger.grant(patient.seed, { clinic: clinic.id, notebook, scope: 'read', until: Date.now() + 86_400_000 })],
      ['grant (update)', await ledger.grant(patient.seed, { clinic: clinic.id, notebook, scope: 'write', until: Date.now() + 86_400_000 })],
      ['revoke', await ledger.revoke(patient.seed, { clinic: clinic.id, notebook })],
      ['anchor (master key)', await ledger.anchor(patient.seed, { notebook, digest, seq: 1 })],
      ['anchor (device key)', await ledger.anchor(phoneKey, { notebook, digest, seq: 2 })],
      ['revokeDevice', await ledger.revokeDevice(clinic.seed, practitionerKey.peerId)]
    ]
    console.log('cost per action (payload = canonical JSON the party signs; RAM = storage bytes the sponsor pays for):')
    console.log(`  ${'action'.padEnd(24)}${'payload B'.padStart(10)}${'gas'.padStart(10)}${'RAM B'.padStart(10)}`)
    for (const [name, r] of rows) {
      const payloadBytes = new TextEncoder().encode(r.signed.payload).length
      console.log(`  ${name.padEnd(24)}${String(payloadBytes).padStart(10)}${String(r.gasUsage).padStart(10)}${String(r.ramUsage).padStart(10)}`)
    }
  })
}

await grantLatency()
await throughput()
await costs()
