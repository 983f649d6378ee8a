// AES-256-GCM under Node: node:crypto's native code (AES-NI).
import { createCipheriv, createDecipheriv } from 'node:crypto'

const TAG = 16

/** Encrypts `plain`; returns the ciphertext followed by the 16-byte tag. */
export function gcmEncrypt (key: Uint8Array, nonce: Uint8Array, ad: Uint8Array, plain: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(ad)
  const body = cipher.update(plain)
  cipher.final()
  const out = new Uint8Array(body.length + TAG)
  out.set(body)
  out.set(cipher.getAuthTag(), body.length)
  return out
}

/** Decrypts ciphertext-and-tag; throws if it does not authenticate. */
export function gcmDecrypt (key: Uint8Array, nonce: Uint8Array, ad: Uint8Array, sealed: Uint8Array): Uint8Array {
  const decipher = createDecipheriv('aes-256-gcm', key, nonce)
  decipher.setAAD(ad)
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG))
  const plain = decipher.update(sealed.subarray(0, sealed.length - TAG))
  decipher.final()
  return new Uint8Array(plain.buffer, plain.byteOffset, plain.length)
}
