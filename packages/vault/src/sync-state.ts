// Per-peer Automerge sync state, so a reconnect sends only what is new. Sealed
// with the at-rest key (it lists the notebook's heads). Written without
// waiting for fsync: it is a cache, and losing the last one after a power cut
// only makes the next sync exchange a little more.
import { seal, unseal } from './crypto.js'
import { badInput } from './errors.js'
import type { Keyring } from './keyring.js'
import { checkId, syncKey } from './names.js'
import type { Store } from './store.js'

export class SyncStates {
  readonly #store: Store
  readonly #keyring: Keyring

  constructor (store: Store, keyring: Keyring) {
    this.#store = store
    this.#keyring = keyring
  }

  /** The encoded sync state last stored for this notebook and peer, or undefined. */
  async get (notebook: string, peer: string): Promise<Uint8Array | undefined> {
    const name = syncKey(checkId('notebook id', notebook), checkId('peer id', peer))
    const key = this.#keyring.get()
    const record = await this.#store.get(name)
    return record === undefined ? undefined : unseal(key, name, record)
  }

  /** Stores the encoded sync state for this notebook and peer, replacing the previous one. */
  async put (notebook: string, peer: string, state: Uint8Array): Promise<void> {
    const name = syncKey(checkId('notebook id', notebook), checkId('peer id', peer))
    if (!(state instanceof Uint8Array)) throw badInput('A sync state must be bytes (a Uint8Array).')
    const key = this.#keyring.get()
    await this.#store.write([{ type: 'put', key: name, value: seal(key, name, state) }], { durable: false })
  }

  /** Forgets the sync state for this notebook and peer (the next sync starts from scratch). */
  async delete (notebook: string, peer: string): Promise<void> {
    const name = syncKey(checkId('notebook id', notebook), checkId('peer id', peer))
    this.#keyring.get()
    await this.#store.write([{ type: 'del', key: name }], { durable: false })
  }
}
