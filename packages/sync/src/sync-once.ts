// One sync round on demand (the CLI's `techo sync`, tests, simulations): with
// one peer or with every device that may sync one of our notebooks, until both
// sides of each pair hold the same notebook.
import { multiaddr, peerIdFromString, type Multiaddr } from '@techo/net'
import type { SyncContext } from './context.js'
import type { Dialler } from './dial.js'
import { SyncError } from './errors.js'
import type { SyncServiceOptions } from './options.js'
import type { SessionStats } from './session.js'

/** What syncOnce reports as it goes, per peer and notebook. */
export interface SyncProgress {
  peer: string
  notebook: string
  stage: 'connecting' | 'syncing' | 'in-sync' | 'failed'
  stats?: SessionStats
  error?: Error
}

export interface SyncOnceOptions {
  /** Give up on a pair after this long (default 30 s). */
  timeoutMs?: number
  onProgress?: (progress: SyncProgress) => void
}

/** Runs one round (see SyncService.syncOnce); resolves with the final progress of each pair and never throws for one pair. */
export async function syncOnce (ctx: SyncContext, dialler: Dialler, peer: string | Multiaddr | undefined, options: SyncOnceOptions): Promise<SyncProgress[]> {
  if (!ctx.running) throw new SyncError('ERR_NOT_RUNNING', 'The sync service is not running; start it first.')
  const targets = peer === undefined ? knownPeers(ctx) : [await reach(ctx, peer)]
  const pairs = (await Promise.all(targets.map(async p => (await dialler.notebooksFor(p)).map(replica => ({ peer: p, replica }))))).flat()
  const timeoutMs = options.timeoutMs ?? 30_000
  return await Promise.all(pairs.map(async ({ peer, replica }) => {
    const report = (progress: SyncProgress): SyncProgress => { options.onProgress?.(progress); return progress }
    const signal = AbortSignal.timeout(timeoutMs)
    try {
      report({ peer, notebook: replica.id, stage: 'connecting' })
      const session = await dialler.ensure(peer, replica, signal)
      report({ peer, notebook: replica.id, stage: 'syncing', stats: session.stats })
      await session.waitInSync(signal)
      return report({ peer, notebook: replica.id, stage: 'in-sync', stats: session.stats })
    } catch (err) {
      return report({ peer, notebook: replica.id, stage: 'failed', error: err as Error })
    }
  }))
}

/** Connected peers, and every active device of a party that may sync one of our notebooks. */
function knownPeers (ctx: SyncContext): string[] {
  const peers = new Set(ctx.opts.node.getPeers().map(String))
  const { view, self } = ctx.opts
  for (const replica of ctx.replicas.values()) {
    const parties = replica.owner === self.party
      ? [self.party, ...grantedParties(view, replica.id)]
      : [replica.owner, self.party]
    for (const party of parties) for (const device of ctx.directory.activeDevices(party)) peers.add(device)
  }
  peers.delete(ctx.selfPeer)
  return [...peers]
}

/** The PeerId of `peer`, dialling it first when it is a multiaddr. */
async function reach (ctx: SyncContext, peer: string | Multiaddr): Promise<string> {
  if (typeof peer === 'string' && !peer.startsWith('/')) return peerIdFromString(peer).toString()
  const address = typeof peer === 'string' ? multiaddr(peer) : peer
  const connection = await ctx.opts.node.dial(address)
  return connection.remotePeer.toString()
}

function grantedParties (view: SyncServiceOptions['view'], notebook: string): string[] {
  return view.grants(notebook).filter(g => g.active).map(g => g.clinic)
}
