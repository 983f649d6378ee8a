import { base58 } from '@scure/base'

/** Encodes bytes as base58 with the Bitcoin alphabet, as IOST writes hashes, keys and signatures. */
export function base58Encode (bytes: Uint8Array): string {
  return base58.encode(bytes)
}

/**
 * Decodes base58 the way the IOST node does (btcutil's `base58.Decode`): text with any character
 * outside the alphabet decodes to empty bytes instead of failing. Contracts see exactly this, so
 * `IOSTCrypto.verify` given garbage checks a signature against zero-length input.
 */
export function base58Decode (text: string): Uint8Array {
  try {
    return base58.decode(text)
  } catch {
    return new Uint8Array(0)
  }
}
