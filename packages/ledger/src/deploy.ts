// Deploying the consent contract the way IOST deploys any contract: `system.iost` `setCode`
// (the node names it "Contract" + the transaction hash), then `domain.iost` `link` so clients
// can reach it by name.
import { LedgerError } from './errors.js'
import { CONSENT_CONTRACT_NAME, consentContractCode } from './contract-source.js'
import type { Sponsor } from './iost-sdk.js'
import { Publisher } from './publisher.js'
import { ChainNodes } from './nodes.js'
import { LedgerReader } from './reader.js'

/** Where and as whom to deploy. */
export interface DeployOptions {
  /** The nodes' HTTP APIs: one URL, or several (a list, or separated by commas). */
  url: string | readonly string[]
  chainId: number
  /** The account that publishes, pays, and alone may update the contract. */
  sponsor: Sponsor
  /** The domain name to link; defaults to `techo_consent`. */
  name?: string
  /** How long to wait for each receipt; defaults to 60 s. */
  timeoutMs?: number
}

// setCode is charged by code size; IOST's upper gas limit leaves room for it.
const DEPLOY_GAS_LIMIT = 4_000_000

/** Deploys the consent contract and links its name; resolves to the contract id (`Contract...`). */
export async function deployConsentContract (options: DeployOptions): Promise<string> {
  const publisher = deployer(options)
  const { txHash } = await publisher.publish([{ contract: 'system.iost', action: 'setCode', args: [consentContractCode()] }])
  const contractId = `Contract${txHash}`
  // The contract's init stores its own id: reading it back proves the deployment ran.
  if (await new LedgerReader({ url: options.url, contract: contractId }).contractId().catch(() => undefined) !== contractId) {
    throw new LedgerError('ERR_NO_CONTRACT', `The chain accepted the deployment ${txHash} but contract ${contractId} does not answer.`, { txHash })
  }
  await publisher.publish([{ contract: 'domain.iost', action: 'link', args: [options.name ?? CONSENT_CONTRACT_NAME, contractId] }])
  return contractId
}

/**
 * Replaces a deployed consent contract's code with this version's, keeping its state. The
 * contract's `can_update` lets only the account that deployed it do so; anyone else gets
 * ERR_CHAIN_REFUSED.
 */
export async function updateConsentContract (options: Omit<DeployOptions, 'name'> & { contract: string }): Promise<void> {
  await deployer(options).publish([
    { contract: 'system.iost', action: 'updateCode', args: [consentContractCode(options.contract), ''] }
  ])
}

function deployer (options: Omit<DeployOptions, 'name'>): Publisher {
  return new Publisher(new ChainNodes(options.url), options.sponsor, {
    chainId: options.chainId,
    gasRatio: 1,
    gasLimit: DEPLOY_GAS_LIMIT,
    expirationSeconds: 90,
    timeoutMs: options.timeoutMs ?? 60_000,
    pollMs: 100
  })
}
