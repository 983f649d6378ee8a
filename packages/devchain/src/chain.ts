// The chain itself: committed state and head, the pool of accepted transactions, and block
// production (one block at a time: run the pending transactions in arrival order for at most
// PACK_BUDGET_MS, leaving the rest for the next block; seal, store in one batch, then make the
// block's state the committed state).
import createDebug from 'debug'
import { setImmediate } from 'node:timers/promises'
import { adminAccount, adminPublicKey } from './accounts.js'
import { sealBlock } from './block.js'
import { ADMIT_SLICE_MS, MAX_TX_AGE_NS, MAX_WAITING_ADMISSIONS, PACK_BUDGET_MS } from './constants.js'
import { DevChainError } from './errors.js'
import { executeTx } from './executor.js'
import type { AcceptedTx, BlockRecord, ReceiptRecord } from './records.js'
import { PendingPool } from './pending-pool.js'
import { NodeRefusal } from './refusal.js'
import { CommittedState, StateLayer } from './state-layer.js'
import { ChainStore } from './store.js'
import { admitTx } from './tx-pool.js'
import { WorldState, WorldView } from './world-state.js'

const log = createDebug('techo:ledger:devchain')

/** Nanoseconds since the epoch. */
export function nowNs (): bigint {
  return BigInt(Date.now()) * 1_000_000n
}

/** A running dev chain's core, without its HTTP face. */
export class Chain {
  readonly store: ChainStore
  readonly witness: string
  private readonly committed: CommittedState
  private headBlock: BlockRecord
  private readonly pool = new PendingPool()
  private admissions: Promise<unknown> = Promise.resolve()
  private waitingAdmissions = 0
  private pausedAt = 0
  // Hashes of the block being written: neither pending nor readable from the store yet.
  private readonly committing = new Set<string>()
  private queue: Promise<unknown> = Promise.resolve()
  private failure: DevChainError | null = null

  private constructor (store: ChainStore, committed: CommittedState, head: BlockRecord) {
    this.store = store
    this.committed = committed
    this.headBlock = head
    this.witness = adminPublicKey()
  }

  /** Opens the chain stored in `dir`, writing the genesis block (with the admin account) if it is new. */
  static async open (dir: string): Promise<Chain> {
    const store = await ChainStore.open(dir)
    try {
      const committed = new CommittedState(await store.loadState())
      const head = await store.head() ?? await genesis(store, committed)
      log('chain in %s at block %d', dir, head.number)
      return new Chain(store, committed, head)
    } catch (err) {
      await store.close()
      throw err instanceof DevChainError
        ? err
        : new DevChainError('ERR_CHAIN_DATA_DAMAGED', `The chain data in ${dir} could not be read; it is damaged.`, { cause: err })
    }
  }

  /** The newest block. */
  get head (): BlockRecord {
    return this.headBlock
  }

  /** The committed state (what the head block left). */
  view (): WorldView {
    return new WorldView(this.committed)
  }

  /** Transactions waiting for the next block, oldest first. */
  pendingTxs (): readonly AcceptedTx[] {
    return this.pool.list()
  }

  /**
   * Admits a `/sendTx` body into the pool; returns its hash or throws the node's refusal. Bodies
   * are checked one at a time, pausing for the event loop every ADMIT_SLICE_MS, so a flood of
   * costly junk waits its turn while blocks are made and reads are answered between; past
   * MAX_WAITING_ADMISSIONS waiting bodies, more are refused at once.
   */
  async sendTx (json: string): Promise<string> {
    if (this.waitingAdmissions >= MAX_WAITING_ADMISSIONS) {
      throw new NodeRefusal(`txpool is busy: ${this.waitingAdmissions} transactions are waiting to be checked; send again shortly`)
    }
    this.waitingAdmissions++
    const turn = this.admissions.then(async () => {
      // Checking bodies is CPU work: at most every ADMIT_SLICE_MS it pauses a turn, and blocks and reads go first.
      if (Date.now() - this.pausedAt > ADMIT_SLICE_MS) {
        await setImmediate()
        this.pausedAt = Date.now()
      }
      try {
        return await this.admit(json)
      } finally {
        this.waitingAdmissions--
      }
    })
    this.admissions = turn.catch(() => {})
    return await turn
  }

  private async admit (json: string): Promise<string> {
    const accepted = await admitTx(json, {
      world: this.view(),
      now: nowNs(),
      isPending: hash => this.pool.has(hash),
      isInChain: async hash => this.committing.has(hash) || await this.store.tx(hash) !== undefined,
      checkRoom: (publisher, text) => { this.pool.checkRoom(publisher, text) }
    })
    this.pool.add(accepted)
    log('tx %s pending', accepted.hash)
    return accepted.hash
  }

  /** Produces the next block from the pending transactions; resolves to its number. */
  async produceBlock (): Promise<number> {
    const next = this.queue.then(async () => await this.produce())
    this.queue = next.catch(() => {})
    return await next
  }

  /** Waits for the block being produced, if any. */
  async idle (): Promise<void> {
    await this.queue
  }

  private async produce (): Promise<number> {
    if (this.failure !== null) throw this.failure
    const txs = this.pool.takeAll()
    const parent = this.headBlock
    const time = maxBig(nowNs(), BigInt(parent.time) + 1n)
    const layer = new StateLayer(this.committed)
    const world = new WorldState(layer)
    const context = { number: parent.number + 1, time, parentHash: parent.hash, witness: this.witness }
    const included: AcceptedTx[] = []
    const receipts: ReceiptRecord[] = []
    const packing = Date.now()
    let next = 0
    for (; next < txs.length && (next === 0 || Date.now() - packing < PACK_BUDGET_MS); next++) {
      const tx = txs[next] as AcceptedTx
      // The node's producer drops what expired while waiting, without a receipt.
      if (tx.context.expiration <= time || time - tx.context.time > MAX_TX_AGE_NS) {
        log('tx %s expired before block %d', tx.hash, context.number)
        continue
      }
      included.push(tx)
      receipts.push(executeTx(world, tx, context))
    }
    this.pool.putBack(txs.slice(next))
    const block = sealBlock({ ...context, txHashes: included.map(t => t.hash), receipts })
    for (const tx of included) this.committing.add(tx.hash)
    try {
      await this.store.commit({ block, txs: included.map(t => ({ hash: t.hash, json: t.json })), receipts, state: layer.entries() })
    } catch (err) {
      this.failure = new DevChainError('ERR_CHAIN_STORE_FAILED', `Block ${block.number} could not be written, so the chain stopped: ${(err as Error).message}`, { cause: err })
      throw this.failure
    } finally {
      this.committing.clear()
    }
    this.committed.apply(layer.entries())
    this.headBlock = block
    log('block %d: %d txs', block.number, included.length)
    return block.number
  }
}

async function genesis (store: ChainStore, committed: CommittedState): Promise<BlockRecord> {
  const time = nowNs()
  const layer = new StateLayer(committed)
  new WorldState(layer).putAccount(adminAccount(time.toString()))
  const block = sealBlock({ number: 0, parentHash: '', witness: adminPublicKey(), time, txHashes: [], receipts: [] })
  await store.commit({ block, txs: [], receipts: [], state: layer.entries() })
  committed.apply(layer.entries())
  return block
}

function maxBig (a: bigint, b: bigint): bigint {
  return a > b ? a : b
}
