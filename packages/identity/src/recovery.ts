import { generateMnemonic, mnemonicToSeedSync, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { IdentityError } from './errors.js'

/** Words in every Techo recovery phrase: 24 words carry 256 bits of entropy. */
export const RECOVERY_PHRASE_WORDS = 24

const KNOWN_WORDS = new Set(wordlist)

/** Returns a fresh 24-word BIP-39 English recovery phrase (256 bits of entropy). */
export function generateRecoveryPhrase (): string {
  return generateMnemonic(wordlist, 256)
}

/** Returns the phrase as BIP-39 expects it: NFKD, lower case, single spaces, no edge whitespace. */
export function normaliseRecoveryPhrase (phrase: string): string {
  if (typeof phrase !== 'string') {
    throw new IdentityError('ERR_BAD_PHRASE', `The recovery phrase must be text, not ${typeof phrase}.`)
  }
  return phrase.normalize('NFKD').toLowerCase().trim().split(/\s+/u).filter(w => w !== '').join(' ')
}

/** Throws ERR_BAD_PHRASE naming the problem (word count, unknown word, checksum) unless the phrase is valid. */
export function validateRecoveryPhrase (phrase: string): void {
  const normal = normaliseRecoveryPhrase(phrase)
  const words = normal === '' ? [] : normal.split(' ')
  if (words.length !== RECOVERY_PHRASE_WORDS) {
    throw new IdentityError('ERR_BAD_PHRASE',
      `The recovery phrase has ${words.length} word${words.length === 1 ? '' : 's'}; it must have exactly ${RECOVERY_PHRASE_WORDS}.`)
  }
  const unknown = words.findIndex(w => !KNOWN_WORDS.has(w))
  if (unknown >= 0) {
    throw new IdentityError('ERR_BAD_PHRASE',
      `Word ${unknown + 1} of the recovery phrase, "${words[unknown]}", is not in the BIP-39 English word list; check its spelling.`)
  }
  if (!validateMnemonic(normal, wordlist)) {
    throw new IdentityError('ERR_BAD_PHRASE',
      'The recovery phrase fails its checksum: a word is wrong or out of order; check each word against your written copy.')
  }
}

/** Returns the 64-byte BIP-39 seed (empty BIP-39 passphrase) of a phrase, after validating it. */
export function bip39SeedFromPhrase (phrase: string): Uint8Array {
  validateRecoveryPhrase(phrase)
  return mnemonicToSeedSync(normaliseRecoveryPhrase(phrase))
}
