// The shapes a caller passes to createTechoNode and gets back.
import type { PeerPolicy } from './gater.js'
import type { TransportKind } from './transports.js'
import type { CircuitRelayService } from '@libp2p/circuit-relay-v2'
import type { Identify, IdentifyPush } from '@libp2p/identify'
import type { Libp2p, PrivateKey, TLSCertificate } from '@libp2p/interface'
import type { KadDHT } from '@libp2p/kad-dht'
import type { Ping } from '@libp2p/ping'

/** What a device is: clinic relays route and relay, phones and practitioner devices are clients. */
export type Role = 'patient' | 'practitioner' | 'clinic' | 'relay'

export interface RelayOptions {
  /** Devices that may hold a circuit slot at once (libp2p's default of 15 is far too few for a clinic). Default 1024. */
  maxReservations?: number
  /** Connections kept before pruning starts. Default 2000. */
  maxConnections?: number
  /** Caps every relayed connection. Default: none, because only admitted devices reach the relay at all. */
  circuitLimit?: { dataBytes: bigint, durationMs: number }
}

export interface NodeOptions {
  role: Role
  /** The device key: libp2p's raw Ed25519 form (seed ‖ public key, 64 bytes) or a libp2p key; its PeerId is the device identity Noise authenticates. */
  privateKey: Uint8Array | PrivateKey
  /**
   * Under Node 'tcp' (the default: TCP, and WebSockets beside it) or 'memory' (nodes of one process
   * without sockets, for simulations); in a browser 'browser' (WebSockets and WebRTC), its only one.
   */
  transport?: TransportKind
  /** STUN and TURN servers WebRTC may use (browser only). Default none: only the addresses the devices themselves see. */
  iceServers?: RTCIceServer[]
  /**
   * Direct listen addresses. Default /ip4/127.0.0.1/tcp/0 (relay and clinic: and /ip4/127.0.0.1/tcp/0/ws),
   * a fresh /memory/<uuid>, or /webrtc in a browser. Pass [] for a device behind NAT.
   */
  listen?: string[]
  /**
   * The addresses other peers are told instead of the listen addresses: where they reach this node
   * from outside, e.g. /dns4/clinic.example/tcp/443/tls/ws behind a DNS name and a port forward.
   */
  announce?: string[]
  /**
   * A PEM certificate and key ('tcp' transport): the WebSockets listeners serve wss beside ws on
   * their port and advertise it as /tls/ws, so pages served over https can dial them.
   */
  tls?: TLSCertificate
  /** Multiaddrs (with /p2p/<id>) of clinic relays to dial at start and keep; they are always admitted. */
  bootstrap?: string[]
  /** Who may connect; without one every peer that completes Noise is accepted. */
  policy?: PeerPolicy
  /** Relay and clinic roles only. */
  relay?: RelayOptions
  /** Ping every connection and drop dead ones. Default true (every 10 s); false or a slower interval for big simulations. */
  connectionMonitor?: boolean | { pingIntervalMs: number }
}

// A type alias, not an interface: libp2p's ServiceMap needs an implicit index signature.
export type TechoServices = {
  identify: Identify
  identifyPush: IdentifyPush
  ping: Ping
  dht: KadDHT
  /** Present on relay and clinic nodes. */
  relay?: CircuitRelayService
}

/** A started libp2p node configured for its Techo role. */
export type TechoNode = Libp2p<TechoServices>
