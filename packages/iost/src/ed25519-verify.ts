import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToNumberLE, equalBytes } from '@noble/curves/utils.js'
import { sha512 } from '@noble/hashes/sha2.js'
import { concatBytes } from '@noble/hashes/utils.js'

const Point = ed25519.Point
const L = Point.Fn.ORDER

/**
 * Verifies an Ed25519 signature exactly as the IOST node does (Go's `crypto/ed25519.Verify`):
 * public key 32 bytes (Go panics otherwise, IOST recovers and answers false), signature 64 bytes,
 * S canonical (S < L), and the cofactorless check that [S]B - [k]A encodes to the signature's R
 * bytes. Go accepts non-canonical encodings of A and hashes A's bytes as given, so this does too;
 * noble's own `verify` differs in those corners (cofactored check, re-encoded A).
 */
export function ed25519VerifyLikeGo (message: Uint8Array, publicKey: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== 32 || signature.length !== 64) return false
  const s = bytesToNumberLE(signature.subarray(32))
  if (s >= L) return false
  let a: InstanceType<typeof Point>
  try {
    a = Point.fromBytes(publicKey, true)
  } catch {
    return false
  }
  const r = signature.subarray(0, 32)
  const k = bytesToNumberLE(sha512(concatBytes(r, publicKey, message))) % L
  const check = Point.BASE.multiplyUnsafe(s).subtract(a.multiplyUnsafe(k))
  return equalBytes(check.toBytes(), r)
}
