// What the daemon runs besides its HTTP API, started by role in this one place: the libp2p node
// (with the device key, so its PeerId is this device's identity) and, once it lands, sync.
import { deviceKeyFromBytes } from '@techo/identity'
import { createTechoNode, type TechoNode } from '@techo/net'
import { type LocalSession } from '../session.js'
import { type ServeRole } from './roles.js'

/** Something started that must be stopped before the database closes. */
interface Running { stop: () => Promise<void> }

/** What the services are started from. */
export interface ServiceContext { role: ServeRole, session: LocalSession, node: TechoNode }

/** The started services. */
export interface DaemonServices {
  /** The node's current listen addresses, each ending in /p2p/<peer id>. */
  addresses: () => string[]
  /** Stops every service, the node last. */
  stop: () => Promise<void>
}

/** Starts the libp2p node for `role` (listening on `listen`, or the node's default) and the role's services on it. */
export async function startServices (role: ServeRole, session: LocalSession, listen: string[] | undefined): Promise<DaemonServices> {
  const node = await createTechoNode({
    role,
    privateKey: deviceKeyFromBytes(session.keystore.device),
    ...(listen === undefined ? {} : { listen })
  })
  let running: Running[]
  try {
    running = await startSync({ role, session, node })
  } catch (err) {
    await node.stop()
    throw err
  }
  return {
    addresses: () => node.getMultiaddrs().map(String),
    stop: async () => {
      for (const service of [...running].reverse()) await service.stop()
      await node.stop()
    }
  }
}

/**
 * Consent-gated notebook sync for the role: @techo/sync's SyncService over `node`, the session's
 * vault and notebook, and the ledger view. It is wired here once @techo/sync lands; until then the
 * daemon serves its API and its node but does not sync.
 */
async function startSync (_context: ServiceContext): Promise<Running[]> {
  return []
}
