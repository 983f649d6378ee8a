import { ed25519VerifyLikeGo } from './ed25519-verify.js'
import { secp256k1VerifyLikeGo } from './secp256k1-verify.js'

/** IOST's signature algorithm bytes, as they appear in a transaction's encoding. */
export const ALGORITHM_SECP256K1 = 1
/** IOST's signature algorithm bytes, as they appear in a transaction's encoding. */
export const ALGORITHM_ED25519 = 2

/**
 * Verifies a signature the way go-iost's `crypto.Algorithm(byte).Verify` does: byte 2 is Ed25519,
 * and every other byte (1, but also 0 or any unknown value) falls back to secp256k1.
 */
export function verifyByAlgorithm (algorithm: number, message: Uint8Array, publicKey: Uint8Array, signature: Uint8Array): boolean {
  return algorithm === ALGORITHM_ED25519
    ? ed25519VerifyLikeGo(message, publicKey, signature)
    : secp256k1VerifyLikeGo(message, publicKey, signature)
}
