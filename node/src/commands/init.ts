// `techo init`: a new identity, a new vault and (for a patient) a new, empty notebook.
import { type Command } from 'commander'
import { chainIdFrom, chainLocation, withChainOptions, type ChainFlags } from '../cli/chain-settings.js'
import { dataDirFrom, type GlobalOptions } from '../cli/config.js'
import { CliError, EXIT, describeError } from '../cli/exit.js'
import { readPassphrase } from '../cli/passphrase.js'
import { printPhrase } from '../cli/phrase.js'

export function registerInit (program: Command): void {
  withChainOptions(program.command('init'))
    .description('create your identity, recovery phrase and encrypted notebook in the data directory')
    .option('--party <kind>', 'patient or clinic', 'patient')
    .option('--join <clinicId>', 'make this a practitioner device of an existing clinic (its master key stays with the clinic)')
    .addHelpText('after', '\nThe recovery phrase is shown once: write it down. The passphrase comes from a prompt,\n--passphrase-file FILE or TECHO_PASSPHRASE.')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & ChainFlags & { party: string, join?: string }>()
      if (opts.party !== 'patient' && opts.party !== 'clinic') {
        throw new CliError(`--party must be patient or clinic, not ${JSON.stringify(opts.party)}.`)
      }
      const [identity, { createIdentity }] = await Promise.all([import('@techo/identity'), import('../session/create-identity.js')])
      if (opts.join !== undefined) {
        if (cmd.getOptionValueSource('party') === 'cli' && opts.party !== 'clinic') throw new CliError('--join makes a device of a clinic; leave out --party patient.')
        if (!identity.isPartyId(opts.join)) throw new CliError(`--join ${JSON.stringify(opts.join)} is not a clinic id (a base58 key of 43 or 44 characters, shown by \`techo clinic register\`).`, 'ERR_BAD_CLINIC', EXIT.badInput)
        // A practitioner device: the clinic's id without its master key, and a new device key the clinic approves.
        const dataDir = dataDirFrom(opts.data)
        const passphrase = await readPassphrase(opts, { confirm: true, prompt: 'Choose a passphrase: ', check: identity.checkPassphraseStrength })
        const { keystore } = await identity.createKeystore({ party: 'clinic', masterId: opts.join })
        const self = await createIdentity(dataDir, keystore, await identity.sealKeystore(keystore, passphrase))
        console.log(`Created a practitioner device of clinic ${opts.join} in ${dataDir}`)
        console.log(`  This device: ${self.peerId}`)
        // The approval code is this device's signature over the clinic, chain and contract: the chain tells the contract's id.
        const { approveCommand, deviceCodeFor } = await import('../access/device-code.js')
        const code = await deviceCodeFor(keystore, chainLocation(opts, dataDir), chainIdFrom(dataDir)).catch((err: unknown) => new Error(describeError(err)))
        if (code instanceof Error) {
          console.log(`Its approval code needs the consent chain, which did not answer: ${code.message}`)
          console.log('Once it does, run `techo device code` here and give the clinic the command it prints.')
        } else {
          console.log('Ask the clinic to approve it (on the node that holds the clinic\'s master key):')
          console.log(`  ${approveCommand(code)}`)
        }
        console.log('Then `techo serve --bootstrap <the clinic relay\'s address>` syncs the notebooks patients granted the clinic.')
        return
      }
      const dataDir = dataDirFrom(opts.data)
      const passphrase = await readPassphrase(opts, { confirm: true, prompt: 'Choose a passphrase: ', check: identity.checkPassphraseStrength })
      const { keystore, phrase } = await identity.createKeystore({ party: opts.party })
      if (phrase === undefined) throw new CliError('No recovery phrase was generated.', 'ERR_INTERNAL', EXIT.internal)
      const self = await createIdentity(dataDir, keystore, await identity.sealKeystore(keystore, passphrase))
      console.log(`Created a Techo ${opts.party} in ${dataDir}`)
      console.log(`  ${opts.party === 'patient' ? 'Patient' : 'Clinic'} id:  ${self.party}`)
      console.log(`  This device: ${self.peerId}`)
      if (self.notebook !== undefined) console.log(`  Notebook:    ${self.notebook}`)
      printPhrase(phrase)
    })
}
