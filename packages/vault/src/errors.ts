import { CodedError } from '@techo/errors'

/** Stable codes a caller (the CLI, the daemon) can branch on. */
export type VaultErrorCode =
  | 'ERR_NO_VAULT' // no database where one was expected (opened with create: false)
  | 'ERR_VAULT_LOCKED' // another process holds the database
  | 'ERR_DAMAGED_VAULT' // files or records that cannot be read back
  | 'ERR_UNSUPPORTED_VAULT' // written by a newer vault format
  | 'ERR_VAULT_CLOSED' // used after close()
  | 'ERR_VAULT_IO' // the disk refused (full, permissions)
  | 'ERR_LOCKED' // encrypted namespaces used before unlock()
  | 'ERR_WRONG_KEY' // the at-rest key does not open this vault
  | 'ERR_SHREDDED' // the notebook was crypto-shredded
  | 'ERR_STALE_DOC' // saving a copy that lacks changes already saved
  | 'ERR_BAD_INPUT' // malformed ids, keys, events or documents

/** Every error the vault throws: one plain sentence and a stable `code`. */
export class VaultError extends CodedError<VaultErrorCode> {
  override readonly name = 'VaultError'
}

/** Shorthand for a record that exists but cannot be read back: names the key, never the content. */
export function damaged (key: string, what: string, cause?: unknown): VaultError {
  return new VaultError('ERR_DAMAGED_VAULT', `The vault record ${key} is damaged: ${what}.`, { cause })
}

/** Shorthand for rejected caller input. */
export function badInput (message: string): VaultError {
  return new VaultError('ERR_BAD_INPUT', message)
}
