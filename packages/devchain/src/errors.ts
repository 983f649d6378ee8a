import { CodedError } from '@techo/errors'

/** Every reason the dev chain itself can fail (not a transaction it refuses: those get the node's HTTP error). */
export type DevChainErrorCode =
  | 'ERR_CHAIN_BAD_OPTION' // an option of startDevChain is out of range
  | 'ERR_CHAIN_PORT_IN_USE' // another process listens on the port
  | 'ERR_CHAIN_DATA_LOCKED' // another process has the data directory open
  | 'ERR_CHAIN_DATA_DAMAGED' // the data directory holds something that is not this chain's data
  | 'ERR_CHAIN_STORE_FAILED' // a block could not be written, so the chain stopped
  | 'ERR_CHAIN_CLOSED' // the chain was asked for a block after close()

/** A dev-chain failure: `code` is stable, `message` is one plain sentence naming what was wrong. */
export class DevChainError extends CodedError<DevChainErrorCode> {
  override readonly name = 'DevChainError'
}
