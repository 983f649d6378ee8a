// Every failure @techo/sync reports is a SyncError with a stable code, so the
// daemon and the CLI can branch on `code` and show `message` as it is.
import { CodedError } from '@techo/errors'

export type SyncErrorCode =
  | 'ERR_BAD_OPTIONS' // the service or a call was given options it cannot use
  | 'ERR_NOT_AUTHORISED' // the peer has no standing to sync this notebook
  | 'ERR_REFUSED' // the remote node refused the session
  | 'ERR_BAD_FRAME' // a frame that does not follow the protocol
  | 'ERR_FRAME_TOO_LARGE' // a frame over the size limit
  | 'ERR_REJECTED_CHANGE' // a sync message the gate would not apply
  | 'ERR_TIMEOUT' // the peer went quiet past a time limit
  | 'ERR_SESSION_CLOSED' // the session ended (closed, reset or revoked)
  | 'ERR_NOT_RUNNING' // the service was used before start() or after stop()
  | 'ERR_NOT_HELD' // the notebook was shredded or let go while it was being opened

/** An error from @techo/sync: `code` is stable, `message` is one plain sentence. */
export class SyncError extends CodedError<SyncErrorCode> {
  override readonly name = 'SyncError'
  /** For ERR_REFUSED: the remote node's refusal code ('not-authorised', 'duplicate', ...). */
  readonly refusal: string | undefined

  constructor (code: SyncErrorCode, message: string, options?: { cause?: unknown, refusal?: string }) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause })
    this.refusal = options?.refusal
  }
}
