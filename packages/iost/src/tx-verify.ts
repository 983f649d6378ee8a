import { sha3_256 } from '@noble/hashes/sha3.js'
import { verifyByAlgorithm } from './algorithm.js'
import { encodedLength, encodeTransaction } from './tx-encode.js'
import { toParsedTx, type IostSignature, type ParsedTx } from './tx-parse.js'

/** The node's verdict on a transaction: `reason` is the node's own error text. */
export type TxVerdict = { ok: true } | { ok: false; reason: string }

/** The largest Full encoding the node accepts, in bytes (its self-check's size rule). */
export const MAX_TX_BYTES = 65536

/**
 * Runs the IOST node's transaction self-check (`VerifySelf`) in the node's order, first failure
 * winning: chain id, time and expiration, delay, size, gas ratio, gas limit, co-signer signatures
 * over the Base hash, a publisher signature present, publisher signatures over the Publish hash.
 * Nothing here reads the clock (the node's pool checks time separately). Throws ERR_BAD_TX_JSON
 * only for text the node could not decode at all.
 */
export function verifyTransaction (tx: string | ParsedTx, { chainId }: { chainId: number }): TxVerdict {
  const t = toParsedTx(tx)
  if (t.chainId !== chainId) return fail(`invalid chain_id, should be ${chainId}, yours:${t.chainId}`)
  if (t.time <= 0n || t.expiration <= t.time) return fail('invalid time and expiration')
  if (t.delay !== 0n) return fail('invalid delay time')
  const size = encodedLength(t)
  if (size > MAX_TX_BYTES) return fail(`tx size illegal, should <= ${MAX_TX_BYTES}, got ${size}`)
  const { base, publish } = encodeTransaction(t)
  if (t.internalGasRatio < 100n || t.internalGasRatio > 10000n) return fail('gas ratio illegal, should in [1, 100]')
  if (t.internalGasLimit < 600000n || t.internalGasLimit > 400000000n) return fail('gas limit illegal, should in [6000, 4000000]')
  if (!allVerify(t.signatures, sha3_256(base))) return fail('signer error')
  if (t.publisherSigs.length === 0) return fail('publisher empty error')
  if (!allVerify(t.publisherSigs, sha3_256(publish))) return fail('publisher error')
  return { ok: true }
}

function allVerify (signatures: IostSignature[], digest: Uint8Array): boolean {
  return signatures.every(s => verifyByAlgorithm(s.algorithm, digest, s.publicKey, s.signature))
}

function fail (reason: string): TxVerdict {
  return { ok: false, reason }
}
