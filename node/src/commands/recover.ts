// `techo recover`: the recovery phrase resets a forgotten passphrase on this device, or restores
// the identity on a new device, approved on the consent chain with the recovered master key (the
// notebook then returns from the clinics' replicas by sync).
import { type Command } from 'commander'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import type { Keystore } from '@techo/identity'
import { chainConfig, withChainOptions, type ChainFlags } from '../cli/chain-settings.js'
import { dataDirFrom, type GlobalOptions } from '../cli/config.js'
import { CliError, EXIT, describeError } from '../cli/exit.js'
import { readPassphrase } from '../cli/passphrase.js'
import { readHidden } from '../cli/prompt.js'

export function registerRecover (program: Command): void {
  withChainOptions(program.command('recover'))
    .description('reset a forgotten passphrase, or restore your identity on a new device, with your recovery phrase')
    .option('--phrase-file <file>', 'read the 24-word recovery phrase from this file instead of a prompt')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & ChainFlags & { phraseFile?: string }>()
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
      await approveThisDevice(opts, dataDir, keystore, self.peerId)
      console.log('Your readings return when this device syncs with a clinic you granted access to.')
    })
}

// A restored phone is a new device: clinics sync only with devices approved on chain. If the chain
// cannot approve it now, the exact command that will is printed instead.
async function approveThisDevice (opts: GlobalOptions & ChainFlags, dataDir: string, keystore: Keystore, peerId: string): Promise<void> {
  const later = ['techo', 'device', 'approve', peerId, '--role', 'phone', ...opts.data === undefined ? [] : ['--data', dataDir], ...opts.chain === undefined ? [] : ['--chain', opts.chain]]
  try {
    const [{ LocalSession }, { localConsent }] = await Promise.all([import('../session/session.js'), import('../access/local-consent.js')])
    const config = await chainConfig(opts, dataDir)
    const session = await LocalSession.unlocked(dataDir, keystore)
    try {
      for (const done of await localConsent(session, config).enrol()) console.log(`${done.said}\n  transaction ${done.tx}`)
    } finally {
      await session.close()
    }
  } catch (err) {
    console.log(`This device is not approved on the consent chain yet, so clinics will not sync with it: ${describeError(err)}`)
    console.log(`Once the chain answers, approve it with: ${later.map(arg => /^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg)).join(' ')}`)
  }
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
