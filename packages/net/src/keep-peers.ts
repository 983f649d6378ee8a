// "Dial and keep" for bootstrap relays. libp2p's own KEEP_ALIVE reconnect gives
// up after five tries (~30 s) and then drops the tag for good, which would leave
// a phone cut off from its clinic relay after one long outage. This keeper
// redials each peer whenever it disconnects, backing off to at most 30 s,
// for as long as the node runs (and again after a restart).
import { Backoff } from '@techo/backoff'
import createDebug from 'debug'
import type { Libp2p, PeerId } from '@libp2p/interface'
import type { Multiaddr } from '@multiformats/multiaddr'

const log = createDebug('techo:net:keep')

/** Tag that makes the connection pruner close these connections last. */
const KEEP_TAG = 'techo-bootstrap'
const RETRY = { baseMs: 250, maxMs: 30_000 }
const INITIAL_DIAL_MS = 5_000
/**
 * A connection that lasted less than this counts as a failed attempt: a relay that refuses a device
 * (its gater, after Noise) lets the connection open on the device's side and then hangs up.
 */
export const STABLE_CONNECTION_MS = 10_000

export interface PeerKeeper {
  /** Resolves once the dials made at the latest start have each connected or failed (bounded in time). */
  startDials(): Promise<void>
}

/** Keeps `node` connected to each of `addrs` (each must end in /p2p/<id>) while it runs. */
export function keepPeers (node: Libp2p, addrs: Array<{ peerId: PeerId, addr: Multiaddr }>): PeerKeeper {
  const kept = new Map(addrs.map(({ peerId, addr }) => [peerId.toString(), { peerId, addr, backoff: new Backoff(RETRY), connectedAt: 0, timer: undefined as NodeJS.Timeout | undefined }]))

  const dial = async (id: string, timeoutMs?: number): Promise<void> => {
    const peer = kept.get(id)
    if (peer == null || node.status !== 'started') return
    peer.timer = undefined
    try {
      await node.peerStore.merge(peer.peerId, { multiaddrs: [peer.addr], tags: { [KEEP_TAG]: { value: 100 } } })
      await node.dial(peer.addr, timeoutMs != null ? { signal: AbortSignal.timeout(timeoutMs) } : {})
      peer.connectedAt = Date.now()
      log('connected to %s', id)
    } catch (err) {
      log('could not reach %s (attempt %d): %s', id, peer.backoff.failures + 1, (err as Error).message)
      retryLater(id)
    }
  }

  const retryLater = (id: string): void => {
    const peer = kept.get(id)
    if (peer == null || peer.timer != null || node.status !== 'started') return
    peer.timer = setTimeout(() => { void dial(id) }, peer.backoff.next())
  }

  let startRound: Promise<void> = Promise.resolve()

  node.addEventListener('peer:disconnect', (evt) => {
    const peer = kept.get(evt.detail.toString())
    if (peer == null) return
    // A relay that refuses this device lets Noise finish on our side, then hangs
    // up: such short-lived connections must back off like failed dials, not
    // redial in a tight loop.
    if (Date.now() - peer.connectedAt >= STABLE_CONNECTION_MS) peer.backoff.reset()
    retryLater(peer.peerId.toString())
  })
  node.addEventListener('start', () => {
    startRound = Promise.all([...kept.keys()].map(async (id) => { await dial(id, INITIAL_DIAL_MS) })).then(() => {})
  })
  node.addEventListener('stop', () => {
    for (const peer of kept.values()) {
      clearTimeout(peer.timer)
      peer.timer = undefined
    }
  })
  return { startDials: async () => { await startRound } }
}
