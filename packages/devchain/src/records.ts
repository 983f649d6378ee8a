// What the dev chain stores for each block, transaction and receipt (JSON in level).
import type { ReceiptEntry, TxContext } from './exec-scope.js'

/** IOST's receipt status codes, by name as the HTTP API writes them. */
export type StatusCode =
  | 'SUCCESS' | 'GAS_RUN_OUT' | 'BALANCE_NOT_ENOUGH' | 'WRONG_PARAMETER' | 'RUNTIME_ERROR'
  | 'TIMEOUT' | 'WRONG_TX_FORMAT' | 'DUPLICATE_SET_CODE' | 'UNKNOWN_ERROR'

/** A transaction's receipt. */
export interface ReceiptRecord {
  txHash: string
  /** Displayed gas (what IOST's API shows), the ratio included. */
  gasUsage: number
  /** RAM bytes per paying account; only non-zero entries. */
  ramUsage: Record<string, number>
  statusCode: StatusCode
  message: string
  returns: string[]
  receipts: ReceiptEntry[]
}

/** A transaction accepted into the pool: the JSON exactly as sent, and what running it needs. */
export interface AcceptedTx {
  hash: string
  json: string
  context: TxContext
  /** Bytes of the full encoding (IOST charges them). */
  fullLength: number
}

/** A block as stored. */
export interface BlockRecord {
  number: number
  hash: string
  parentHash: string
  txMerkleHash: string
  txReceiptMerkleHash: string
  witness: string
  /** Nanoseconds since the epoch, decimal. */
  time: string
  /** Displayed gas of all its transactions. */
  gasUsage: number
  txHashes: string[]
}

/** Where a transaction was included, and its JSON as sent. */
export interface TxRecord {
  json: string
  blockNumber: number
}
