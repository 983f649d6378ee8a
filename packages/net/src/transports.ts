// The transports of a node under Node.js: TCP with WebSockets beside it (phones in a browser reach
// clinic relays over WebSockets), or the in-memory transport for simulations. A browser build
// takes transports.browser.ts instead (the package's browser field).
import { memory } from '@libp2p/memory'
import { tcp } from '@libp2p/tcp'
import { webSockets } from '@libp2p/websockets'
import NodeWebSocket from 'ws'
import type { TLSCertificate, Transport } from '@libp2p/interface'
import { webSocketsWithTls } from './wss.js'

// @libp2p/websockets dials with the global WebSocket, which Node 20 lacks (22 has it): lend it ws's,
// which speaks the same interface but emits 'error' as a Node EventEmitter does, throwing (and
// ending the process) when nobody listens. A browser drops such an event, and the dialer relies on
// that: a dial it aborts stops listening, then closes the socket, whose refused connection or cut
// handshake still reports an error. So the lent WebSocket always hears its own errors.
class BrowserLikeWebSocket extends NodeWebSocket {
  constructor (...args: ConstructorParameters<typeof NodeWebSocket>) {
    super(...args)
    this.on('error', () => {})
  }
}
if (typeof globalThis.WebSocket === 'undefined') globalThis.WebSocket = BrowserLikeWebSocket as unknown as typeof WebSocket

/** Which transports a node uses: 'tcp' (TCP and WebSockets) and 'memory' under Node, 'browser' (WebSockets and WebRTC) in a browser. */
export type TransportKind = 'tcp' | 'memory' | 'browser'

/** The transport a node uses unless told otherwise, on this platform. */
export const DEFAULT_TRANSPORT: TransportKind = 'tcp'

type TransportFactory = (components: any) => Transport

/** What the platform's transports may be given: WebRTC's ICE servers (browser), a certificate for wss (Node). */
export interface TransportOptions { iceServers: RTCIceServer[], tls?: TLSCertificate }

/** The transports of `kind`, or the reason this platform cannot run it. */
export function transportsFor (kind: TransportKind, options: TransportOptions): TransportFactory[] | string {
  if (kind === 'tcp') return [tcp(), options.tls === undefined ? webSockets() : webSocketsWithTls(options.tls)]
  if (kind === 'memory') return options.tls === undefined ? [memory()] : 'tls applies to the "tcp" transport (its WebSockets), not to "memory"'
  return `transport must be "tcp" or "memory" under Node, not "${String(kind)}"`
}

/** Where a node listens by default: clinic relays on TCP and WebSockets on this machine, devices on TCP; a fresh memory address. */
export function defaultListen (kind: TransportKind, routing: boolean): string[] {
  if (kind === 'tcp') return routing ? ['/ip4/127.0.0.1/tcp/0', '/ip4/127.0.0.1/tcp/0/ws'] : ['/ip4/127.0.0.1/tcp/0']
  // Not the PeerId itself: libp2p would then think the address already names
  // the peer and leave off the /p2p/<id> suffix that dialling needs.
  return [`/memory/${crypto.randomUUID()}`]
}
