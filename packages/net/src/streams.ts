// Protocol streams that also work through a clinic relay. libp2p marks a relayed
// connection "limited" when the relay caps it, and then runs only the handlers
// and dials that opt in; both sides of a Techo protocol always opt in, so a
// phone behind NAT is served exactly like a directly connected one.
import createDebug from 'debug'
import { NetError } from './errors.js'
import type { TechoNode } from './options.js'
import type { PeerId, Stream, StreamHandler, StreamHandlerOptions } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

const log = createDebug('techo:net:stream')

/** Opens a `protocol` stream to `peer` (dialling if needed, relayed connections included); failures are NetErrors. */
export async function dialProtocol (node: TechoNode, peer: PeerId | Multiaddr | Multiaddr[], protocol: string, opts: { signal?: AbortSignal } = {}): Promise<Stream> {
  try {
    return await node.dialProtocol(peer, protocol, { signal: opts.signal, runOnLimitedConnection: true })
  } catch (err) {
    log('opening %s to %s failed: %s', protocol, String(peer), (err as Error).message)
    dropDeadConnections(node, peer, err as Error)
    throw dialError(err as Error, String(peer), protocol)
  }
}

// libp2p (3.3) can keep listing a connection whose stream muxer has closed while its socket stays
// open, and hands it to every later stream to that peer, which then fails the same way for good
// (seen by the simulator when a bootstrap dial and a relay-link dial to one relay raced). Aborting
// it lets the next attempt use another connection or dial a fresh one.
function dropDeadConnections (node: TechoNode, peer: PeerId | Multiaddr | Multiaddr[], err: Error): void {
  if (err.name !== 'ConnectionClosedError' || !/muxer/.test(err.message) || Array.isArray(peer) || !('toMultihash' in peer)) return
  for (const connection of node.getConnections(peer)) {
    if (connection.status === 'open') connection.abort(err)
  }
}

/** Serves `protocol` with `handler(stream, connection)`, relayed connections included. */
export async function handleProtocol (node: TechoNode, protocol: string, handler: StreamHandler, opts: Omit<StreamHandlerOptions, 'runOnLimitedConnection'> = {}): Promise<void> {
  await node.handle(protocol, handler, { ...opts, runOnLimitedConnection: true })
}

function dialError (err: Error, peer: string, protocol: string): NetError {
  switch (err.name) {
    case 'DialDeniedError':
    case 'ConnectionInterceptedError':
      return new NetError('ERR_PEER_REFUSED', `This node's peer policy refuses ${peer}, so ${protocol} was not opened.`, { cause: err })
    case 'UnsupportedProtocolError':
      return new NetError('ERR_PROTOCOL_UNSUPPORTED', `Peer ${peer} does not serve ${protocol}.`, { cause: err })
    default:
      return new NetError('ERR_DIAL_FAILED', `Could not open ${protocol} to ${peer}: ${err.message}`, { cause: err })
  }
}
