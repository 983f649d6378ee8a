// Holds the at-rest key between unlock() and close(). The encrypted
// namespaces ask it for the key and get ERR_LOCKED while there is none.
import { VaultError } from './errors.js'

export class Keyring {
  readonly #dir: string
  #key: Uint8Array | undefined
  #closed = false

  constructor (dir: string) {
    this.#dir = dir
  }

  /** True once a key was set and until close(). */
  get unlocked (): boolean {
    return this.#key !== undefined
  }

  /** Keeps a private copy of `key`, so the caller may zero its own. */
  set (key: Uint8Array): void {
    this.#key?.fill(0)
    this.#key = Uint8Array.from(key)
  }

  /** The at-rest key; throws ERR_LOCKED before unlock, ERR_VAULT_CLOSED after close. */
  get (): Uint8Array {
    if (this.#closed) throw new VaultError('ERR_VAULT_CLOSED', `The vault at ${this.#dir} is closed; open it again before using it.`)
    if (this.#key === undefined) {
      throw new VaultError('ERR_LOCKED', `The vault at ${this.#dir} is locked; unlock it with the at-rest key from the keystore first.`)
    }
    return this.#key
  }

  /** Zeroes and forgets the key for good: the vault is closing. */
  close (): void {
    this.#key?.fill(0)
    this.#key = undefined
    this.#closed = true
  }
}
