// How strong a new passphrase must be, judged by zxcvbn (Dropbox's estimator, maintained as
// zxcvbn-ts): it counts the guesses a cracker trying common passwords, words, names, dates and
// keyboard patterns first would need. A copied keystore can be attacked offline, where scrypt holds
// a guess to a fraction of a second per core but a rented GPU farm tries thousands a second, so
// the bar is 10^10 guesses (zxcvbn's top score). The estimator and its word lists (~2 MB) load on
// first use only: opening a keystore never loads them. Runs unchanged in a browser.
import type { ZxcvbnFactory, ZxcvbnResult } from '@zxcvbn-ts/core'
import { IdentityError } from './errors.js'

const MIN_GUESSES_LOG10 = 10
const ADVICE = 'Use 4 or more random words, or a longer sentence only you would know.'

let estimator: Promise<ZxcvbnFactory> | undefined

/**
 * Refuses a passphrase that would be guessed too soon, with ERR_WEAK_PASSPHRASE and a message that
 * says why and what to choose instead. `userInputs` are words an attacker would try first (names).
 */
export async function checkPassphraseStrength (passphrase: string, userInputs: string[] = []): Promise<void> {
  if (typeof passphrase !== 'string' || passphrase.trim() === '') {
    throw new IdentityError('ERR_WEAK_PASSPHRASE', `The passphrase is empty. ${ADVICE}`)
  }
  const result = (await loadEstimator()).check(passphrase.normalize('NFKC'), ['techo', ...userInputs])
  if (result.guessesLog10 >= MIN_GUESSES_LOG10) return
  throw new IdentityError('ERR_WEAK_PASSPHRASE', `This passphrase is too easy to guess: ${reason(result)}. ${ADVICE}`)
}

/** zxcvbn's own warning when it has one ("this is a commonly used password"), else what the passphrase is made of. */
function reason (result: ZxcvbnResult): string {
  const warning = result.feedback.warning
  if (warning !== null && warning !== '') return warning.charAt(0).toLowerCase() + warning.slice(1).replace(/\.$/, '')
  if (result.sequence.some(match => match.pattern === 'dictionary')) return 'it is built from common words or names'
  return 'it is too short'
}

async function loadEstimator (): Promise<ZxcvbnFactory> {
  estimator ??= Promise.all([import('@zxcvbn-ts/core'), import('@zxcvbn-ts/language-common'), import('@zxcvbn-ts/language-en')])
    .then(([core, common, en]) => new core.ZxcvbnFactory({
      dictionary: { ...common.dictionary, ...en.dictionary },
      graphs: common.adjacencyGraphs,
      // zxcvbn's own words for a match on userInputs speak of a web page.
      translations: { ...en.translations, warnings: { ...en.translations.warnings, userInputs: 'It contains a word tied to you or to Techo.' } }
    }))
  return await estimator
}
