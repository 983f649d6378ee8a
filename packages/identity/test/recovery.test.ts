import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { IdentityError, fromBase58, generateRecoveryPhrase, masterKeyFromPhrase, validateRecoveryPhrase } from '../src/index.js'

// BIP-39's all-zero-entropy 24-word phrase. Its id was computed once (and cross-checked with an
// independent Python HKDF/Ed25519 implementation) and is pinned: if this test ever fails, the
// derivation changed and every existing patient would lose their identity.
const ZERO_PHRASE = 'abandon '.repeat(23) + 'art'
const ZERO_PHRASE_ID = '4f7eSNrhydRh6j1b11j1CREbjCRpxp6rB3vVowGhYXA8'
const ZERO_PHRASE_SEED_HEX = '21eb685aa07e391de42a5d0c514ef5d3472aeecaa8ecf5470eb578ab6120f7cb'

function phraseError (phrase: string): IdentityError {
  try {
    validateRecoveryPhrase(phrase)
  } catch (err) {
    assert.instance(err, IdentityError)
    assert.is((err as IdentityError).code, 'ERR_BAD_PHRASE')
    return err as IdentityError
  }
  throw new Error(`expected ${JSON.stringify(phrase)} to be refused`)
}

test('a new phrase has 24 English words, validates, and restores to the same id', () => {
  const phrase = generateRecoveryPhrase()
  const words = phrase.split(' ')
  assert.is(words.length, 24)
  for (const w of words) assert.ok(wordlist.includes(w), `${w} is a BIP-39 word`)
  validateRecoveryPhrase(phrase)
  const first = masterKeyFromPhrase(phrase)
  const restored = masterKeyFromPhrase(phrase)
  assert.is(restored.id, first.id)
  assert.equal(restored.seed, first.seed)
  assert.equal(restored.publicKey, first.publicKey)
})

test('two new phrases give two different identities', () => {
  const a = generateRecoveryPhrase()
  const b = generateRecoveryPhrase()
  assert.is.not(a, b)
  assert.is.not(masterKeyFromPhrase(a).id, masterKeyFromPhrase(b).id)
})

test('known answer: the all-zero phrase always gives the pinned master key', () => {
  const key = masterKeyFromPhrase(ZERO_PHRASE)
  assert.is(key.id, ZERO_PHRASE_ID)
  assert.is(Buffer.from(key.seed).toString('hex'), ZERO_PHRASE_SEED_HEX)
  assert.is(key.publicKey.length, 32)
})

test('a phrase typed with odd spacing, capitals or line breaks restores the same id', () => {
  const messy = '  ' + ZERO_PHRASE.toUpperCase().split(' ').join('  \n\t') + '\n'
  assert.is(masterKeyFromPhrase(messy).id, ZERO_PHRASE_ID)
  const ideographicSpaces = ZERO_PHRASE.split(' ').join('\u3000')
  assert.is(masterKeyFromPhrase(ideographicSpaces).id, ZERO_PHRASE_ID)
})

// IOST's storage key rule: 1 to 64 bytes, every character in 32..126 except '-' and '@'.
function isIostStorageKey (key: string): boolean {
  return key.length >= 1 && key.length <= 64 && [...key].every(c => c.charCodeAt(0) >= 32 && c.charCodeAt(0) <= 126 && c !== '-' && c !== '@')
}

test('the id is the base58 public key and a valid IOST storage key', () => {
  for (let i = 0; i < 20; i++) {
    const { id, publicKey } = masterKeyFromPhrase(generateRecoveryPhrase())
    assert.equal(fromBase58(id), publicKey)
    assert.ok(isIostStorageKey(id), id)
  }
  assert.is(ZERO_PHRASE_ID.length, 44)
})

test('a phrase with the wrong number of words says how many it has', () => {
  assert.match(phraseError('').message, 'has 0 words; it must have exactly 24')
  assert.match(phraseError('abandon').message, 'has 1 word;')
  const twelve = 'abandon '.repeat(11) + 'about'
  assert.match(phraseError(twelve).message, 'has 12 words; it must have exactly 24')
  assert.match(phraseError(ZERO_PHRASE + ' abandon').message, 'has 25 words')
})

test('an unknown word is named with its position', () => {
  const words = ZERO_PHRASE.split(' ')
  words[4] = 'abandn'
  const err = phraseError(words.join(' '))
  assert.match(err.message, 'Word 5 of the recovery phrase, "abandn", is not in the BIP-39 English word list')
})

test('swapped or replaced words fail the checksum with a clear message', () => {
  const words = ZERO_PHRASE.split(' ')
  ;[words[0], words[23]] = [words[23] as string, words[0] as string]
  assert.match(phraseError(words.join(' ')).message, 'fails its checksum')
  assert.match(phraseError('abandon '.repeat(24).trim()).message, 'fails its checksum')
})

test('a bad phrase gives no master key', () => {
  assert.throws(() => masterKeyFromPhrase('abandon '.repeat(24).trim()), (err: unknown) => (err as IdentityError).code === 'ERR_BAD_PHRASE')
})

test.run()
