// `techo clinic register` and `techo device approve|revoke`: parties and their devices on chain.
import { type Command } from 'commander'
import { withConsent } from '../access/open-consent.js'
import { withChainOptions } from '../cli/chain-settings.js'
import { type GlobalOptions } from '../cli/config.js'
import { CliError } from '../cli/exit.js'
import { DEVICE_ROLES, isOneOf } from '../cli/vocabulary.js'

type Opts = GlobalOptions & { chain?: string, contract?: string }

export function registerParty (program: Command): void {
  const clinic = program.command('clinic').description('clinic administration')
  withChainOptions(clinic.command('register'))
    .description('register this clinic on chain and approve this node as its relay')
    .requiredOption('--name <name>', 'the clinic\'s name, shown to patients (kept locally, never on chain)')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<Opts & { name: string }>()
      const name = opts.name.trim()
      if (name === '') throw new CliError('--name must not be empty.')
      const { done, who } = await withConsent(opts, async c => ({ done: await c.registerClinic(name), who: await c.whoami() }))
      for (const d of done) console.log(`${d.said}\n  transaction ${d.tx}`)
      if (done.length === 0) console.log('This clinic and its relay were already registered.')
      console.log(`Clinic "${name}": give patients this id to grant access: ${who.party}`)
    })

  const device = program.command('device').description('approve or revoke this party\'s devices')
  withChainOptions(device.command('approve <peerId>'))
    .description('approve a device (its PeerId, shown by `techo serve`) for this party')
    .requiredOption('--role <role>', `${DEVICE_ROLES.join(', ')}`)
    .action(async (peerId: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<Opts & { role: string }>()
      const role = opts.role
      if (!isOneOf(DEVICE_ROLES, role)) throw new CliError(`--role must be one of ${DEVICE_ROLES.join(', ')}, not ${JSON.stringify(role)}.`)
      const r = await withConsent(opts, async c => await c.approveDevice(peerId, role))
      console.log(`${r.said}\n  transaction ${r.tx}`)
    })
  withChainOptions(device.command('revoke <peerId>'))
    .description('revoke a device\'s approval; peers refuse it from the next block')
    .action(async (peerId: string, _o: unknown, cmd: Command) => {
      const r = await withConsent(cmd.optsWithGlobals<Opts>(), async c => await c.revokeDevice(peerId))
      console.log(`${r.said}\n  transaction ${r.tx}`)
    })
}
