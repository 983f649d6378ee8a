// Which view receipts go to which peer. A receipt travels toward the patient: to the patient's own
// devices, and, from the clinic device that signed it, to that clinic's other nodes (its relay),
// which hand it on to the patient's devices only. A node that passed someone else's receipt back to
// a device of its clinic would bounce it between that device and the relay for as long as both ran.
import { viewedAsStored, type ViewReceipt } from '../access/view-receipt.js'

/**
 * The receipts among `waiting` that this device (`self`, a PeerId) sends to a peer whose sync
 * session on the notebook has access `access` ('owner': a device of the patient; 'own-party': a
 * node of this device's own clinic).
 */
export function receiptsFor (access: string, waiting: ViewReceipt[], self: string): ViewReceipt[] {
  if (access === 'owner') return waiting
  if (access === 'own-party') return waiting.filter(r => viewedAsStored(r).device === self)
  return []
}
