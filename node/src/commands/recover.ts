// `techo recover`: the recovery phrase resets a forgotten passphrase on this device, or restores
// the identity on a new device (the notebook then returns from the clinics' replicas by sync).
import { type Command } from 'commander'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dataDirFrom, type GlobalOptions } from '../cli/config.js'
import { CliError, EXIT } from '../cli/exit.js'
import { readPassphrase } from '../cli/passphrase.js'
import { readHidden } from '../cli/prompt.js'

export function registerRecover (program: Command): void {
  program.command('recover')
    .description('reset a forgotten passphrase, or restore your identity on a new device, with your recovery phrase')
    .option('--phrase-file <file>', 'read the 24-word recovery phrase from this file instead of a prompt')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { phraseFile?: string }>()
      const dataDir = dataDirFrom(opts.data)
      const phrase = await readPhrase(opts.phraseFile)
      const [{ checkPassphraseStrength, createKeystore, sealKeystore, validateRecoveryPhrase }, { openVault }, { createIdentity }, { openRecovery, sealRecovery }] = await Promise.all([
        import('@techo/identity'), import('@techo/vault'), import('../session/create-identity.js'), import('../session/recovery-slot.js')
      ])
      validateRecoveryPhrase(phrase)
      const existing = existsSync(dataDir) ? await readRecoverySlot(dataDir) : undefined
      const passphrase = await readPassphrase(opts, { confirm: true, prompt: 'Choose a new passphrase: ', check: checkPassphraseStrength })
      if (existing !== undefined) {
        const keystore = openRecovery(phrase, existing)
        const vault = await openVault(dataDir)
        try {
          await vault.putSealedKeystore(await sealKeystore(keystore, passphrase), sealRecovery(keystore))
        } finally {
          await vault.close()
        }
        console.log(`Your passphrase for ${dataDir} is reset; your notebook and keys are unchanged.`)
        return
      }
      mkdirSync(dataDir, { recursive: true })
      const { keystore } = await createKeystore({ party: 'patient', phrase })
      const self = await createIdentity(dataDir, keystore, await sealKeystore(keystore, passphrase))
      console.log(`Restored patient ${self.party} on this new device (${self.peerId}) in ${dataDir}.`)
      console.log('Your readings return when this device syncs with a clinic you granted access to.')
    })
}

async function readPhrase (file: string | undefined): Promise<string> {
  if (file !== undefined) {
    try {
      return readFileSync(file, 'utf8').trim()
    } catch (err) {
      throw new CliError(`Cannot read the phrase file ${file}: ${(err as Error).message}.`, 'ERR_BAD_PHRASE_FILE', EXIT.badInput)
    }
  }
  if (process.stdin.isTTY !== true) throw new CliError('No recovery phrase given: use --phrase-file FILE, or run in a terminal to be asked.')
  return await readHidden('Recovery phrase (24 words): ')
}

async function readRecoverySlot (dataDir: string): Promise<Uint8Array | undefined> {
  const { openVault } = await import('@techo/vault')
  const vault = await openVault(dataDir)
  try {
    if (await vault.getSealedKeystore() === undefined) return undefined
    const slot = await vault.getRecovery()
    if (slot === undefined) throw new CliError(`The vault in ${dataDir} has no recovery slot, so the phrase cannot reopen it.`, 'ERR_NO_RECOVERY', EXIT.badInput)
    return slot
  } finally {
    await vault.close()
  }
}
