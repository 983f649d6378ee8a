// The daemon: one process owns the data directory's database for as long as it runs, and serves
// the notebook to other techo commands and to the web notebook over a local HTTP API. Starting
// and stopping happen in one order each, so a failure half-way releases what was taken.
import { dataDirFrom } from '../config.js'
import { CliError, EXIT } from '../exit.js'
import { localAccess } from '../local-access.js'
import { LocalSession, type GlobalOptions, type Self } from '../session.js'
import { newToken } from './auth.js'
import { findLiveDaemon, removeDaemonFile, writeDaemonFile, type DaemonInfo } from './daemon-file.js'
import { startHttpServer } from './http-server.js'
import { apiRoutes, type DaemonStatus } from './routes.js'
import { type ServeRole } from './roles.js'
import { startServices } from './services.js'
import { buildWebAssets } from './web-assets.js'

export interface DaemonOptions extends GlobalOptions {
  /** Default: the role of this node's identity. */
  role?: ServeRole
  /** Port of the API on 127.0.0.1; 0 picks any free port. */
  httpPort: number
  /** libp2p listen addresses; default: the node's own default. */
  listen?: string[]
}

export interface Daemon {
  readonly dataDir: string
  readonly role: ServeRole
  readonly self: Self
  /** What daemon.json says: the API's URL and token, this process and its PeerId. */
  readonly info: DaemonInfo
  /** The web notebook's address, carrying the token in the fragment (which browsers never send). */
  readonly webUrl: string
  /** The libp2p node's listen addresses. */
  addresses: () => string[]
  /** Stops serving and releases the database; safe to call more than once. */
  stop: () => Promise<void>
}

/** Opens the session (asking the passphrase once), starts the node and the API, and publishes daemon.json. */
export async function startDaemon (opts: DaemonOptions): Promise<Daemon> {
  const dataDir = dataDirFrom(opts.data)
  const running = await findLiveDaemon(dataDir)
  if (running !== undefined) {
    throw new CliError(`A techo daemon already serves ${dataDir} (process ${running.pid}, ${running.url}); stop it first.`, 'ERR_DAEMON_RUNNING', EXIT.refused)
  }
  const assets = await buildWebAssets()
  const session = await openSession(opts)
  // Undone in reverse order, on failure here or by stop().
  const undo: Array<() => Promise<void>> = [async () => await session.close()]
  try {
    const role = opts.role ?? session.self.role
    checkRole(role, session.self)
    const services = await startServices(role, session, opts.listen)
    undo.unshift(services.stop)
    const startedAt = new Date()
    const status = (): DaemonStatus => ({
      peerId: session.self.peerId,
      role,
      addresses: services.addresses(),
      startedAt: startedAt.toISOString(),
      uptimeSeconds: Math.floor((Date.now() - startedAt.getTime()) / 1000)
    })
    const token = newToken()
    const http = await startHttpServer({ port: opts.httpPort, token, routes: apiRoutes(localAccess(session), status), assets })
    undo.unshift(http.close)
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
      addresses: services.addresses,
      stop: async () => { await (stopping ??= runAll(undo)) }
    }
  } catch (err) {
    await runAll(undo)
    throw err
  }
}

async function openSession (opts: GlobalOptions): Promise<LocalSession> {
  try {
    return await LocalSession.open(opts)
  } catch (err) {
    if ((err as { code?: unknown }).code !== 'ERR_NO_NOTEBOOK') throw err
    throw new CliError('This data directory holds a clinic identity; `techo serve` runs a patient\'s node for now, and clinic and relay daemons come with clinic sync.', 'ERR_NO_NOTEBOOK', EXIT.badInput)
  }
}

function checkRole (role: ServeRole, self: Self): void {
  const fits = self.role === 'patient' ? role === 'patient' : role !== 'patient'
  if (!fits) {
    const hint = self.role === 'patient' ? '--role patient' : '--role clinic or --role relay'
    throw new CliError(`This data directory holds a ${self.role} identity, which cannot serve as ${role}; use ${hint}.`, 'ERR_BAD_ROLE', EXIT.badInput)
  }
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
