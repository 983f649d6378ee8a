// The daemon: one process owns the data directory's database for as long as it runs, and serves
// the notebook (or, on a clinic node, its replicas), consent and sync to other techo commands and
// to the web notebook over a local HTTP API; given a certificate, also the phone app to other
// devices over a public HTTPS server. Starting and stopping happen in one order each, so a failure
// half-way releases what was taken.
import { nodeAccess } from '../access/clinic-notebook.js'
import { deviceCodeFor, type DeviceCode } from '../access/device-code.js'
import { localConsent, type CardHandler } from '../access/local-consent.js'
import type { TlsCertificate } from '@techo/http-server'
import type { LedgerView } from '@techo/ledger'
import type { TechoNode } from '@techo/net'
import type { SyncService } from '@techo/sync'
import type { ChainConfig } from '../cli/chain-settings.js'
import { dataDirFrom, type GlobalOptions } from '../cli/config.js'
import { CliError, EXIT } from '../cli/exit.js'
import { LocalSession } from '../session/session.js'
import { type Self } from '../session/self.js'
import { newToken } from './auth.js'
import { clinicRoutes } from './clinic-routes.js'
import { consentRoutes } from './consent-routes.js'
import { phoneRoutes, type PhoneNode } from './phone-routes.js'
import { startPhoneServer } from './phone-server.js'
import { findLiveDaemon, removeDaemonFile, writeDaemonFile, type DaemonInfo } from './daemon-file.js'
import { startHttpServer } from './http-server.js'
import { LastSync } from './last-sync.js'
import { startNotices, type Notices } from './notices.js'
import { syncedReplicas } from './replicas.js'
import { apiRoutes, type AccessFor, type DaemonStatus } from './routes.js'
import { serveRoleFor, type ServeRole } from './roles.js'
import { startServices, type ChainStatus } from './services.js'
import { syncRoutes } from './sync-routes.js'
import { loadWebAssets, pageFor } from './web-assets.js'

export interface DaemonOptions extends GlobalOptions {
  /** Default: the role of this node's identity. */
  role?: ServeRole
  /** Port of the API on 127.0.0.1; 0 picks any free port. */
  httpPort: number
  /** libp2p listen addresses; default: the node's own default. */
  listen?: string[]
  /** Addresses told to peers instead of the listen addresses (a relay behind a DNS name). */
  announce?: string[]
  /** Where to serve the phone app to other devices, over HTTPS with `tls` (which it needs). */
  phone?: { host: string, port: number }
  /** The clinic's certificate: the phone server's, and the relay's for wss beside ws. */
  tls?: TlsCertificate
  /** Clinic relays to connect to and keep (multiaddrs ending in /p2p/<peer id>). */
  bootstrap: string[]
  /** The consent chain to follow, sign on and anchor on. */
  chain: ChainConfig
  /** Told what the person running the daemon should see (sync sessions, refusals, revocations), one sentence each. */
  say: (line: string) => void
}

export interface Daemon {
  readonly dataDir: string
  readonly role: ServeRole
  readonly self: Self
  /** What daemon.json says: the API's URL and token, this process and its PeerId. */
  readonly info: DaemonInfo
  /** The web notebook's address, carrying the token in the fragment (which browsers never send). */
  readonly webUrl: string
  /** The phone app's address: the public HTTPS server's when there is one, else the local API's /phone/. */
  readonly phoneUrl: string
  /** The libp2p node's listen addresses. */
  addresses: () => string[]
  /** How following the consent chain stands. */
  chain: () => ChainStatus
  /** Stops serving and releases the database; safe to call more than once. */
  stop: () => Promise<void>
}

/** Opens the session (asking the passphrase once), starts the node and the API, and publishes daemon.json. */
export async function startDaemon (opts: DaemonOptions): Promise<Daemon> {
  const dataDir = dataDirFrom(opts.data)
  if (opts.phone !== undefined && opts.tls === undefined) throw new CliError('The phone app is served to other devices only over HTTPS: give the certificate and key (--tls-cert, --tls-key).')
  const running = await findLiveDaemon(dataDir)
  if (running !== undefined) {
    throw new CliError(`A techo daemon already serves ${dataDir} (process ${running.pid}, ${running.url}); stop it first.`, 'ERR_DAEMON_RUNNING', EXIT.refused)
  }
  const assets = await loadWebAssets()
  const session = await LocalSession.open(opts)
  // Undone in reverse order, on failure here or by stop().
  const undo: Array<() => Promise<void>> = [async () => await session.close()]
  try {
    const role = serveRoleFor(session.self, session.keystore.masterSeed !== undefined, opts.role)
    // Relays a patient connected to from a clinic's QR code are kept, like the ones given with --bootstrap.
    const bootstrap = [...new Set([...opts.bootstrap, ...await savedRelays(session)])]
    const lastSync = new LastSync()
    let notices: Notices | undefined
    const onSync = async (sync: SyncService, view: LedgerView, node: TechoNode): Promise<void> => {
      lastSync.follow(sync)
      notices = await startNotices(node, sync, view, session)
    }
    const { listen, announce, tls } = opts
    const services = await startServices({
      role, session, chain: opts.chain, bootstrap, say: opts.say, onSync,
      ...(listen === undefined ? {} : { listen }), ...(announce === undefined ? {} : { announce }), ...(tls === undefined ? {} : { tls })
    })
    undo.unshift(services.stop)
    undo.unshift(async () => { await notices?.stop() })
    const startedAt = new Date()
    const status = (): DaemonStatus => {
      const { url, ...chain } = services.chain()
      return {
        peerId: session.self.peerId,
        role,
        addresses: services.addresses(),
        startedAt: startedAt.toISOString(),
        uptimeSeconds: Math.floor((Date.now() - startedAt.getTime()) / 1000),
        chain: url,
        sync: { ...chain, sessions: services.sync()?.peers().sessions.length ?? 0 }
      }
    }
    // Requests borrow the daemon's session; only stop() closes it.
    const keep = async (): Promise<void> => {}
    const viewed = (patient: string): void => { notices?.viewed(patient) }
    const accessFor: AccessFor = async patient => nodeAccess(session, patient, () => syncedReplicas(services, session.self.party, viewed), keep)
    const deviceCode = async (): Promise<DeviceCode> => await deviceCodeFor(session.keystore, opts.chain, opts.chain.chainId)
    // A patient who grants from a clinic's URI connects to its relay at once, and again at every start.
    const onCard: CardHandler = async card => {
      if (card.addresses.length === 0) return
      await session.vault.consent.put(`relays/${card.clinic}`, card.addresses)
      await services.dial(card.addresses)
    }
    const phoneNode = (): PhoneNode => ({ role, party: session.self.party, peerId: session.self.peerId, websockets: services.addresses().filter(isWebSockets) })
    const phone = phoneRoutes(opts.chain, phoneNode, services.view)
    const routes = [
      ...apiRoutes(accessFor, status), ...consentRoutes(localConsent(session, opts.chain, onCard), deviceCode), ...syncRoutes(services),
      ...clinicRoutes(session, services, lastSync), ...phone
    ]
    const token = newToken()
    const http = await startHttpServer({ port: opts.httpPort, token, routes, assets: pageFor(assets, session.self.role) })
    undo.unshift(http.close)
    const phoneServer = opts.phone === undefined || tls === undefined ? undefined : await startPhoneServer({ ...opts.phone, tls, routes: phone, assets })
    if (phoneServer !== undefined) undo.unshift(phoneServer.close)
    const info: DaemonInfo = { url: http.url, token, pid: process.pid, peerId: session.self.peerId }
    writeDaemonFile(dataDir, info)
    undo.unshift(async () => { removeDaemonFile(dataDir, token) })
    let stopping: Promise<void> | undefined
    return {
      dataDir,
      role,
      self: session.self,
      info,
      webUrl: `${http.url}/#token=${token}`,
      phoneUrl: phoneServer?.url ?? `${http.url}/phone/`,
      addresses: services.addresses,
      chain: services.chain,
      stop: async () => { await (stopping ??= runAll(undo)) }
    }
  } catch (err) {
    await runAll(undo)
    throw err
  }
}

/** A WebSockets address a browser can dial: ws, or wss (/tls/ws, /wss). */
function isWebSockets (address: string): boolean {
  return /\/(ws|wss)\/p2p\//.test(address)
}

async function savedRelays (session: LocalSession): Promise<string[]> {
  return (await session.vault.consent.list('relays/')).flatMap(({ value }) => Array.isArray(value) ? value.filter((a): a is string => typeof a === 'string') : [])
}

// Runs every step even when one fails, so the database is released whatever else went wrong.
async function runAll (steps: Array<() => Promise<void>>): Promise<void> {
  let first: unknown
  for (const step of steps) {
    try {
      await step()
    } catch (err) {
      first ??= err
    }
  }
  if (first !== undefined) throw first
}
