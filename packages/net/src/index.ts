// @techo/net: the libp2p v3 node every Techo device runs. The polyfill import
// comes first so it is in place before any libp2p code runs.
import './polyfill.js'

export { createTechoNode, DHT_PROTOCOL } from './node.js'
export type { NodeOptions, RelayOptions, Role, TechoNode, TechoServices } from './options.js'
export type { PeerPolicy } from './gater.js'
export { findPeer } from './find-peer.js'
export { STABLE_CONNECTION_MS } from './keep-peers.js'
export type { FindPeerOptions } from './find-peer.js'
export { dialProtocol, handleProtocol } from './streams.js'
export { peerIdFromString } from './peer-id.js'
export { NetError } from './errors.js'
export type { NetErrorCode } from './errors.js'
export { multiaddr } from '@multiformats/multiaddr'
export type { Multiaddr } from '@multiformats/multiaddr'
export type { Connection, PeerId, PrivateKey, Stream, StreamHandler } from '@libp2p/interface'
