// A restarted daemon resumes following the chain from the checkpoint in its vault, not from the
// contract's deployment, and never from a checkpoint of another chain or another deployment.
import { generateRecoveryPhrase, masterKeyFromPhrase } from '@techo/identity'
import { startDevChain, type DevChain } from '@techo/devchain'
import { CONSENT_CONTRACT_NAME, Ledger, deployConsentContract } from '@techo/ledger'
import { openVault, type Json, type Vault } from '@techo/vault'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { keepCheckpoint, startView } from '../src/daemon/ledger-checkpoint.js'

let chain: DevChain
let vault: Vault
let dir: string
let location: { url: string, contract: string }
let clinic: string

test.before(async () => {
  chain = await startDevChain({ port: 0, blockIntervalMs: 50 })
  const sponsor = { account: chain.admin.account, secretKey: chain.admin.secretKey }
  await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor })
  location = { url: chain.url, contract: CONSENT_CONTRACT_NAME }
  const master = masterKeyFromPhrase(generateRecoveryPhrase())
  await new Ledger({ ...location, chainId: chain.chainId, sponsor }).registerParty(master.seed, 'clinic')
  clinic = master.id
  dir = mkdtempSync(join(tmpdir(), 'techo-checkpoint-'))
  vault = await openVault(dir, { durable: false })
  await vault.unlock(randomBytes(32))
})

test.after(async () => {
  await vault?.close()
  await chain?.close()
  rmSync(dir, { recursive: true, force: true })
})

/** The stored checkpoint with one party added that the chain never saw, so a view that holds it must have resumed. */
async function plantMarker (change: (saved: any) => void = () => {}): Promise<string> {
  const marker = masterKeyFromPhrase(generateRecoveryPhrase()).id
  const saved = await vault.consent.get('ledger/checkpoint') as any
  saved.checkpoint.state.parties[marker] = { kind: 'patient', at: 1 }
  change(saved)
  await vault.consent.put('ledger/checkpoint', saved as Json)
  return marker
}

test('the first view replays from the deployment and leaves a checkpoint; the next one resumes from it', async () => {
  const first = await startView(vault, location)
  const saver = keepCheckpoint(first, vault, location.url)
  assert.is(first.party(clinic)?.kind, 'clinic')
  await first.stop()
  await saver.flush()
  const marker = await plantMarker()
  const next = await startView(vault, location)
  assert.is(next.party(marker)?.kind, 'patient', 'the view started from the stored checkpoint')
  assert.is(next.party(clinic)?.kind, 'clinic')
  assert.ok(next.height >= first.height)
  await next.stop()
})

test('a checkpoint of another deployment of the contract, or of another chain, is not used', async () => {
  for (const change of [(saved: any) => { saved.checkpoint.contractId = 'ContractOfAnEarlierDevChain' }, (saved: any) => { saved.url = 'http://127.0.0.1:9' }]) {
    const marker = await plantMarker(change)
    const view = await startView(vault, location)
    assert.is(view.party(marker), undefined)
    assert.is(view.party(clinic)?.kind, 'clinic', 'replayed from the deployment instead')
    await view.stop()
    // Its own checkpoint replaces the planted one.
    await keepCheckpoint(view, vault, location.url).flush()
  }
})

test.run()
