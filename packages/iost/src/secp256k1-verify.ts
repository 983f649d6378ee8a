import { secp256k1 } from '@noble/curves/secp256k1.js'

/**
 * Verifies a secp256k1 ECDSA signature exactly as the IOST node does (decred's secp256k1 behind
 * go-iost's backend): a 64-byte r‖s with r, s in [1, N) and s not above N/2 (low-S), a public key
 * in compressed, uncompressed or hybrid form, and the message read as a big-endian number from
 * its first 32 bytes (shorter messages are left-padded), reduced mod N.
 */
export function secp256k1VerifyLikeGo (message: Uint8Array, publicKey: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false
  const key = unhybrid(publicKey)
  if (key === null) return false
  const digest = new Uint8Array(32)
  const head = message.subarray(0, 32)
  digest.set(head, 32 - head.length)
  try {
    return secp256k1.verify(signature, digest, key, { prehash: false, lowS: true, format: 'compact' })
  } catch {
    return false
  }
}

// Hybrid keys (0x06/0x07 + x + y, the prefix also stating y's parity) are accepted by decred but
// not by noble: check the parity claim and hand noble the plain uncompressed form (noble then
// checks the range of x and y and that the point is on the curve, as decred does).
function unhybrid (publicKey: Uint8Array): Uint8Array | null {
  const head = publicKey[0]
  if (publicKey.length !== 65 || (head !== 0x06 && head !== 0x07)) return publicKey
  const yIsOdd = ((publicKey[64] as number) & 1) === 1
  if (yIsOdd !== (head === 0x07)) return null
  const plain = Uint8Array.from(publicKey)
  plain[0] = 0x04
  return plain
}
