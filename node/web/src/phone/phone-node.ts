// The page as the patient's Techo node: it follows the consent chain (through the node that
// served the page; a new device replays it from the contract's deployment, a known page resumes
// from its checkpoint), runs libp2p with WebSockets to that clinic's relay, and syncs the notebook
// with the devices the chain authorises: the same view, gater and sync service as the daemon.
import { deviceKeyFromBytes } from '@techo/identity'
import type { LedgerView } from '@techo/ledger'
import { createTechoNode } from '@techo/net'
import { SyncService } from '@techo/sync'
import { keepCheckpoint, startView } from '../../../src/daemon/ledger-checkpoint.js'
import { ledgerPolicy } from '../../../src/daemon/ledger-policy.js'
import type { PhoneNodeAnswer } from '../../../src/daemon/phone-routes.js'
import type { DaemonServices } from '../../../src/daemon/services.js'
import type { Unlocked } from './identity.js'
import type { SponsoredLedger } from './sponsored-ledger.js'

/** At most one anchor of the notebook's digest per this many ms. */
const ANCHOR_INTERVAL_MS = 60_000

/** Where the page's node finds the chain and its relay. */
export interface PhoneNodeOptions {
  me: Unlocked
  /** The node that served the page: its relay's WebSockets addresses and the consent contract. */
  relay: PhoneNodeAnswer
  /** The chain's read calls, as that node forwards them. */
  chainUrl: string
  ledger: SponsoredLedger
}

/** The running node, described as the daemon's services are (so the status panels show it alike). */
// A phone dials only the relay that served it (as its bootstrap): it has no clinic cards to dial.
export type PhoneServices = Omit<DaemonServices, 'sync' | 'view' | 'dial'> & { sync: () => SyncService, view: () => LedgerView }

/** Starts following the chain, then the libp2p node and sync; resolves once all three run. */
export async function startPhoneNode (opts: PhoneNodeOptions): Promise<PhoneServices> {
  const { me, relay, chainUrl } = opts
  // From the vault's checkpoint, as the daemon does: a reopened page does not replay the chain.
  const view = await startView(me.vault, { url: chainUrl, contract: relay.contract })
  const checkpoints = keepCheckpoint(view, me.vault, chainUrl)
  const deviceKey = deviceKeyFromBytes(me.keystore.device)
  const node = await createTechoNode({ role: 'patient', privateKey: deviceKey.raw, bootstrap: relay.websockets, policy: ledgerPolicy(() => view) })
  const sync = new SyncService({
    node,
    signer: deviceKey,
    vault: me.vault,
    view,
    self: { party: me.self.party, role: 'patient' },
    notebooks: [me.notebook],
    anchor: { ledger: opts.ledger, intervalMs: ANCHOR_INTERVAL_MS }
  })
  await sync.start()
  return {
    addresses: () => node.getMultiaddrs().map(String),
    connectedPeers: () => node.getPeers().map(String),
    chain: () => ({ url: chainUrl, following: true, block: view.height }),
    sync: () => sync,
    view: () => view,
    stop: async () => {
      await sync.stop()
      await view.stop()
      await checkpoints.flush()
      await node.stop()
    }
  }
}
