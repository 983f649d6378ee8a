// A typed door to the `iost` SDK (0.1.22, CommonJS, no types). Only what the ledger uses is
// declared. The SDK builds and signs every transaction; the HTTP side is our own (rpc.ts),
// because the SDK's polling swallows RPC errors and its IOST class mutates a shared default
// config, so neither is used.
import { createRequire } from 'node:module'
import { LedgerError } from './errors.js'

interface SdkKeyPair {
  B58PubKey: () => string
}

interface SdkTx {
  addAction: (contract: string, abi: string, args: string) => void
  setChainID: (id: number) => void
  setTime: (expirationSeconds: number, delay: number, serverTimeDiffNs: number) => void
}

interface SdkAccount {
  addKeyPair: (keyPair: SdkKeyPair, permission: string) => void
  signTx: (tx: SdkTx) => void
}

interface IostSdk {
  Tx: new (gasRatio: number, gasLimit: number) => SdkTx
  KeyPair: new (secretKey: Uint8Array, algorithm: number) => SdkKeyPair
  Account: new (id: string) => SdkAccount
  Algorithm: { Ed25519: number }
  Bs58: { decode: (text: string) => Uint8Array }
}

const sdk = createRequire(import.meta.url)('iost') as IostSdk

/** The IOST account that publishes transactions and pays their gas and RAM. */
export interface Sponsor {
  account: string
  /** base58 Ed25519 secret key (the 64-byte form the SDK's KeyPair takes, or its 32-byte seed). */
  secretKey: string
}

/** One contract call in a transaction. */
export interface ActionCall {
  contract: string
  action: string
  args: unknown[]
}

/** Transaction settings; IOST checks gas ranges and times, and the chain id must match the node's. */
export interface TxSettings {
  chainId: number
  gasRatio: number
  gasLimit: number
  expirationSeconds: number
  /** Node clock minus local clock, in nanoseconds, so the node does not see the tx as from the future. */
  serverTimeDiffNs: number
}

/** Returns the JSON text the SDK would POST to `/sendTx`: the actions, published and signed by the sponsor. */
export function buildTransaction (calls: ActionCall[], sponsor: Sponsor, settings: TxSettings): string {
  const tx = new sdk.Tx(settings.gasRatio, settings.gasLimit)
  for (const call of calls) tx.addAction(call.contract, call.action, JSON.stringify(call.args))
  tx.setChainID(settings.chainId)
  tx.setTime(settings.expirationSeconds, 0, settings.serverTimeDiffNs)
  const account = new sdk.Account(sponsor.account)
  account.addKeyPair(sponsorKeyPair(sponsor), 'active')
  account.signTx(tx)
  return JSON.stringify(tx)
}

/** Returns the base58 public key of the sponsor's secret key; throws ERR_BAD_INPUT if it is not one. */
export function sponsorPublicKey (sponsor: Sponsor): string {
  return sponsorKeyPair(sponsor).B58PubKey()
}

function sponsorKeyPair (sponsor: Sponsor): SdkKeyPair {
  let secret: Uint8Array
  try {
    secret = sdk.Bs58.decode(sponsor.secretKey)
  } catch (err) {
    throw new LedgerError('ERR_BAD_INPUT', `The secret key of sponsor ${sponsor.account} is not base58.`, { cause: err })
  }
  if (secret.length !== 32 && secret.length !== 64) {
    throw new LedgerError('ERR_BAD_INPUT', `The secret key of sponsor ${sponsor.account} is ${secret.length} bytes; an Ed25519 secret key is 32 or 64.`)
  }
  return new sdk.KeyPair(secret, sdk.Algorithm.Ed25519)
}
