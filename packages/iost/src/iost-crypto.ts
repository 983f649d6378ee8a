import { sha3_256 } from '@noble/hashes/sha3.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { ALGORITHM_ED25519, ALGORITHM_SECP256K1, verifyByAlgorithm } from './algorithm.js'
import { base58Decode, base58Encode } from './base58.js'

/** Returns what `IOSTCrypto.sha3(text)` returns in a contract: base58 of SHA3-256 of the UTF-8 bytes. */
export function sha3Base58 (text: string): string {
  return base58Encode(sha3_256(utf8ToBytes(text)))
}

/**
 * Returns what `IOSTCrypto.verify(algo, message, signature, publicKey)` returns in a contract: 1 or
 * 0. `algo` must be exactly "ed25519" or "secp256k1"; the three base58 arguments are decoded
 * leniently (invalid text becomes empty bytes) and the message bytes are checked as they are.
 */
export function iostCryptoVerify (algo: string, msgB58: string, sigB58: string, pubB58: string): 0 | 1 {
  if (algo !== 'ed25519' && algo !== 'secp256k1') return 0
  const algorithm = algo === 'ed25519' ? ALGORITHM_ED25519 : ALGORITHM_SECP256K1
  return verifyByAlgorithm(algorithm, base58Decode(msgB58), base58Decode(pubB58), base58Decode(sigB58)) ? 1 : 0
}
