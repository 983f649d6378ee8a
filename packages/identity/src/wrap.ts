import { xchacha20poly1305 } from '@noble/ciphers/chacha.js'
import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { IdentityError } from './errors.js'
import { checkSeed } from './master.js'

/** An X25519 key pair for receiving wrapped keys. */
export interface WrappingKeyPair {
  publicKey: Uint8Array
  secretKey: Uint8Array
}

// Layout of a wrapped key: version | ephemeral X25519 public key | XChaCha20-Poly1305 ciphertext.
const VERSION = 1
const HEADER = 1 + 32
const TAG = 16
const WRAP_INFO = utf8ToBytes('techo/wrap/v1')

/**
 * Derives the X25519 key pair of an Ed25519 seed by the standard Edwards-to-Montgomery map, so
 * anyone holding a party's Ed25519 public key (its id) can wrap a key for it.
 */
export function wrappingKeyPair (seed: Uint8Array): WrappingKeyPair {
  const secretKey = ed25519.utils.toMontgomerySecret(checkSeed(seed))
  return { publicKey: x25519.getPublicKey(secretKey), secretKey }
}

/** Returns the X25519 wrapping public key that belongs to an Ed25519 public key; throws ERR_BAD_PUBLIC_KEY otherwise. */
export function wrappingPublicKeyFor (ed25519PublicKey: Uint8Array): Uint8Array {
  if (!(ed25519PublicKey instanceof Uint8Array) || !ed25519.utils.isValidPublicKey(ed25519PublicKey, false)) {
    throw new IdentityError('ERR_BAD_PUBLIC_KEY', 'The Ed25519 public key is not 32 bytes encoding a curve point.')
  }
  return ed25519.utils.toMontgomery(ed25519PublicKey)
}

/** Encrypts a key so only the holder of the recipient's X25519 secret key can recover it; returns versioned bytes. */
export function wrapKey (recipientPublic: Uint8Array, key: Uint8Array): Uint8Array {
  if (!(key instanceof Uint8Array) || key.length === 0) {
    throw new IdentityError('ERR_BAD_KEY', 'The key to wrap must be a non-empty Uint8Array.')
  }
  const ephemeralSecret = x25519.utils.randomSecretKey()
  const header = concatBytes(Uint8Array.of(VERSION), x25519.getPublicKey(ephemeralSecret))
  const cipher = cipherFor(sharedSecret(ephemeralSecret, recipientPublic), header, recipientPublic)
  ephemeralSecret.fill(0)
  return concatBytes(header, cipher.encrypt(key))
}

/** Recovers a key wrapped by `wrapKey`; throws ERR_UNWRAP_FAILED if the bytes were altered or are for another key. */
export function unwrapKey (secretKey: Uint8Array, wrapped: Uint8Array): Uint8Array {
  if (!(wrapped instanceof Uint8Array) || wrapped.length < HEADER + TAG + 1) {
    throw new IdentityError('ERR_UNWRAP_FAILED', 'The wrapped key is too short to be one; it was truncated.')
  }
  if (wrapped[0] !== VERSION) {
    throw new IdentityError('ERR_UNWRAP_FAILED', `The wrapped key has format version ${wrapped[0]}; this build reads version ${VERSION}.`)
  }
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32) {
    throw new IdentityError('ERR_BAD_KEY', 'The X25519 secret key must be 32 bytes.')
  }
  const header = wrapped.subarray(0, HEADER)
  try {
    const shared = sharedSecret(secretKey, header.subarray(1))
    return cipherFor(shared, header, x25519.getPublicKey(secretKey)).decrypt(wrapped.subarray(HEADER))
  } catch (err) {
    throw new IdentityError('ERR_UNWRAP_FAILED', 'The wrapped key could not be opened: it was altered, or it was wrapped for a different key.', { cause: err })
  }
}

function sharedSecret (secret: Uint8Array, peerPublic: Uint8Array): Uint8Array {
  try {
    return x25519.getSharedSecret(secret, peerPublic)
  } catch (err) {
    throw new IdentityError('ERR_BAD_PUBLIC_KEY', 'The X25519 public key is malformed or of small order.', { cause: err })
  }
}

// Each ephemeral key is used once, so the key and nonce both come from HKDF; binding both
// public keys stops a wrapped key from being re-addressed to another recipient.
function cipherFor (shared: Uint8Array, header: Uint8Array, recipientPublic: Uint8Array): ReturnType<typeof xchacha20poly1305> {
  const okm = hkdf(sha256, shared, concatBytes(header.subarray(1), recipientPublic), WRAP_INFO, 32 + 24)
  shared.fill(0)
  return xchacha20poly1305(okm.subarray(0, 32), okm.subarray(32), header)
}
