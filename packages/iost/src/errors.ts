import { CodedError } from '@techo/errors'

/** Every reason IOST's transaction rules can refuse to read an input, as a stable code. */
export type IostErrorCode =
  | 'ERR_BAD_TX_JSON'

/** A transaction the IOST node could not even decode: `message` names the field and the fault. */
export class IostTxError extends CodedError<IostErrorCode> {
  override readonly name = 'IostTxError'
}

/** Builds the ERR_BAD_TX_JSON error for a transaction JSON text the node would refuse to decode. */
export function badTxJson (message: string): IostTxError {
  return new IostTxError('ERR_BAD_TX_JSON', message)
}
