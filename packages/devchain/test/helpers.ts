// Shared by the devchain-*.test.ts files: the real `iost` SDK (typed just enough), signing
// transactions with it, and talking to a dev chain over real HTTP.
import { createRequire } from 'node:module'
import type { DevChain } from '../src/index.js'

/** The parts of the `iost` SDK (0.1.22, untyped CommonJS) the tests use. */
export interface SdkKeyPair { B58PubKey: () => string, B58SecKey: () => string }
export interface SdkTx {
  addAction: (contract: string, abi: string, data: string) => void
  addSigner: (name: string, permission: string) => void
  addSign: (keyPair: SdkKeyPair) => void
  setChainID: (id: number) => void
  setTime: (expirationSeconds: number, delay: number, serverTimeDiffNs: number) => void
}
export interface SdkCallback { on: (event: 'pending' | 'success' | 'failed', f: (arg: unknown) => void) => SdkCallback }
export interface SdkAccount { addKeyPair: (kp: SdkKeyPair, permission: string) => void, signTx: (tx: SdkTx) => void }
export interface SdkRpc {
  net: { getNodeInfo: () => Promise<{ server_time: string }> }
  blockchain: {
    getChainInfo: () => Promise<Record<string, unknown>>
    getBlockByNum: (n: number, complete: boolean) => Promise<{ status: string, block: Record<string, unknown> }>
    getBlockByHash: (hash: string, complete: boolean) => Promise<{ status: string, block: Record<string, unknown> }>
    getContractStorage: (id: string, key: string, field: string) => Promise<{ data: string }>
    getContractStorageFields: (id: string, key: string) => Promise<{ fields: string[] }>
    getAccountInfo: (id: string, reversible: boolean) => Promise<Record<string, unknown>>
    getContract: (id: string, longest: boolean) => Promise<Record<string, unknown>>
    getGasRatio: () => Promise<{ lowest_gas_ratio: number, median_gas_ratio: number }>
  }
  transaction: {
    sendTx: (tx: SdkTx) => Promise<{ hash: string }>
    getTxByHash: (hash: string) => Promise<{ status: string, transaction: Record<string, unknown>, block_number: string }>
    getTxReceiptByTxHash: (hash: string) => Promise<Receipt>
  }
}
export interface Sdk {
  RPC: new (provider: unknown) => SdkRpc
  HTTPProvider: new (url: string) => unknown
  IOST: new (config: Record<string, unknown>) => {
    setRPC: (rpc: SdkRpc) => Promise<void>
    setAccount: (account: SdkAccount) => void
    callABI: (contract: string, abi: string, args: unknown[]) => SdkTx
    newAccount: (name: string, creator: string, owner: string, active: string, ram: number, gas: number) => SdkTx
    signAndSend: (tx: SdkTx) => SdkCallback
    serverTimeDiff: number
  }
  Tx: new (gasRatio: number, gasLimit: number) => SdkTx
  KeyPair: (new (secret: Uint8Array, algorithm?: number) => SdkKeyPair) & { newKeyPair: (algorithm?: number) => SdkKeyPair }
  Account: new (name: string) => SdkAccount
  Algorithm: { Ed25519: number }
  Bs58: { decode: (text: string) => Uint8Array }
}

/** A receipt as the node's API writes it. */
export interface Receipt {
  tx_hash: string
  gas_usage: number
  ram_usage: Record<string, string>
  status_code: string
  message: string
  returns: string[]
  receipts: Array<{ func_name: string, content: string }>
}

export const sdk = createRequire(import.meta.url)('iost') as Sdk

/** An SDK RPC client for the chain. */
export function rpcOf (chain: DevChain): SdkRpc {
  return new sdk.RPC(new sdk.HTTPProvider(chain.url))
}

/** A key pair from a base58 secret. */
export function keyPairOf (secret: string): SdkKeyPair {
  return new sdk.KeyPair(sdk.Bs58.decode(secret), sdk.Algorithm.Ed25519)
}

/** How to build a test transaction; defaults are the SDK's (ratio 1, limit 2,000,000, 90 s) on chain 1020, published by admin. */
export interface TxOptions {
  gasRatio?: number
  gasLimit?: number
  chainId?: number
  /** Shifts the transaction's time, in nanoseconds. */
  timeShiftNs?: number
  publisher?: { account: string, secretKey: string }
  signers?: Array<{ account: string, permission: string, secretKey?: string }>
}

/** Builds and signs a transaction with the SDK. */
export function signTx (chain: DevChain, actions: Array<[string, string, unknown[]]>, opts: TxOptions = {}): SdkTx {
  const tx = new sdk.Tx(opts.gasRatio ?? 1, opts.gasLimit ?? 2000000)
  for (const [contract, abi, args] of actions) tx.addAction(contract, abi, JSON.stringify(args))
  for (const s of opts.signers ?? []) tx.addSigner(s.account, s.permission)
  tx.setChainID(opts.chainId ?? chain.chainId)
  tx.setTime(90, 0, opts.timeShiftNs ?? 0)
  for (const s of opts.signers ?? []) if (s.secretKey !== undefined) tx.addSign(keyPairOf(s.secretKey))
  const publisher = opts.publisher ?? chain.admin
  const account = new sdk.Account(publisher.account)
  account.addKeyPair(keyPairOf(publisher.secretKey), 'active')
  account.signTx(tx)
  return tx
}

/** POSTs a raw body to the chain; returns the HTTP status and the parsed JSON answer. */
export async function post (chain: DevChain, path: string, body: string): Promise<{ status: number, json: Record<string, unknown> }> {
  const res = await fetch(chain.url + path, { method: 'POST', body, headers: { 'Content-Type': 'text/plain' } })
  return { status: res.status, json: await res.json() as Record<string, unknown> }
}

/** GETs a path; returns the HTTP status and the parsed JSON answer. */
export async function get (chain: DevChain, path: string): Promise<{ status: number, json: Record<string, unknown> }> {
  const res = await fetch(chain.url + path)
  return { status: res.status, json: await res.json() as Record<string, unknown> }
}

/** Sends a transaction, produces the next block and returns the receipt. */
export async function runTx (chain: DevChain, tx: SdkTx): Promise<Receipt> {
  const rpc = rpcOf(chain)
  const { hash } = await rpc.transaction.sendTx(tx)
  await chain.produceBlock()
  return await rpc.transaction.getTxReceiptByTxHash(hash)
}

/** The JSON setCode takes: IOST's contract form with an ABI of string-argument actions. */
export function contractCode (code: string, actions: Record<string, string[]>): string {
  const abi = Object.entries(actions).map(([name, args]) => ({ name, args, amountLimit: [] }))
  return JSON.stringify({ ID: '', info: { lang: 'javascript', version: '1.0.0', abi }, code })
}

/** Deploys a contract through system.iost setCode; returns its id. */
export async function deploy (chain: DevChain, code: string, actions: Record<string, string[]>): Promise<string> {
  const receipt = await runTx(chain, signTx(chain, [['system.iost', 'setCode', [contractCode(code, actions)]]]))
  if (receipt.status_code !== 'SUCCESS') throw new Error(`deploy failed: ${receipt.message}`)
  return (JSON.parse(receipt.returns[0] as string) as string[])[0] as string
}
