// The node factory; its transports are the platform's (transports.ts). Two profiles: clinic relays
// (relay, clinic) are DHT servers and circuit relay servers sized for a waiting room of phones;
// devices (patient, practitioner) are DHT clients reachable through their relay.
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { circuitRelayServer, circuitRelayTransport } from '@libp2p/circuit-relay-v2'
import { identify, identifyPush } from '@libp2p/identify'
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht'
import { privateKeyFromRaw } from '@libp2p/crypto/keys'
import { ping } from '@libp2p/ping'
import { CODE_P2P, multiaddr } from '@multiformats/multiaddr'
import createDebug from 'debug'
import { createLibp2p } from 'libp2p'
import { NetError } from './errors.js'
import { policyGater } from './gater.js'
import { keepPeers } from './keep-peers.js'
import { peerIdFromString } from './peer-id.js'
import { DEFAULT_TRANSPORT, defaultListen, transportsFor } from './transports.js'
import type { NodeOptions, Role, TechoNode, TechoServices } from './options.js'
import type { PeerId, PrivateKey } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'
import type { ServiceFactoryMap } from 'libp2p'

const log = createDebug('techo:net')

/** The private Kademlia protocol: Techo nodes never join (or leak into) the public IPFS DHT. */
export const DHT_PROTOCOL = '/techo/kad/1.0.0'

const ROLES: readonly Role[] = ['patient', 'practitioner', 'clinic', 'relay']
const isRouting = (role: Role): boolean => role === 'relay' || role === 'clinic'

// The device's Ed25519 key as libp2p takes it: from its 64 raw bytes, or a libp2p key as it is.
function deviceKey (key: Uint8Array | PrivateKey | undefined): PrivateKey {
  if (key instanceof Uint8Array) {
    if (key.length !== 64) throw badOption(`privateKey must be a 64-byte raw Ed25519 key (seed and public key), not ${key.length} bytes`)
    return privateKeyFromRaw(key)
  }
  if (key?.type !== 'Ed25519') throw badOption('privateKey must be the device\'s Ed25519 private key')
  return key
}

/** Creates and starts a libp2p node for `opts.role`; returns once each bootstrap relay is connected or has failed (at most ~5 s). */
export async function createTechoNode (opts: NodeOptions): Promise<TechoNode> {
  if (!ROLES.includes(opts.role)) throw badOption(`role must be one of ${ROLES.join(', ')}, not "${String(opts.role)}"`)
  const privateKey = deviceKey(opts.privateKey)
  const routing = isRouting(opts.role)
  const transport = opts.transport ?? DEFAULT_TRANSPORT
  const transports = transportsFor(transport, { iceServers: opts.iceServers ?? [], ...(opts.tls === undefined ? {} : { tls: opts.tls }) })
  if (typeof transports === 'string') throw badOption(transports)
  if (opts.relay != null && !routing) throw badOption(`relay options apply to relay and clinic nodes, not to a ${opts.role}`)

  const bootstrap = (opts.bootstrap ?? []).map(parseBootstrap)
  const listen = (opts.listen ?? defaultListen(transport, routing)).map(a => parseAddress('listen', a))
  const announce = (opts.announce ?? []).map(a => parseAddress('announce', a))
  // A device behind NAT is reachable through a circuit slot on its relay.
  if (!routing) listen.push('/p2p-circuit')

  const node = await createLibp2p<TechoServices>({
    start: false,
    privateKey,
    addresses: { listen, announce },
    transports: [...transports, circuitRelayTransport()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: policyGater(opts.policy, new Set(bootstrap.map(b => b.peerId.toString()))),
    connectionManager: connectionLimits(opts),
    connectionMonitor: monitorOptions(opts.connectionMonitor),
    services: services(opts)
  })
  const keeper = keepPeers(node, bootstrap)
  try {
    await node.start()
  } catch (err) {
    // libp2p has already stopped the half-started node.
    if (!(err as Error).name.includes('Listen')) throw err
    throw new NetError('ERR_LISTEN_FAILED', `The ${opts.role} node could not listen on ${listen.join(', ')}: ${(err as Error).message}`, { cause: err })
  }
  await keeper.startDials()
  log('%s node %s started on %o', opts.role, node.peerId.toString(), node.getMultiaddrs().map(String))
  return node
}

function services (opts: NodeOptions): ServiceFactoryMap<TechoServices> {
  const routing = isRouting(opts.role)
  const dht = kadDHT({
    protocol: DHT_PROTOCOL,
    clientMode: !routing,
    // Techo runs on LANs and loopback too: keep private addresses in DHT answers.
    peerInfoMapper: passthroughMapper,
    // The DHT only maps PeerIds to addresses. Refusing public-key records means
    // no key (a patient's least of all) is ever stored in it, by us or by others.
    validators: { pk: refuseRecord }
  })
  // identify/push tells connected peers when our addresses change, e.g. when a
  // phone gains its circuit address after connecting to its relay.
  const base = { identify: identify(), identifyPush: identifyPush(), ping: ping(), dht }
  if (!routing) return base
  const limit = opts.relay?.circuitLimit
  const relay = circuitRelayServer({
    reservations: {
      maxReservations: opts.relay?.maxReservations ?? 1024,
      // libp2p's default (128 KiB / 2 min per circuit) cuts a notebook sync short.
      // The gater already keeps out every peer the policy does not admit.
      applyDefaultLimit: limit != null,
      ...(limit != null ? { defaultDataLimit: limit.dataBytes, defaultDurationLimit: limit.durationMs } : {})
    }
  })
  return { ...base, relay }
}

// libp2p refuses a host's sixth inbound connection within a second and an
// eleventh pending handshake. A relay would turn away a waiting room of phones
// (often behind one NAT address); a phone would turn away the clinic's devices,
// since every relayed connection seems to come from the relay's address. The
// gater, not these counters, decides who gets in.
// libp2p's reconnect queue is off (maxParallelReconnects 0, see patches/libp2p@3.3.11.patch): it
// redials a relay holding our circuit slot on every disconnect, however soon the relay hung up, so a
// relay refusing a removed phone got a connection every few milliseconds. keepPeers (bootstrap relays)
// and the sync service's relay links redial instead, backing off.
function connectionLimits (opts: NodeOptions): { maxConnections?: number, maxIncomingPendingConnections: number, inboundConnectionThreshold: number, maxParallelReconnects: number } {
  if (!isRouting(opts.role)) return { maxIncomingPendingConnections: 64, inboundConnectionThreshold: 1000, maxParallelReconnects: 0 }
  return { maxConnections: opts.relay?.maxConnections ?? 2000, maxIncomingPendingConnections: 256, inboundConnectionThreshold: 1000, maxParallelReconnects: 0 }
}

function monitorOptions (monitor: NodeOptions['connectionMonitor']): { enabled: boolean, pingInterval?: number } {
  if (monitor == null || monitor === true) return { enabled: true }
  if (monitor === false) return { enabled: false }
  return { enabled: true, pingInterval: monitor.pingIntervalMs }
}

async function refuseRecord (): Promise<void> {
  throw new NetError('ERR_RECORD_REFUSED', 'Techo nodes store no records in the DHT; it is only used to find peers.')
}

function parseAddress (kind: 'listen' | 'announce', addr: string): string {
  try {
    return multiaddr(addr).toString()
  } catch (err) {
    throw badOption(`${kind} address "${addr}" is not a valid multiaddr`, err)
  }
}

function parseBootstrap (addr: string): { peerId: PeerId, addr: Multiaddr } {
  let parsed: { peerId: PeerId, addr: Multiaddr } | undefined
  try {
    const ma = multiaddr(addr)
    const id = ma.getComponents().findLast(c => c.code === CODE_P2P)?.value
    if (id != null) parsed = { peerId: peerIdFromString(id), addr: ma }
  } catch (err) {
    throw badOption(`bootstrap address "${addr}" is not a valid multiaddr with a peer id`, err)
  }
  if (parsed == null) throw badOption(`bootstrap address "${addr}" must end with /p2p/<peer id> so the relay can be authenticated`)
  return parsed
}

function badOption (what: string, cause?: unknown): NetError {
  return new NetError('ERR_BAD_NODE_OPTIONS', `Cannot create the node: ${what}.`, { cause })
}
