// Shared setup for the consent tests: a real dev chain on a random port with its data in a
// temp dir, the consent contract deployed and linked through the real SDK, and a Ledger that
// reaches it by its linked name, as an app would.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as assert from 'uvu/assert'
import { generateRecoveryPhrase, masterKeyFromPhrase, type MasterKey } from '@techo/identity'
import { startDevChain, type DevChain } from '@techo/devchain'
import { CONSENT_CONTRACT_NAME, Ledger, LedgerError, deployConsentContract, type LedgerConfig, type Sponsor } from '../src/index.js'

export interface ConsentChain {
  chain: DevChain
  contractId: string
  sponsor: Sponsor
  ledger: Ledger
  /** A Ledger on the same chain with other settings. */
  ledgerWith: (overrides: Partial<LedgerConfig>) => Ledger
  close: () => Promise<void>
}

/** Starts a dev chain (blocks every `blockIntervalMs`, default 50) with the consent contract deployed. */
export async function startConsentChain (blockIntervalMs = 50): Promise<ConsentChain> {
  const dataDir = await mkdtemp(join(tmpdir(), 'techo-ledger-'))
  const chain = await startDevChain({ dataDir, port: 0, blockIntervalMs })
  try {
    const sponsor = { account: chain.admin.account, secretKey: chain.admin.secretKey }
    const contractId = await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor })
    const ledgerWith = (overrides: Partial<LedgerConfig>): Ledger =>
      new Ledger({ url: chain.url, chainId: chain.chainId, contract: CONSENT_CONTRACT_NAME, sponsor, pollMs: 20, ...overrides })
    return {
      chain,
      contractId,
      sponsor,
      ledger: ledgerWith({}),
      ledgerWith,
      close: async () => {
        await chain.close()
        await rm(dataDir, { recursive: true, force: true })
      }
    }
  } catch (err) {
    await chain.close()
    await rm(dataDir, { recursive: true, force: true })
    throw err
  }
}

/** Returns a fresh party master key, derived from a new recovery phrase as the app derives it. */
export function newParty (): MasterKey {
  return masterKeyFromPhrase(generateRecoveryPhrase())
}

/** Resolves to the LedgerError the promise rejects with; fails the test if it resolves or rejects otherwise. */
export async function refusal (promise: Promise<unknown>): Promise<LedgerError> {
  const outcome = await promise.then(() => undefined, (err: unknown) => err)
  assert.instance(outcome, LedgerError, outcome === undefined ? 'expected the ledger to refuse, but it accepted' : `expected a LedgerError, got ${String(outcome)}`)
  return outcome as LedgerError
}
