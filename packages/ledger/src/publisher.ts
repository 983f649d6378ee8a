// Publishing transactions as the sponsor: build and sign with the SDK, send, wait for the
// receipt, and turn any failure into a LedgerError.
import createDebug from 'debug'
import { buildTransaction, type ActionCall, type Sponsor } from './iost-sdk.js'
import { checkReceipt, waitForReceipt, type ReceiptWait } from './receipt.js'
import type { ChainRpc, TxReceiptJson } from './rpc.js'

const log = createDebug('techo:ledger:publish')

/** Gas, expiry and waiting settings for published transactions. */
export interface PublishSettings extends ReceiptWait {
  chainId: number
  gasRatio: number
  gasLimit: number
  expirationSeconds: number
}

/** A sent transaction's hash and its successful receipt. */
export interface Published { txHash: string, receipt: TxReceiptJson }

/** Publishes transactions for one sponsor on one node. */
export class Publisher {
  private readonly rpc: ChainRpc
  private readonly sponsor: Sponsor
  private readonly settings: PublishSettings
  private clockOffset: Promise<number> | undefined

  constructor (rpc: ChainRpc, sponsor: Sponsor, settings: PublishSettings) {
    this.rpc = rpc
    this.sponsor = sponsor
    this.settings = settings
  }

  /** Sends one transaction with these calls; resolves once it succeeded in a block, throws a LedgerError otherwise. */
  async publish (calls: ActionCall[], gasLimit = this.settings.gasLimit): Promise<Published> {
    const serverTimeDiffNs = await this.serverTimeDiff()
    const json = buildTransaction(calls, this.sponsor, { ...this.settings, gasLimit, serverTimeDiffNs })
    const txHash = await this.rpc.sendTx(json)
    log('sent %s (%s)', txHash, calls.map(c => `${c.contract}/${c.action}`).join(', '))
    const receipt = checkReceipt(await waitForReceipt(this.rpc, txHash, this.settings), txHash)
    log('%s in a block, gas %d', txHash, receipt.gas_usage)
    return { txHash, receipt }
  }

  // The node refuses a transaction stamped more than 30 s in its future, so transactions are
  // stamped with the node's clock (as the SDK's setRPC does), measured once.
  private async serverTimeDiff (): Promise<number> {
    this.clockOffset ??= (async () => {
      const started = Date.now()
      const info = await this.rpc.nodeInfo()
      const serverNs = Number(info.server_time)
      return Number.isFinite(serverNs) && Date.now() - started < 30_000 ? serverNs - started * 1e6 : 0
    })()
    try {
      return await this.clockOffset
    } catch (err) {
      this.clockOffset = undefined
      throw err
    }
  }
}
