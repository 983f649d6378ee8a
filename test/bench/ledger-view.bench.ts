// The verified consent view, measured: what replaying the chain costs now that every consent
// event is checked (its party's signature, the contract's rules, the receipt against the signed
// payload) before it is believed, with one node and with two that must agree; and what approving
// a device costs end to end now that the device proves possession. Figures only; nothing asserts.
//
// Run: node --conditions=source --import tsx test/bench/ledger-view.bench.ts [events=300] [approvals=10]
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createDeviceKey, generateRecoveryPhrase, masterKeyFromPhrase, masterKeyFromSeed, signPayload } from '@techo/identity'
import { startDevChain } from '@techo/devchain'
import { CONSENT_CONTRACT_NAME, Ledger, LedgerView, buildPayload, deployConsentContract } from '@techo/ledger'

const EVENTS = Number(process.argv[2] ?? 300)
const APPROVALS = Number(process.argv[3] ?? 10)
const IN_FLIGHT = 20

const dataDir = await mkdtemp(join(tmpdir(), 'techo-view-bench-'))
const chain = await startDevChain({ dataDir, port: 0, blockIntervalMs: 500 })
try {
  const sponsor = { account: chain.admin.account, secretKey: chain.admin.secretKey }
  const contract = await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor })
  const ledger = new Ledger({ url: chain.url, chainId: chain.chainId, contract: CONSENT_CONTRACT_NAME, sponsor, pollMs: 20 })

  // Registrations from distinct parties, signed up front so they share blocks.
  const signed = Array.from({ length: EVENTS }, () => {
    const p = masterKeyFromSeed(crypto.getRandomValues(new Uint8Array(32)))
    return signPayload(p.seed, buildPayload('registerParty', { kind: 'patient' }, { contract, signer: p.id, nonce: 1, expires: Date.now() + 600_000 }))
  })
  let next = 0
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < signed.length) {
      const item = signed[next++]
      if (item !== undefined) await ledger.submit('registerParty', item)
    }
  }))

  const clinic = masterKeyFromPhrase(generateRecoveryPhrase())
  await ledger.registerParty(clinic.seed, 'clinic')
  const approvals: number[] = []
  for (let i = 0; i < APPROVALS; i++) {
    const device = createDeviceKey()
    const started = performance.now()
    await ledger.approveDevice(clinic.seed, device, 'practitioner')
    approvals.push(performance.now() - started)
  }
  approvals.sort((a, b) => a - b)
  console.log(`approveDevice → receipt, 0.5 s blocks, ${APPROVALS} approvals one after another (proof of possession made and checked, nonce read, sign, send, receipt):`)
  console.log(`  median ${(approvals[Math.floor(approvals.length / 2)] ?? NaN).toFixed(1)} ms   min ${(approvals[0] ?? NaN).toFixed(1)} ms   max ${(approvals.at(-1) ?? NaN).toFixed(1)} ms`)

  const replay = async (url: string[]): Promise<{ ms: number, blocks: number, events: number }> => {
    const view = new LedgerView({ url, contract: CONSENT_CONTRACT_NAME })
    let events = 0
    view.on('registerParty', () => { events++ })
    view.on('approveDevice', () => { events++ })
    const started = performance.now()
    await view.start()
    const ms = performance.now() - started
    const blocks = view.height - await ledger.deployedAt() + 1
    await view.stop()
    return { ms, blocks, events }
  }
  const empty = async (url: string[], blocks: number): Promise<number> => {
    // The same number of blocks without consent in them: what following the chain costs anyway.
    const head = Number(((await (await fetch(`${chain.url}/getChainInfo`)).json()) as { head_block: string }).head_block)
    const view = new LedgerView({ url, contract: CONSENT_CONTRACT_NAME, resume: { version: 2, contractId: contract, block: head, state: { parties: {}, devices: {}, grants: {}, anchors: {}, nonces: {} } } })
    while (Number(((await (await fetch(`${chain.url}/getChainInfo`)).json()) as { head_block: string }).head_block) < head + blocks) await new Promise(resolve => setTimeout(resolve, 100))
    const started = performance.now()
    await view.start()
    const ms = performance.now() - started
    await view.stop()
    return ms
  }
  console.log(`replaying the chain from the contract's deployment, every event verified (${EVENTS} registrations, ${APPROVALS} approvals; chain and view share this process):`)
  for (const url of [[chain.url], [chain.url, chain.url.replace('127.0.0.1', 'localhost')]]) {
    const { ms, blocks, events } = await replay(url)
    const baseline = await empty(url, blocks)
    console.log(`  ${url.length === 1 ? 'one node          ' : 'two nodes, agreed '} ${ms.toFixed(0)} ms for ${blocks} blocks and ${events} events; the same blocks without consent: ${baseline.toFixed(0)} ms; so ~${((ms - baseline) / events).toFixed(2)} ms per verified event`)
  }
} finally {
  await chain.close()
  await rm(dataDir, { recursive: true, force: true })
}
