// Finding a device's addresses by PeerId. The DHT holds nothing else: no
// notebook ids, no patient keys, only who is reachable where.
import { CODE_P2P } from '@multiformats/multiaddr'
import createDebug from 'debug'
import { NetError } from './errors.js'
import { peerIdFromString } from './peer-id.js'
import type { TechoNode } from './options.js'
import type { PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

const log = createDebug('techo:net:find')

export interface FindPeerOptions {
  /** Give up after this long. Default 10 s. */
  timeoutMs?: number
  signal?: AbortSignal
  /** Answer from this node's peer store when it already knows addresses. Default true. */
  useCache?: boolean
}

/** Returns the addresses of `peer` (from the peer store, else the DHT), or throws ERR_PEER_NOT_FOUND in time. */
export async function findPeer (node: TechoNode, peer: PeerId | string, opts: FindPeerOptions = {}): Promise<Multiaddr[]> {
  const id = typeof peer === 'string' ? peerIdFromString(peer) : peer
  if (id.equals(node.peerId)) return node.getMultiaddrs()
  const timeoutMs = opts.timeoutMs ?? 10_000
  const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(opts.signal != null ? [opts.signal] : [])])
  try {
    let found = await node.peerRouting.findPeer(id, { signal, useCache: opts.useCache ?? true })
    // A peer store entry can exist without addresses (e.g. only tags): ask the network then.
    if (found.multiaddrs.length === 0 && opts.useCache !== false) found = await node.peerRouting.findPeer(id, { signal, useCache: false })
    if (found.multiaddrs.length > 0) {
      log('found %s at %o', id.toString(), found.multiaddrs.map(String))
      return found.multiaddrs.map(addr => withPeerId(addr, id))
    }
  } catch (err) {
    opts.signal?.throwIfAborted()
    log('finding %s failed: %s', id.toString(), (err as Error).message)
  }
  throw new NetError('ERR_PEER_NOT_FOUND', `Peer ${id.toString()} was not found within ${timeoutMs} ms; check that it is online and connected to a clinic relay.`)
}

// Peer stores keep addresses without the trailing /p2p/<id>. Dialling such a
// circuit address would reach the relay itself, so always name the peer.
function withPeerId (addr: Multiaddr, id: PeerId): Multiaddr {
  const last = addr.getComponents().at(-1)
  return last?.code === CODE_P2P && last.value === id.toString() ? addr : addr.encapsulate(`/p2p/${id.toString()}`)
}
