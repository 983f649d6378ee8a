import { base58 } from '@scure/base'
import { IdentityError } from './errors.js'

// Bitcoin alphabet: the one IOST uses for keys, signatures and hashes.
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** Encodes bytes as base58 (Bitcoin alphabet). */
export function toBase58 (bytes: Uint8Array): string {
  return base58.encode(bytes)
}

/** Decodes base58 (Bitcoin alphabet) text; throws ERR_BAD_BASE58 naming the first bad character. */
export function fromBase58 (text: string): Uint8Array {
  if (typeof text !== 'string') {
    throw new IdentityError('ERR_BAD_BASE58', `Expected base58 text but got ${typeof text}.`)
  }
  for (let i = 0; i < text.length; i++) {
    if (!ALPHABET.includes(text[i] as string)) {
      throw new IdentityError('ERR_BAD_BASE58',
        `The base58 text ${describe(text)} has ${JSON.stringify(text[i])} at position ${i}, which is not a base58 character.`)
    }
  }
  return base58.decode(text)
}

// Long inputs are shortened so an error message stays one readable line.
function describe (text: string): string {
  return text.length <= 24 ? JSON.stringify(text) : `${JSON.stringify(text.slice(0, 16) + '…')} (${text.length} characters)`
}
