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

// One piece of advice for every kind of damage: the identity returns from the recovery phrase, the
// notebook from the clinics' copies, and the damaged directory is kept for a backup or an expert.
const RECOVER = 'Restore the data directory from a backup, or run `techo recover --data NEW_DIR` with your recovery phrase: your identity returns from the phrase and your notebook from the clinics you granted access (keep the damaged directory).'

/** Shorthand for a record that exists but cannot be read back: names the key, never the content, and says what to do. */
export function damaged (key: string, what: string, cause?: unknown): VaultError {
  return new VaultError('ERR_DAMAGED_VAULT', `The vault record ${key} is damaged: ${what}. ${RECOVER}`, { cause })
}

/** The database files of the vault in `dir` are damaged (`what` says where), and what a person can do about it. */
export function damagedVault (dir: string, what: string, cause?: unknown): VaultError {
  return new VaultError('ERR_DAMAGED_VAULT', `The vault at ${dir} is damaged: ${what}. ${RECOVER}`, { cause })
}

/** Shorthand for rejected caller input. */
export function badInput (message: string): VaultError {
  return new VaultError('ERR_BAD_INPUT', message)
}
