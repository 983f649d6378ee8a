import { ed25519 } from '@noble/curves/ed25519.js'
import { sha3_256 } from '@noble/hashes/sha3.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { fromBase58, toBase58 } from './base58.js'
import { canonicalize, isWellFormedText } from './canonical.js'
import { masterKeyFromSeed } from './master.js'

/** A payload signed by a party's master key, in the form an IOST contract checks. */
export interface SignedPayload {
  /** The canonical JSON text that was signed. */
  payload: string
  /** base58 of the 64-byte Ed25519 signature over sha3-256(UTF-8 of `payload`). */
  signature: string
  /** base58 of the signer's 32-byte Ed25519 public key (its party id). */
  signer: string
}

/** Returns sha3-256 (FIPS 202) of the UTF-8 bytes of the value's canonical JSON. */
export function payloadDigest (payload: unknown): Uint8Array {
  return sha3_256(utf8ToBytes(canonicalize(payload)))
}

/**
 * Signs the canonical JSON of a payload with a 32-byte Ed25519 seed. The signature covers the
 * 32 digest bytes, so a contract checks it as
 * `IOSTCrypto.verify("ed25519", IOSTCrypto.sha3(payload), signature, signer)`.
 */
export function signPayload (seed: Uint8Array, payload: unknown): SignedPayload {
  const { seed: checked, id } = masterKeyFromSeed(seed)
  const text = canonicalize(payload)
  const signature = ed25519.sign(sha3_256(utf8ToBytes(text)), checked)
  return { payload: text, signature: toBase58(signature), signer: id }
}

/**
 * Returns true only if `signature` is the signer's Ed25519 signature over sha3-256 of the
 * `payload` text exactly as given; false (never a throw) for anything malformed.
 */
export function verifyPayload (signed: SignedPayload): boolean {
  try {
    const { payload, signature, signer } = signed
    if (typeof payload !== 'string' || !isWellFormedText(payload)) return false
    const sig = fromBase58(signature)
    const publicKey = fromBase58(signer)
    if (sig.length !== 64 || publicKey.length !== 32) return false
    // Strict RFC 8032 decoding (no ZIP-215 leniency); S >= L is refused as the IOST node refuses it.
    return ed25519.verify(sig, sha3_256(utf8ToBytes(payload)), publicKey, { zip215: false })
  } catch {
    return false
  }
}
