// Every failure @techo/net reports is a NetError with a stable code, so the CLI
// and the sync layer can branch on `code` and show `message` as it is.
import { CodedError } from '@techo/errors'

export type NetErrorCode =
  | 'ERR_BAD_NODE_OPTIONS' // createTechoNode was given options it cannot use
  | 'ERR_LISTEN_FAILED' // a listen address could not be bound
  | 'ERR_RECORD_REFUSED' // something tried to store a record in the DHT
  | 'ERR_BAD_PEER_ID' // a string that is not a libp2p PeerId
  | 'ERR_PEER_NOT_FOUND' // the DHT did not find the peer in time
  | 'ERR_PEER_REFUSED' // this node's policy refuses the peer
  | 'ERR_PROTOCOL_UNSUPPORTED' // the peer does not speak the protocol
  | 'ERR_DIAL_FAILED' // the peer could not be reached

/** An error from @techo/net: `code` is stable, `message` is one plain sentence. */
export class NetError extends CodedError<NetErrorCode> {
  override readonly name = 'NetError'
}
