// `techo clinic register` and `techo device approve|revoke|code`: parties and their devices on chain.
// A device is approved with the approval code it makes (its proof that it holds its key).
import { type Command } from 'commander'
import { withConsent } from '../access/open-consent.js'
import { chainIdFrom, chainLocation, withChainOptions } from '../cli/chain-settings.js'
import { dataDirFrom, type GlobalOptions } from '../cli/config.js'
import { CliError } from '../cli/exit.js'
import { DEVICE_ROLES, isOneOf } from '../cli/vocabulary.js'
import type { DeviceCode } from '../access/device-code.js'

type Opts = GlobalOptions & { chain?: string, contract?: string }

export function registerParty (program: Command): void {
  const clinic = program.command('clinic').description('clinic administration')
  withChainOptions(clinic.command('register'))
    .description('register this clinic on chain and approve this node as its relay')
    .requiredOption('--name <name>', 'the clinic\'s name, shown to patients (signed by the clinic\'s key, never on chain)')
    .option('--address <text>', 'the clinic\'s postal address, shown to patients beside its name')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<Opts & { name: string, address?: string }>()
      const name = opts.name.trim()
      if (name === '') throw new CliError('--name must not be empty.')
      const address = opts.address?.trim()
      const { done, who } = await withConsent(opts, async c => ({ done: await c.registerClinic(name, address === '' ? undefined : address), who: await c.whoami() }))
      for (const d of done) console.log(`${d.said}\n  transaction ${d.tx}`)
      if (done.length === 0) console.log('This clinic and its relay were already registered.')
      console.log(`Clinic "${name}": give patients this id to grant access: ${who.party}`)
      console.log('`techo qr` prints the QR code patients scan to grant access (with the relay\'s address while `techo serve` runs).')
    })

  const device = program.command('device').description('approve or revoke this party\'s devices, or print this device\'s approval code')
  withChainOptions(device.command('approve <code>'))
    .description('approve a device for this party with the approval code it printed (`techo init --join`, `techo device code`), or this device by its PeerId')
    .requiredOption('--role <role>', `${DEVICE_ROLES.join(', ')}`)
    .action(async (code: string, _o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<Opts & { role: string }>()
      const role = opts.role
      if (!isOneOf(DEVICE_ROLES, role)) throw new CliError(`--role must be one of ${DEVICE_ROLES.join(', ')}, not ${JSON.stringify(role)}.`)
      const r = await withConsent(opts, async c => await c.approveDevice(code, role))
      console.log(`${r.said}\n  transaction ${r.tx}`)
    })
  withChainOptions(device.command('code'))
    .description('print this device\'s approval code: its proof that it holds its key, for the node with its party\'s master key to approve it')
    .action(async (_o: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<Opts>()
      const code = await thisDeviceCode(opts)
      console.log(`This device: ${code.peerId} (party ${code.party})`)
      console.log('To approve it, run on the node that holds the party\'s master key:')
      const { approveCommand } = await import('../access/device-code.js')
      console.log(`  ${approveCommand(code)}`)
    })
  withChainOptions(device.command('revoke <peerId>'))
    .description('revoke a device\'s approval; peers refuse it from the next block')
    .action(async (peerId: string, _o: unknown, cmd: Command) => {
      const r = await withConsent(cmd.optsWithGlobals<Opts>(), async c => await c.revokeDevice(peerId))
      console.log(`${r.said}\n  transaction ${r.tx}`)
    })
}

// Through the running daemon, which holds the device key, or from a session opened here.
async function thisDeviceCode (opts: Opts): Promise<DeviceCode> {
  const dataDir = dataDirFrom(opts.data)
  const daemon = await (await import('../access/live-daemon.js')).liveDaemonClient(dataDir)
  if (daemon !== undefined) return await daemon.call<DeviceCode>('GET', '/api/device-code')
  const [{ withSession }, { deviceCodeFor }] = await Promise.all([import('../session/session.js'), import('../access/device-code.js')])
  return await withSession(opts, async s => await deviceCodeFor(s.keystore, chainLocation(opts, dataDir), chainIdFrom(dataDir)))
}
