// Publishing transactions as the sponsor: build and sign with the SDK, send to every node, wait
// until a quorum of them show the same receipt, and turn any failure into a LedgerError. The
// transaction's hash is computed here, not taken from a node's answer.
import { hashTransaction } from '@techo/iost'
import createDebug from 'debug'
import { LedgerError } from './errors.js'
import { buildTransaction, type ActionCall, type Sponsor } from './iost-sdk.js'
import type { ChainNodes } from './nodes.js'
import { checkReceipt, waitForReceipt, type ReceiptWait } from './receipt.js'
import type { TxReceiptJson } from './rpc.js'

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

/** Publishes transactions for one sponsor on the chain's nodes. */
export class Publisher {
  private readonly nodes: ChainNodes
  private readonly sponsor: Sponsor
  private readonly settings: PublishSettings
  private clockOffset: Promise<number> | undefined

  constructor (nodes: ChainNodes, sponsor: Sponsor, settings: PublishSettings) {
    this.nodes = nodes
    this.sponsor = sponsor
    this.settings = settings
  }

  /** Sends one transaction with these calls; resolves once it succeeded in a block, throws a LedgerError otherwise. */
  async publish (calls: ActionCall[], gasLimit = this.settings.gasLimit): Promise<Published> {
    const serverTimeDiffNs = await this.serverTimeDiff()
    const json = buildTransaction(calls, this.sponsor, { ...this.settings, gasLimit, serverTimeDiffNs })
    const txHash = hashTransaction(json).hash
    await this.send(json, txHash)
    log('sent %s (%s)', txHash, calls.map(c => `${c.contract}/${c.action}`).join(', '))
    const receipt = checkReceipt(await waitForReceipt(this.nodes, txHash, this.settings), txHash)
    log('%s in a block, gas %d', txHash, receipt.gas_usage)
    return { txHash, receipt }
  }

  // To every node at once: one that takes it is enough (nodes pass transactions on); a node that
  // names another hash for it is not believed.
  private async send (json: string, txHash: string): Promise<void> {
    const answers = await Promise.allSettled(this.nodes.nodes.map(async node => await node.sendTx(json)))
    if (answers.some(a => a.status === 'fulfilled' && a.value === txHash)) return
    const refused = answers.find((a): a is PromiseRejectedResult => a.status === 'rejected')
    throw refused?.reason ?? new LedgerError('ERR_BAD_CHAIN_DATA', `The chain nodes (${this.nodes.url}) answered transaction ${txHash} with another hash; they are not to be trusted.`)
  }

  // The node refuses a transaction stamped more than 30 s in its future, so transactions are
  // stamped with the node's clock (as the SDK's setRPC does), measured once.
  private async serverTimeDiff (): Promise<number> {
    this.clockOffset ??= (async () => {
      const started = Date.now()
      const info = await this.nodes.any(async node => await node.nodeInfo())
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
