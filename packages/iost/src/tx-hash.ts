import { sha3_256 } from '@noble/hashes/sha3.js'
import { base58Encode } from './base58.js'
import { encodeTransaction } from './tx-encode.js'
import type { ParsedTx } from './tx-parse.js'

/** A transaction's three hashes, base58 as the node prints them. */
export interface TxHashes {
  /** The transaction hash (of the Full encoding): the id `/getTxReceiptByTxHash` takes. */
  hash: string
  /** The hash co-signers sign (Base encoding). */
  baseHash: string
  /** The hash the publisher signs (Publish encoding). */
  publishHash: string
}

/** Returns the hashes the IOST node computes for this transaction, whether or not it is valid. */
export function hashTransaction (tx: string | ParsedTx): TxHashes {
  const { base, publish, full } = encodeTransaction(tx)
  return {
    hash: base58Encode(sha3_256(full)),
    baseHash: base58Encode(sha3_256(base)),
    publishHash: base58Encode(sha3_256(publish))
  }
}
