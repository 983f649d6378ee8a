// Who this node is: its party, the party's kind, this device's PeerId and Automerge actor, all
// derived from the keystore.
import { actorIdForPeerId, deviceKeyFromBytes, type Keystore } from '@techo/identity'

/** Who this node is, derived from its keystore. */
export interface Self {
  party: string
  role: Keystore['party']
  peerId: string
  actor: string
}

/** Describes the node a keystore belongs to. */
export function selfOf (keystore: Keystore): Self {
  const peerId = deviceKeyFromBytes(keystore.device).peerId
  return { party: keystore.masterId, role: keystore.party, peerId, actor: actorIdForPeerId(peerId) }
}
