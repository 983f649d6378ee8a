// `techo serve`: runs this node as a daemon until Ctrl+C (SIGINT) or SIGTERM: its libp2p node,
// consent-gated sync with the devices the chain authorises, a local API and the web notebook.
// While it runs, other techo commands on the same data directory work through it.
import { type Command } from 'commander'
import { chainConfig, withChainOptions, type ChainFlags } from '../cli/chain-settings.js'
import { dataDirFrom, setting, type GlobalOptions } from '../cli/config.js'
import { CliError } from '../cli/exit.js'
import { phoneServing, type PhoneFlags } from '../cli/phone-settings.js'
import { SERVE_ROLES, type ServeRole } from '../daemon/roles.js'

interface ServeFlags extends GlobalOptions, ChainFlags, PhoneFlags { role?: string, httpPort?: string, listen?: string[], announce?: string[], bootstrap?: string[] }

export function registerServe (program: Command): void {
  withChainOptions(program.command('serve'))
    .description('run this node as a daemon: the libp2p node, consent-gated sync, a local API and the web notebook')
    .option('--role <role>', `${SERVE_ROLES.join(', ')} (default: patient for a patient; relay for a clinic's master node; practitioner for a device that joined a clinic)`)
    .option('--http-port <n>', 'port of the local API and web notebook on 127.0.0.1; 0 picks any free port (default 7420)')
    .option('--listen <multiaddr...>', 'libp2p listen addresses (default /ip4/127.0.0.1/tcp/0, this machine only)')
    .option('--announce <multiaddr...>', 'addresses peers and phones are told instead of the listen addresses, e.g. /dns4/clinic.example/tcp/443/tls/ws behind a DNS name')
    .option('--phone-listen <address:port>', 'also serve the phone app to other devices, over HTTPS, on this address (e.g. 0.0.0.0:8443); needs --tls-cert and --tls-key')
    .option('--tls-cert <file>', 'this clinic\'s certificate (PEM): for --phone-listen, and wss beside ws on the relay\'s WebSockets addresses')
    .option('--tls-key <file>', 'the certificate\'s private key (PEM, without a passphrase)')
    .option('--bootstrap <multiaddr...>', 'clinic relays to connect to and keep, each ending in /p2p/<peer id> (or TECHO_BOOTSTRAP, comma-separated)')
    .addHelpText('after', '\nThe passphrase is asked once. While the daemon runs, other techo commands on this data\n' +
      'directory go through it without a passphrase. The web notebook link it prints carries the\n' +
      'access token: open it only in your own browser. Ctrl+C stops the daemon.')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.optsWithGlobals<ServeFlags>()
      const dataDir = dataDirFrom(opts.data)
      // Checked before the passphrase is asked: a typo costs nothing.
      const role = roleFrom(setting('role', opts.role, dataDir, ''))
      const httpPort = portFrom(setting('httpPort', opts.httpPort, dataDir, '7420'))
      const listen = opts.listen ?? listFrom(setting('listen', undefined, dataDir, ''))
      const announce = opts.announce ?? listFrom(setting('announce', undefined, dataDir, ''))
      const { phone, tls } = phoneServing(opts, dataDir)
      const bootstrap = opts.bootstrap ?? listFrom(setting('bootstrap', undefined, dataDir, '')) ?? []
      const chain = await chainConfig(opts, dataDir)
      // Lines from the running services wait until the start-up summary is out.
      let started = false
      const early: string[] = []
      const say = (line: string): void => {
        const stamped = stampedNow(line)
        if (started) console.log(stamped)
        else early.push(stamped)
      }
      // Loaded here so that other commands do not pay for libp2p at start-up.
      const [{ startDaemon }, { daemonFilePath }, { installLastResort }] = await Promise.all([import('../daemon/daemon.js'), import('../daemon/daemon-file.js'), import('../daemon/last-resort.js')])
      const removeLastResort = installLastResort(process, line => { process.stderr.write(stampedNow(line) + '\n') })
      const daemon = await startDaemon({ data: opts.data, passphraseFile: opts.passphraseFile, httpPort, role, listen, announce, phone, tls, bootstrap, chain, say })
        .catch((err: unknown) => { removeLastResort(); throw err })
      const stopSignal = nextSignal()
      const addresses = daemon.addresses()
      const following = daemon.chain()
      console.log(`Techo ${daemon.role} node serving ${dataDir}`)
      console.log(`  Peer ID:       ${daemon.self.peerId}`)
      console.log(`  Addresses:     ${addresses.length === 0 ? '(none)' : addresses.join('\n                 ')}`)
      console.log(`  Chain:         ${following.url} (${following.following ? `following, block ${following.block ?? 0}` : 'not answering yet; sync starts once it does'})`)
      if (bootstrap.length > 0) console.log(`  Bootstrap:     ${bootstrap.join('\n                 ')}`)
      // A clinic's node serves the clinic workspace where a patient's serves the web notebook.
      console.log(`  ${daemon.self.role === 'clinic' ? 'Workspace:   ' : 'Web notebook:'}  ${daemon.webUrl}`)
      console.log(`  Phone app:     ${daemon.phoneUrl} (a patient's notebook and node in the browser${daemon.role === 'relay' || daemon.role === 'clinic' ? ', granting this clinic' : ''})`)
      console.log(`  Local API:     ${daemon.info.url}/api/ (token in ${daemonFilePath(dataDir)})`)
      console.log('Other techo commands on this data directory now go through this daemon. Press Ctrl+C to stop.')
      started = true
      for (const line of early.splice(0)) console.log(line)
      console.log(`Stopping (${await stopSignal})…`)
      await daemon.stop()
      removeLastResort()
      console.log(`Stopped; ${daemon.self.role === 'patient' ? 'the notebook is' : 'the replicas are'} closed.`)
    })
}

/** A daemon's log line, stamped with the time of day. */
function stampedNow (line: string): string {
  return `[${new Date().toTimeString().slice(0, 8)}] ${line}`
}

// `once`: a second Ctrl+C while stopping finds no handler and ends the process at once.
async function nextSignal (): Promise<NodeJS.Signals> {
  return await new Promise(resolve => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on)
      process.off('SIGTERM', on)
      resolve(signal)
    }
    process.once('SIGINT', on)
    process.once('SIGTERM', on)
  })
}

function roleFrom (text: string): ServeRole | undefined {
  if (text === '') return undefined
  const role = SERVE_ROLES.find(r => r === text)
  if (role === undefined) throw new CliError(`--role must be one of ${SERVE_ROLES.join(', ')}, not ${JSON.stringify(text)}.`)
  return role
}

function portFrom (text: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN
  if (!(port >= 0 && port <= 65535)) throw new CliError(`--http-port must be a port number from 0 to 65535, not ${JSON.stringify(text)}.`)
  return port
}

// TECHO_LISTEN, TECHO_ANNOUNCE, TECHO_BOOTSTRAP and config.json hold comma-separated lists.
function listFrom (text: string): string[] | undefined {
  const list = text.split(',').map(s => s.trim()).filter(s => s !== '')
  return list.length === 0 ? undefined : list
}
