// `techo init`: a new identity, a new vault and (for a patient) a new, empty notebook.
import { createKeystore, sealKeystore } from '@techo/identity'
import { type Command } from 'commander'
import { mkdirSync } from 'node:fs'
import { dataDirFrom } from '../config.js'
import { CliError, EXIT } from '../exit.js'
import { readPassphrase } from '../passphrase.js'
import { printPhrase } from '../phrase.js'
import { createIdentity } from '../create-identity.js'
import { type GlobalOptions } from '../session.js'

export function registerInit (program: Command): void {
  program.command('init')
    .description('create your identity, recovery phrase and encrypted notebook in the data directory')
    .option('--party <kind>', 'patient or clinic', 'patient')
    .addHelpText('after', '\nThe recovery phrase is shown once: write it down. The passphrase comes from a prompt,\n--passphrase-file FILE or TECHO_PASSPHRASE.')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<GlobalOptions & { party: string }>()
      if (opts.party !== 'patient' && opts.party !== 'clinic') {
        throw new CliError(`--party must be patient or clinic, not ${JSON.stringify(opts.party)}.`)
      }
      const dataDir = dataDirFrom(opts.data)
      mkdirSync(dataDir, { recursive: true })
      const passphrase = await readPassphrase(opts, { confirm: true, prompt: 'Choose a passphrase: ' })
      const { keystore, phrase } = await createKeystore({ party: opts.party })
      if (phrase === undefined) throw new CliError('No recovery phrase was generated.', 'ERR_INTERNAL', EXIT.internal)
      const sealed = await sealKeystore(keystore, passphrase)
      const self = await createIdentity(dataDir, keystore, sealed)
      console.log(`Created a Techo ${opts.party} in ${dataDir}`)
      console.log(`  ${opts.party === 'patient' ? 'Patient' : 'Clinic'} id:  ${self.party}`)
      console.log(`  This device: ${self.peerId}`)
      if (self.notebook !== undefined) console.log(`  Notebook:    ${self.notebook}`)
      printPhrase(phrase)
    })
}
