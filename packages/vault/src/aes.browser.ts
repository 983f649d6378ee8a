// AES-256-GCM in a browser: noble's, synchronous like node:crypto's (WebCrypto's is async only),
// byte for byte the same records.
import { gcm } from '@noble/ciphers/aes.js'

/** Encrypts `plain`; returns the ciphertext followed by the 16-byte tag. */
export function gcmEncrypt (key: Uint8Array, nonce: Uint8Array, ad: Uint8Array, plain: Uint8Array): Uint8Array {
  return gcm(key, nonce, ad).encrypt(plain)
}

/** Decrypts ciphertext-and-tag; throws if it does not authenticate. */
export function gcmDecrypt (key: Uint8Array, nonce: Uint8Array, ad: Uint8Array, sealed: Uint8Array): Uint8Array {
  return gcm(key, nonce, ad).decrypt(sealed)
}
