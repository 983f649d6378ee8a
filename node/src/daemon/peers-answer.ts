// Who this node syncs with, named by party as the ledger knows them, so a person can tell the
// patient's phone from the clinic relay: what `techo peers` and the notebook's status panel show,
// from the daemon or from a phone's page alike.
import type { SessionStats, SyncLoad } from '@techo/sync'
import type { ChainStatus, DaemonServices } from './services.js'

/** Who a peer is, as far as the ledger knows. */
export interface PeerParty { party?: string, kind?: string }

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

/** The party of a peer's device and the party's kind, as far as the ledger view knows them. */
export function partyOfPeer (services: Pick<DaemonServices, 'view'>, peer: string): PeerParty {
  const view = services.view()
  const party = view?.device(peer)?.party
  const kind = party === undefined ? undefined : view?.party(party)?.kind
  return { ...(party === undefined ? {} : { party }), ...(kind === undefined ? {} : { kind }) }
}

/** The open sync sessions, the pairs waiting to reconnect, the connected peers (each with its party) and the node's load. */
export async function peersAnswer (services: Pick<DaemonServices, 'view' | 'sync' | 'chain' | 'connectedPeers'>): Promise<PeersAnswer> {
  const sync = services.sync()
  const { sessions, retrying } = sync?.peers() ?? { sessions: [], retrying: [] }
  const load = await sync?.load()
  return {
    chain: services.chain(),
    sessions: sessions.map(s => ({ ...s, ...partyOfPeer(services, s.peer) })),
    retrying: retrying.map(r => ({ ...r, at: r.at.toISOString() })),
    connected: services.connectedPeers().map(peer => ({ peer, ...partyOfPeer(services, peer) })),
    ...(load === undefined ? {} : { load })
  }
}
