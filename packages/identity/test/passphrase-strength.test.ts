// A new passphrase must resist an offline attack on a copied keystore: weak ones are refused with
// the reason and what to choose instead; the passphrases the tests and the demo use pass.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { IdentityError, checkPassphraseStrength } from '../src/index.js'

async function refusal (passphrase: string): Promise<string> {
  const outcome = await checkPassphraseStrength(passphrase).then(() => undefined, (err: unknown) => err)
  assert.instance(outcome, IdentityError, `${JSON.stringify(passphrase)} was accepted`)
  const err = outcome as IdentityError
  assert.is(err.code, 'ERR_WEAK_PASSPHRASE')
  assert.match(err.message, 'Use 4 or more random words')
  return err.message
}

test('weak passphrases are refused, each with the reason', async () => {
  assert.match(await refusal('a'), 'This passphrase is too easy to guess: it is too short.')
  assert.match(await refusal('password1'), 'too easy to guess: this is a commonly used password.')
  assert.match(await refusal('john1985'), 'this is similar to a commonly used password')
  assert.match(await refusal('zxcvbnm,./'), 'straight rows of keys on your keyboard are easy to guess')
  assert.match(await refusal('abcdefghij'), /sequences/)
  assert.match(await refusal('kiwi lamp'), 'it is built from common words or names')
  assert.match(await refusal('techo2026'), 'it contains a word tied to you or to Techo')
  assert.match(await refusal('   '), 'The passphrase is empty.')
})

test('long and unusual passphrases pass, including the tests\' and the quick start\'s', async () => {
  for (const good of ['daemon test passphrase, long enough', 'demo passphrase', 'correct horse battery staple', 'kiwi lamp orbit velvet', 'これは日本語のパスフレーズです']) {
    await checkPassphraseStrength(good)
  }
})

test.run()
