// Who this node syncs with, named by party as the ledger knows them, so a person can tell the
// patient's phone from the clinic relay: what `techo peers` and the notebook's status panel show,
// from the daemon or from a phone's page alike.
import type { SessionStats } from '@techo/sync'
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
}

/** The party of a peer's device and the party's kind, as far as the ledger view knows them. */
export function partyOfPeer (services: Pick<DaemonServices, 'view'>, peer: string): PeerParty {
  const view = services.view()
  const party = view?.device(peer)?.party
  const kind = party === undefined ? undefined : view?.party(party)?.kind
  return { ...(party === undefined ? {} : { party }), ...(kind === undefined ? {} : { kind }) }
}

/** The open sync sessions, the pairs waiting to reconnect and the connected peers, each with its party. */
export function peersAnswer (services: Pick<DaemonServices, 'view' | 'sync' | 'chain' | 'connectedPeers'>): PeersAnswer {
  const { sessions, retrying } = services.sync()?.peers() ?? { sessions: [], retrying: [] }
  return {
    chain: services.chain(),
    sessions: sessions.map(s => ({ ...s, ...partyOfPeer(services, s.peer) })),
    retrying: retrying.map(r => ({ ...r, at: r.at.toISOString() })),
    connected: services.connectedPeers().map(peer => ({ peer, ...partyOfPeer(services, peer) }))
  }
}
