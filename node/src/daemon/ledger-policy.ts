// Who may connect to a node: devices the consent chain approves. Until the chain answers, no one but
// the bootstrap relays (which net admits itself). The daemon and a phone's page gate alike.
import type { LedgerView } from '@techo/ledger'
import type { PeerPolicy } from '@techo/net'

/** The node's gater: only devices approved on chain (and the bootstrap relays, which net admits itself). */
export function ledgerPolicy (view: () => LedgerView | undefined): PeerPolicy {
  return {
    admits: peerId => view()?.isApprovedDevice(peerId) === true,
    reason: peerId => view() === undefined
      ? 'the consent chain has not answered yet'
      : view()?.device(peerId) === undefined ? 'not a device approved on the consent chain' : 'its approval was withdrawn, or its party is not registered'
  }
}
