import { ed25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { toBase58 } from './base58.js'
import { IdentityError } from './errors.js'
import { bip39SeedFromPhrase } from './recovery.js'

/** A party's master key: the Ed25519 seed, its public key, and the base58 public key used as the party id. */
export interface MasterKey {
  seed: Uint8Array
  publicKey: Uint8Array
  id: string
}

// Changing this label (or anything in the derivation) gives every patient a different id and
// locks them out of their notebook: a new derivation needs a new label, never an edit of this one.
const MASTER_INFO = utf8ToBytes('techo/master/v1')

/** Derives the same master key from the same recovery phrase, always; throws ERR_BAD_PHRASE if it is invalid. */
export function masterKeyFromPhrase (phrase: string): MasterKey {
  const bip39Seed = bip39SeedFromPhrase(phrase)
  const seed = hkdf(sha256, bip39Seed, undefined, MASTER_INFO, 32)
  bip39Seed.fill(0)
  return masterKeyFromSeed(seed)
}

/** Returns the master key of a 32-byte Ed25519 seed (as stored in a keystore); throws ERR_BAD_SEED otherwise. */
export function masterKeyFromSeed (seed: Uint8Array): MasterKey {
  const checked = checkSeed(seed)
  const publicKey = ed25519.getPublicKey(checked)
  return { seed: checked, publicKey, id: toBase58(publicKey) }
}

/** Returns the seed unchanged if it is 32 bytes; throws ERR_BAD_SEED naming what is wrong otherwise. */
export function checkSeed (seed: Uint8Array): Uint8Array {
  if (!(seed instanceof Uint8Array)) {
    throw new IdentityError('ERR_BAD_SEED', 'The Ed25519 seed must be a Uint8Array.')
  }
  if (seed.length !== 32) {
    throw new IdentityError('ERR_BAD_SEED', `The Ed25519 seed must be 32 bytes, not ${seed.length}.`)
  }
  return seed
}
