// The transports of a node in a browser: WebSockets to clinic relays, and WebRTC to other devices
// (signalled through a relay's circuit; then direct where the networks allow). ICE servers are
// only those the caller names: none by default, so no third party's STUN server learns who talks
// to whom, and a page that has no network beyond its relay stays quiet.
import { webRTC } from '@libp2p/webrtc'
import { webSockets } from '@libp2p/websockets'
import type { Transport } from '@libp2p/interface'
import type { TransportKind, TransportOptions } from './transports.js'

/** The transport a node uses unless told otherwise, on this platform. */
export const DEFAULT_TRANSPORT: TransportKind = 'browser'

type TransportFactory = (components: any) => Transport

/** The transports of `kind`, or the reason this platform cannot run it. */
export function transportsFor (kind: TransportKind, options: TransportOptions): TransportFactory[] | string {
  // A browser cannot listen: a certificate has nothing to serve.
  if (options.tls !== undefined) return 'tls applies to a node that listens (under Node), not to a browser'
  if (kind === 'browser') return [webSockets(), webRTC({ rtcConfiguration: { iceServers: options.iceServers } })]
  return `transport must be "browser" in a browser, not "${String(kind)}"`
}

/** A browser cannot listen for connections: it is reached over WebRTC, signalled through its relay's circuit. */
export function defaultListen (_kind: TransportKind, _routing: boolean): string[] {
  return ['/webrtc']
}
