// The dev chain on disk: one classic-level database holding blocks, transactions, receipts and
// the state map. Each block is written with all it changed in one atomic batch, so a crash
// leaves the chain at the last whole block.
import { ClassicLevel } from 'classic-level'
import { DevChainError } from './errors.js'
import type { BlockRecord, ReceiptRecord, TxRecord } from './records.js'

const MARK_KEY = 'meta!chain'
const MARK = 'techo-devchain/1'
const HEAD_KEY = 'meta!head'
const STATE = 'state!'
const blockKey = (n: number): string => `block!${String(n).padStart(16, '0')}`
const hashKey = (hash: string): string => `bhash!${hash}`
const txKey = (hash: string): string => `tx!${hash}`
const receiptKey = (hash: string): string => `rcpt!${hash}`

/** A block with everything it wrote, ready to store. */
export interface BlockWrite {
  block: BlockRecord
  txs: Array<{ hash: string, json: string }>
  receipts: ReceiptRecord[]
  state: Iterable<[string, string | null]>
}

type Db = ClassicLevel<string, unknown>

/** The chain's database. */
export class ChainStore {
  private readonly db: Db

  private constructor (db: Db) {
    this.db = db
  }

  /** Opens (or creates) the chain database in `dir`; refuses a locked or foreign database. */
  static async open (dir: string): Promise<ChainStore> {
    const db: Db = new ClassicLevel<string, unknown>(dir, { valueEncoding: 'json' })
    try {
      await db.open()
    } catch (err) {
      const locked = (err as { cause?: { code?: string } }).cause?.code === 'LEVEL_LOCKED'
      throw locked
        ? new DevChainError('ERR_CHAIN_DATA_LOCKED', `The chain data in ${dir} is in use by another process; stop it or choose another data directory.`, { cause: err })
        : new DevChainError('ERR_CHAIN_DATA_DAMAGED', `The chain data in ${dir} could not be opened; it is damaged or not a database.`, { cause: err })
    }
    const store = new ChainStore(db)
    const mark = await db.get(MARK_KEY)
    if (mark === undefined && await store.isEmpty()) {
      await db.put(MARK_KEY, MARK)
    } else if (mark !== MARK) {
      await db.close()
      throw new DevChainError('ERR_CHAIN_DATA_DAMAGED', `The directory ${dir} holds a database that is not dev-chain data; choose another data directory.`)
    }
    return store
  }

  private async isEmpty (): Promise<boolean> {
    return (await this.db.keys({ limit: 1 }).all()).length === 0
  }

  /** Returns every state entry. */
  async loadState (): Promise<Map<string, string>> {
    const state = new Map<string, string>()
    for await (const [key, value] of this.db.iterator({ gte: STATE, lt: STATE.slice(0, -1) + '"' })) {
      state.set(key.slice(STATE.length), value as string)
    }
    return state
  }

  /** Returns the newest block, or undefined for an empty chain. */
  async head (): Promise<BlockRecord | undefined> {
    const number = await this.db.get(HEAD_KEY) as number | undefined
    return number === undefined ? undefined : await this.block(number)
  }

  /** Writes a block, its transactions and receipts, its state changes and the new head, atomically. */
  async commit (write: BlockWrite): Promise<void> {
    const { block } = write
    const batch = this.db.batch()
    batch.put(blockKey(block.number), block)
    batch.put(hashKey(block.hash), block.number)
    for (const tx of write.txs) batch.put(txKey(tx.hash), { json: tx.json, blockNumber: block.number } satisfies TxRecord)
    for (const receipt of write.receipts) batch.put(receiptKey(receipt.txHash), receipt)
    for (const [key, value] of write.state) {
      if (value === null) batch.del(STATE + key)
      else batch.put(STATE + key, value)
    }
    batch.put(HEAD_KEY, block.number)
    await batch.write()
  }

  /** Returns a block by number. */
  async block (number: number): Promise<BlockRecord | undefined> {
    return await this.db.get(blockKey(number)) as BlockRecord | undefined
  }

  /** Returns a block's number by its hash. */
  async blockNumber (hash: string): Promise<number | undefined> {
    return await this.db.get(hashKey(hash)) as number | undefined
  }

  /** Returns a stored transaction. */
  async tx (hash: string): Promise<TxRecord | undefined> {
    return await this.db.get(txKey(hash)) as TxRecord | undefined
  }

  /** Returns a transaction's receipt. */
  async receipt (hash: string): Promise<ReceiptRecord | undefined> {
    return await this.db.get(receiptKey(hash)) as ReceiptRecord | undefined
  }

  /** Closes the database. */
  async close (): Promise<void> {
    await this.db.close()
  }
}
