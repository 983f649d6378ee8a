// Record sealing: AES-256-GCM (aes.ts: node:crypto under Node, native and fast, because opening a
// notebook decrypts megabytes; aes.browser.ts: noble's in a browser; the same bytes either way).
//
// Record format: version (1 byte) | nonce (12) | ciphertext | tag (16).
// The associated data is the version byte plus the record's key name, so a
// record copied to another slot, chunk or notebook fails to authenticate.
// Nonces are random: each key stays far below the 2^32 records at which
// random 96-bit nonces start to risk a collision (one notebook key seals one
// record per save; the at-rest key seals small cache and audit records).
import { gcmDecrypt, gcmEncrypt } from './aes.js'
import { damaged } from './errors.js'

const VERSION = 1
const NONCE = 12
const TAG = 16
const utf8 = new TextEncoder()

/** Length of every symmetric key the vault uses. */
export const KEY_BYTES = 32

/** A fresh random 32-byte key. */
export function randomKey (): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(KEY_BYTES))
}

function associatedData (name: string): Uint8Array {
  const ad = utf8.encode('\0' + name)
  ad[0] = VERSION
  return ad
}

/** Encrypts `plaintext` for storage under the key name `name`. */
export function seal (key: Uint8Array, name: string, plaintext: Uint8Array): Uint8Array {
  const nonce = crypto.getRandomValues(new Uint8Array(NONCE))
  const body = gcmEncrypt(key, nonce, associatedData(name), plaintext)
  const out = new Uint8Array(1 + NONCE + body.length)
  out[0] = VERSION
  out.set(nonce, 1)
  out.set(body, 1 + NONCE)
  return out
}

/** Decrypts a record stored under `name`; throws ERR_DAMAGED_VAULT naming the key if it does not authenticate. */
export function unseal (key: Uint8Array, name: string, record: Uint8Array): Uint8Array {
  if (record.length < 1 + NONCE + TAG) throw damaged(name, 'it is too short to be an encrypted record')
  if (record[0] !== VERSION) throw damaged(name, `it has unknown record version ${record[0]}`)
  try {
    return gcmDecrypt(key, record.subarray(1, 1 + NONCE), associatedData(name), record.subarray(1 + NONCE))
  } catch (cause) {
    throw damaged(name, 'it fails authentication (altered, truncated or moved from another key)', cause)
  }
}
