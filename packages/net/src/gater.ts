// The connection gater: a node talks only to peers its PeerPolicy admits (the
// ledger's approved devices) and to the routing peers it was told to bootstrap
// from. Checks run after Noise, so the PeerId judged is the authenticated one.
import createDebug from 'debug'
import type { ConnectionGater, PeerId } from '@libp2p/interface'

const log = createDebug('techo:net:gater')

/** Decides which remote devices a node may talk to (supplied by the ledger's cache). */
export interface PeerPolicy {
  /** True when the device with this PeerId (base58 string) may connect. */
  admits(peerId: string): boolean | Promise<boolean>
  /** Why a peer is refused, for logs (e.g. "device not approved"). */
  reason?(peerId: string): string
}

/** Returns a gater that refuses, in both directions and through relays, every peer the policy does not admit, except `alwaysAdmit`. */
export function policyGater (policy: PeerPolicy | undefined, alwaysAdmit: ReadonlySet<string>): ConnectionGater {
  // In a browser libp2p refuses to dial private and loopback addresses unless told otherwise; a
  // phone on the clinic's Wi-Fi reaches its relay at exactly such an address, and peers are judged
  // by who they are (below), not where they are.
  const anyAddress = { denyDialMultiaddr: async () => false }
  if (policy == null) return anyAddress

  const refuses = async (peer: PeerId, what: string): Promise<boolean> => {
    const id = peer.toString()
    if (alwaysAdmit.has(id) || await policy.admits(id)) return false
    log('refused %s with %s: %s', what, id, policy.reason?.(id) ?? 'not admitted by the policy')
    return true
  }

  return {
    ...anyAddress,
    denyDialPeer: async (peer) => await refuses(peer, 'dial'),
    denyInboundEncryptedConnection: async (peer) => await refuses(peer, 'inbound connection'),
    denyOutboundEncryptedConnection: async (peer) => await refuses(peer, 'outbound connection'),
    // Relay server: only admitted peers get a slot, and only between admitted peers.
    denyInboundRelayReservation: async (peer) => await refuses(peer, 'relay reservation'),
    denyOutboundRelayedConnection: async (source, destination) =>
      await refuses(source, 'relayed connection from') || await refuses(destination, 'relayed connection to'),
    // Relay client: a relay may only hand us connections from admitted peers.
    denyInboundRelayedConnection: async (_relay, remote) => await refuses(remote, 'relayed inbound connection')
  }
}
