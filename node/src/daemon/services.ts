// What the daemon runs besides its HTTP API, started by role in this one place: the libp2p node
// (with the device key, so its PeerId is this device's identity, and a gater that admits only
// devices approved on chain), the ledger view that follows the consent chain, and consent-gated
// sync of the patient's own notebook (anchored on chain) or of the clinic's replicas. A chain that
// does not answer yet does not stop the daemon: the notebook stays usable, and sync starts once it
// answers.
import { Backoff } from '@techo/backoff'
import { deviceKeyFromBytes, type DeviceKey } from '@techo/identity'
import { Ledger, type LedgerView } from '@techo/ledger'
import type { ChainConfig } from '../cli/chain-settings.js'
import type { TlsCertificate } from '@techo/http-server'
import { createTechoNode, multiaddr, type TechoNode } from '@techo/net'
import { Notebook } from '@techo/notebook'
import { SyncService } from '@techo/sync'
import createDebug from 'debug'
import { type LocalSession } from '../session/session.js'
import { watchApproval } from './approval.js'
import { keepCheckpoint, startView } from './ledger-checkpoint.js'
import { ledgerPolicy } from './ledger-policy.js'
import { type ServeRole } from './roles.js'
import { narrate } from './sync-log.js'

const log = createDebug('techo:daemon')

/** Retries to reach the chain: the first after about a second, doubling up to half a minute. */
const CHAIN_RETRY = { baseMs: 1000, maxMs: 30_000 }
/** After this device's approval lands, it redials missing relays at each of this many blocks. */
const REDIAL_BLOCKS = 20

export interface ServiceOptions {
  role: ServeRole
  session: LocalSession
  /** The consent chain: the view follows it, and a patient's node anchors on it. */
  chain: ChainConfig
  /** libp2p listen addresses; default: the node's own default. */
  listen?: string[]
  /** Addresses told to peers instead of the listen addresses (a relay behind a DNS name). */
  announce?: string[]
  /** The certificate the node's WebSockets listeners serve wss with, beside ws. */
  tls?: TlsCertificate
  /** Multiaddrs (ending in /p2p/<id>) of clinic relays to connect to and keep. */
  bootstrap: string[]
  /** Told, one sentence at a time, what the person running the daemon should see. */
  say: (line: string) => void
  /** Called once sync has started, with what the daemon's other services build on. */
  onSync?: (sync: SyncService, view: LedgerView, node: TechoNode) => Promise<void>
}

/** How following the consent chain stands. */
export interface ChainStatus {
  url: string
  /** True once the view caught up and sync started. */
  following: boolean
  /** The last block the view applied. */
  block?: number
  /** Why the chain is not followed yet. */
  problem?: string
}

/** The started services. */
export interface DaemonServices {
  /** The node's current listen addresses, each ending in /p2p/<peer id>. */
  addresses: () => string[]
  /** The PeerIds this node is connected to now. */
  connectedPeers: () => string[]
  chain: () => ChainStatus
  /** The sync service, once the chain answered; undefined before. */
  sync: () => SyncService | undefined
  /** The consent state this node follows, once the chain answered; undefined before. */
  view: () => LedgerView | undefined
  /** Connects to each of `addresses` (a clinic relay's, from its QR code) and keeps them as relays; failures are told, not thrown. */
  dial: (addresses: string[]) => Promise<void>
  /** Stops every service, the node last. */
  stop: () => Promise<void>
}

/** Starts the libp2p node for `opts.role`, then the ledger view and sync once the chain answers (tried once before this resolves). */
export async function startServices (opts: ServiceOptions): Promise<DaemonServices> {
  const { role, session, chain, bootstrap, say } = opts
  let view: LedgerView | undefined
  let checkpoints: { flush: () => Promise<void> } | undefined
  let sync: SyncService | undefined
  let problem: string | undefined
  let stopped = false
  let retry: NodeJS.Timeout | undefined
  let attempt: Promise<void> = Promise.resolve()
  const deviceKey = deviceKeyFromBytes(session.keystore.device)
  // Until the chain answers, the gater admits no one but the bootstrap relays.
  const node = await createTechoNode({
    role,
    privateKey: deviceKey.raw,
    bootstrap,
    policy: ledgerPolicy(() => view),
    ...(opts.listen === undefined ? {} : { listen: opts.listen }),
    ...(opts.announce === undefined ? {} : { announce: opts.announce }),
    ...(opts.tls === undefined ? {} : { tls: opts.tls })
  })

  const chainRetry = new Backoff(CHAIN_RETRY)
  const follow = async (): Promise<void> => {
    let started: LedgerView
    try {
      started = await startView(session.vault, chain)
    } catch (err) {
      if (stopped) return
      const reason = (err as Error).message
      if (problem !== reason) say(`Cannot follow the consent chain yet: ${reason} Sync starts once it answers.`)
      problem = reason
      retry = setTimeout(() => { attempt = follow().catch(err => { say(`Sync did not start: ${(err as Error).message}`) }) }, chainRetry.next())
      return
    }
    view = started
    problem = undefined
    if (stopped) return
    checkpoints = keepCheckpoint(started, session.vault, chain.url)
    watchChain(started, say, p => { problem = p })
    // Whoever is not yet approved is refused by the relays: say so, and redial them once this device is.
    const approval = await watchApproval(started, session, chain, say)
    if (bootstrap.length > 0) keepRedialling(node, started, bootstrap, session.self.peerId)
    sync = await startSync({ ...opts, node, view: started, deviceKey, approved: approval.approved })
    await opts.onSync?.(sync, started, node)
    say(`Following the consent chain at ${chain.url} (block ${started.height}); syncing as ${role}.`)
  }

  try {
    await follow()
  } catch (err) {
    await view?.stop()
    await node.stop()
    throw err
  }
  return {
    addresses: () => node.getMultiaddrs().map(String),
    connectedPeers: () => node.getPeers().map(String),
    chain: () => ({ url: chain.url, following: sync !== undefined, ...(view === undefined ? {} : { block: view.height }), ...(problem === undefined ? {} : { problem }) }),
    sync: () => sync,
    view: () => view,
    dial: async addresses => {
      for (const text of addresses) {
        try {
          await node.dial(multiaddr(text), { signal: AbortSignal.timeout(10_000) })
          if (view !== undefined) keepRedialling(node, view, [text], session.self.peerId)
        } catch (err) {
          say(`Could not connect to the clinic relay at ${text}: ${(err as Error).message}`)
        }
      }
    },
    stop: async () => {
      stopped = true
      clearTimeout(retry)
      await attempt
      await sync?.stop()
      await view?.stop()
      await checkpoints?.flush()
      await node.stop()
    }
  }
}

/** Tells once when following the chain fails, and again when it recovers; `problem` holds the failure meanwhile. */
function watchChain (view: LedgerView, say: (line: string) => void, problem: (text: string | undefined) => void): void {
  let failing = false
  view.on('error', err => {
    if (!failing) say(`Lost the consent chain: ${err.message} Retrying.`)
    failing = true
    problem(err.message)
  })
  view.on('block', () => {
    if (failing) say(`Following the consent chain again (block ${view.height}).`)
    failing = false
    problem(undefined)
  })
}

/** Sync for the role: the patient's own notebook (anchored with this device's key), or the clinic's replicas. */
async function startSync (ctx: ServiceOptions & { node: TechoNode, view: LedgerView, deviceKey: DeviceKey, approved: () => boolean }): Promise<SyncService> {
  const { role, session, node, view } = ctx
  const party = session.self.party
  const service = new SyncService({
    node,
    signer: ctx.deviceKey,
    vault: session.vault,
    view,
    self: { party, role },
    ...(role === 'patient'
      ? { notebooks: [session.ownNotebook()], anchor: { ledger: new Ledger(ctx.chain) } }
      : { open: (doc, actor) => Notebook.fromDoc(doc as never, { actor, party }) })
  })
  narrate(service, ctx.say, ctx.approved)
  await service.start()
  return service
}

/** Once this device's approval lands (or from the start, if it stands), redials every bootstrap relay it is not connected to, at each block for a while. */
function keepRedialling (node: TechoNode, view: LedgerView, bootstrap: string[], self: string): void {
  let left = view.isApprovedDevice(self) ? REDIAL_BLOCKS : 0
  view.on('approveDevice', event => { if (event.device === self) left = REDIAL_BLOCKS })
  view.on('block', () => {
    if (left === 0 || node.status !== 'started') return
    left--
    for (const text of bootstrap) {
      // net has checked that each bootstrap address ends in /p2p/<peer id>.
      const peer = text.slice(text.lastIndexOf('/p2p/') + '/p2p/'.length)
      if (node.getConnections().some(c => c.remotePeer.toString() === peer)) continue
      node.dial(multiaddr(text)).catch(err => { log('redialling %s: %s', text, (err as Error).message) })
    }
  })
}
