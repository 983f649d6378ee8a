// Sealing a block. IOST hashes its protobuf block head; the dev chain hashes the same head
// fields (number, parent, transaction and receipt digests, witness, time) as JSON text, so
// hashes are stable and chained but are not bit-for-bit those of an IOST node.
import { sha3Base58 } from '@techo/iost'
import type { BlockRecord, ReceiptRecord } from './records.js'

/** What a block is made of before it has its digests and hash. */
export interface BlockContent {
  number: number
  parentHash: string
  witness: string
  /** Nanoseconds since the epoch. */
  time: bigint
  txHashes: string[]
  receipts: ReceiptRecord[]
}

/** Computes the block's digests and hash. */
export function sealBlock (content: BlockContent): BlockRecord {
  const txMerkleHash = sha3Base58(JSON.stringify(content.txHashes))
  const txReceiptMerkleHash = sha3Base58(JSON.stringify(content.receipts))
  const time = content.time.toString()
  const hash = sha3Base58(JSON.stringify([content.number, content.parentHash, txMerkleHash, txReceiptMerkleHash, content.witness, time]))
  const gasUsage = Math.round(content.receipts.reduce((sum, r) => sum + r.gasUsage, 0) * 100) / 100
  return {
    number: content.number,
    hash,
    parentHash: content.parentHash,
    txMerkleHash,
    txReceiptMerkleHash,
    witness: content.witness,
    time,
    gasUsage,
    txHashes: content.txHashes
  }
}
