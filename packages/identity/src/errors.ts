import { CodedError } from '@techo/errors'

/** Every reason an identity operation can refuse, as a stable code callers can match on. */
export type IdentityErrorCode =
  | 'ERR_BAD_PHRASE'
  | 'ERR_BAD_BASE58'
  | 'ERR_BAD_SEED'
  | 'ERR_BAD_PUBLIC_KEY'
  | 'ERR_BAD_DEVICE_KEY'
  | 'ERR_BAD_PEER_ID'
  | 'ERR_BAD_IDENTITY'
  | 'ERR_NOT_CANONICALIZABLE'
  | 'ERR_BAD_KEY'
  | 'ERR_UNWRAP_FAILED'
  | 'ERR_BAD_KEYSTORE'
  | 'ERR_WEAK_PASSPHRASE'
  | 'ERR_WRONG_PASSPHRASE'
  | 'ERR_DAMAGED_KEYSTORE'
  | 'ERR_UNSUPPORTED_KEYSTORE'

/** An identity failure: `code` is stable, `message` is one plain sentence naming what was wrong. */
export class IdentityError extends CodedError<IdentityErrorCode> {
  override readonly name = 'IdentityError'
}
