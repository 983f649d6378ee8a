// The API's sync routes: one sync round with every authorised peer (or one), reported as it goes,
// and the open sessions with the pairs waiting to reconnect. Peers are named with their party, as
// the ledger knows them, so a person can tell the patient's phone from the clinic relay.
import { HttpError } from '@techo/http-server'
import { type SessionStats, type SyncLoad, type SyncProgress, type SyncService } from '@techo/sync'
import { CliError, EXIT, exitCodeFor } from '../cli/exit.js'
import { objectBody, type ApiRoute } from './routes.js'
import { type ChainStatus, type DaemonServices } from './services.js'

const SYNC_BODY_LIMIT = 4 * 1024
const MAX_TIMEOUT_MS = 10 * 60_000

/** Who a peer is, as far as the ledger knows. */
export interface PeerParty { party?: string, kind?: string }

/** One step of a sync round, for one peer and notebook. */
export type ProgressLine = Omit<SyncProgress, 'error'> & PeerParty & { error?: { code?: string, message: string } }

/** What `GET /api/peers` answers. */
export interface PeersAnswer {
  chain: ChainStatus
  sessions: Array<PeerParty & { peer: string, notebook: string, direction: string, access: string, inSync: boolean, stats: SessionStats }>
  retrying: Array<{ peer: string, notebook: string, failures: number, at: string }>
  /** Peers connected now, with or without a session. */
  connected: Array<PeerParty & { peer: string }>
  /** The notebooks this node carries, once it syncs. */
  load?: SyncLoad
}

/** The routes `techo sync` and `techo peers` use, over the daemon's services. */
export function syncRoutes (services: DaemonServices): ApiRoute[] {
  const partyOf = (peer: string): PeerParty => {
    const view = services.view()
    const party = view?.device(peer)?.party
    const kind = party === undefined ? undefined : view?.party(party)?.kind
    return { ...(party === undefined ? {} : { party }), ...(kind === undefined ? {} : { kind }) }
  }
  const line = (p: SyncProgress): ProgressLine => {
    const { error, ...rest } = p
    const code = (error as { code?: unknown } | undefined)?.code
    return { ...rest, ...partyOf(p.peer), ...(error === undefined ? {} : { error: { ...(typeof code === 'string' ? { code } : {}), message: error.message } }) }
  }
  return [
    {
      method: 'POST',
      path: '/api/sync',
      maxBody: SYNC_BODY_LIMIT,
      streams: true,
      handle: async ({ body, send }) => {
        const { peer, timeoutMs } = objectBody<{ peer?: unknown, timeoutMs?: unknown }>(body)
        if (peer !== undefined && (typeof peer !== 'string' || peer === '')) throw new HttpError(400, 'ERR_BAD_FIELD', 'In the request body, "peer" must be a PeerId or a multiaddr ending in /p2p/<peer id>.')
        if (timeoutMs !== undefined && !(Number.isSafeInteger(timeoutMs) && (timeoutMs as number) > 0 && (timeoutMs as number) <= MAX_TIMEOUT_MS)) {
          throw new HttpError(400, 'ERR_BAD_FIELD', `In the request body, "timeoutMs" must be a whole number of milliseconds up to ${MAX_TIMEOUT_MS}.`)
        }
        let results: SyncProgress[]
        try {
          results = await running(services).syncOnce(peer, {
            ...(timeoutMs === undefined ? {} : { timeoutMs: timeoutMs as number }),
            onProgress: p => { send({ progress: line(p) }) }
          })
        } catch (err) {
          // Only reaching a named peer can fail as a whole; libp2p's dial errors carry no stable code.
          if (exitCodeFor(err) !== EXIT.internal) throw err
          throw new CliError(`Could not reach ${String(peer)}: ${(err as Error).message}`, 'ERR_PEER_UNREACHABLE', EXIT.refused)
        }
        return results.map(line)
      }
    },
    {
      method: 'GET',
      path: '/api/peers',
      handle: async (): Promise<PeersAnswer> => {
        const sync = services.sync()
        const { sessions, retrying } = sync?.peers() ?? { sessions: [], retrying: [] }
        const load = await sync?.load()
        return {
          chain: services.chain(),
          sessions: sessions.map(s => ({ ...s, ...partyOf(s.peer) })),
          retrying: retrying.map(r => ({ ...r, at: r.at.toISOString() })),
          connected: services.connectedPeers().map(peer => ({ peer, ...partyOf(peer) })),
          ...(load === undefined ? {} : { load })
        }
      }
    }
  ]
}

/** The running sync service, or why there is none yet. */
export function running (services: DaemonServices): SyncService {
  const sync = services.sync()
  if (sync !== undefined) return sync
  const chain = services.chain()
  throw new CliError(`This node has not started syncing: it cannot follow the consent chain at ${chain.url} yet${chain.problem === undefined ? '' : ` (${chain.problem.replace(/\.$/, '')})`}.`, 'ERR_CHAIN_WAITING', EXIT.refused)
}
