// Where a passphrase comes from: --passphrase-file, TECHO_PASSPHRASE, or a hidden prompt.
// Never from a plain flag: it would sit in the shell history and the process list.
import { readFileSync } from 'node:fs'
import { CliError, EXIT } from './exit.js'
import { readHidden } from './prompt.js'

export interface PassphraseSource { passphraseFile?: string }

/** True when readPassphrase would ask on the terminal (no file, no TECHO_PASSPHRASE). */
export function promptsForPassphrase (source: PassphraseSource): boolean {
  return source.passphraseFile === undefined && (process.env.TECHO_PASSPHRASE ?? '') === ''
}

/**
 * The passphrase, from the file, the environment or the terminal; `confirm` asks twice on a terminal.
 * `check` (a new passphrase's strength) runs on it before it is asked for again.
 */
export async function readPassphrase (source: PassphraseSource, opts: { confirm?: boolean, prompt?: string, check?: (passphrase: string) => Promise<void> } = {}): Promise<string> {
  const check = opts.check ?? (async () => {})
  if (source.passphraseFile !== undefined) {
    let text: string
    try {
      text = readFileSync(source.passphraseFile, 'utf8')
    } catch (err) {
      throw new CliError(`Cannot read the passphrase file ${source.passphraseFile}: ${(err as Error).message}.`, 'ERR_BAD_PASSPHRASE_FILE', EXIT.badInput)
    }
    const passphrase = text.replace(/\r?\n$/, '')
    await check(passphrase)
    return passphrase
  }
  const fromEnv = process.env.TECHO_PASSPHRASE
  if (fromEnv !== undefined && fromEnv !== '') {
    await check(fromEnv)
    return fromEnv
  }
  if (process.stdin.isTTY !== true) {
    throw new CliError('No passphrase given: use --passphrase-file FILE or TECHO_PASSPHRASE, or run in a terminal to be asked.')
  }
  const first = await readHidden(opts.prompt ?? 'Passphrase: ')
  await check(first)
  if (opts.confirm === true) {
    const second = await readHidden('Repeat passphrase: ')
    if (first !== second) throw new CliError('The two passphrases differ; nothing was created.', 'ERR_BAD_PASSPHRASE', EXIT.badInput)
  }
  return first
}
