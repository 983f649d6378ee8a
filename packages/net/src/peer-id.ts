// PeerIds arrive as text (QR codes, the ledger, config files): parse them in one
// place so a bad one always fails the same way.
import { peerIdFromString as parse } from '@libp2p/peer-id'
import { NetError } from './errors.js'
import type { PeerId } from '@libp2p/interface'

/** Parses a base58 PeerId string; throws ERR_BAD_PEER_ID naming the text when it is not one. */
export function peerIdFromString (text: string): PeerId {
  try {
    return parse(text)
  } catch (err) {
    throw new NetError('ERR_BAD_PEER_ID', `"${text}" is not a valid peer id.`, { cause: err })
  }
}
