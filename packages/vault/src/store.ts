// The one level database behind a vault. Keys are strings, values bytes; every multi-key change
// goes through write(), which is one atomic batch. Where the database lives and how its failures
// read is the platform's (backend.ts: LevelDB files under Node; backend.browser.ts: IndexedDB).
import createDebug from 'debug'
import { openBackend } from './backend.js'
import type { Backend } from './level-db.js'
import { range } from './names.js'

const log = createDebug('techo:vault')

/** One change inside an atomic batch. */
export type Op = { type: 'put', key: string, value: Uint8Array } | { type: 'del', key: string }

/** Iteration options over one key prefix. */
export interface ScanOptions { gte?: string, reverse?: boolean, limit?: number }

export class Store {
  /** Where the database is: a directory under Node, an IndexedDB database name in a browser. */
  readonly dir: string
  readonly #backend: Backend
  readonly #durable: boolean

  private constructor (dir: string, backend: Backend, durable: boolean) {
    this.dir = dir
    this.#backend = backend
    this.#durable = durable
  }

  /**
   * Opens the database at `dir` (creating it, private to this user, only if `create`); throws
   * ERR_NO_VAULT, ERR_VAULT_LOCKED, ERR_DAMAGED_VAULT or ERR_VAULT_IO.
   */
  static async open (dir: string, options: { durable: boolean, create: boolean }): Promise<Store> {
    const backend = await openBackend(dir, options)
    log('opened %s', dir)
    return new Store(dir, backend, options.durable)
  }

  /** The stored bytes at `key`, or undefined. */
  async get (key: string): Promise<Uint8Array | undefined> {
    try {
      const value = await this.#backend.db.get(key)
      return value === undefined ? undefined : plain(value)
    } catch (err) {
      throw this.#backend.translate(err)
    }
  }

  /**
   * Applies `ops` as one atomic batch: after a crash either all of them or none are there.
   * Durable writes wait until they are on disk (unless the vault was opened with durable: false).
   */
  async write (ops: Op[], options: { durable?: boolean } = {}): Promise<void> {
    if (ops.length === 0) return
    try {
      await this.#backend.db.batch(ops, { sync: this.#durable && options.durable !== false })
    } catch (err) {
      throw this.#backend.translate(err)
    }
  }

  /** Yields [key, value] for every key under `prefix`. */
  async * scan (prefix: string, options: ScanOptions = {}): AsyncGenerator<[string, Uint8Array]> {
    const bounds = range(prefix)
    try {
      for await (const entry of this.#backend.db.iterator({
        gte: options.gte ?? bounds.gte,
        lt: bounds.lt,
        reverse: options.reverse ?? false,
        limit: options.limit ?? -1
      })) yield [entry[0], plain(entry[1])]
    } catch (err) {
      throw this.#backend.translate(err)
    }
  }

  /** Every key under `prefix`, in order. */
  async keys (prefix: string): Promise<string[]> {
    try {
      return await this.#backend.db.keys(range(prefix)).all()
    } catch (err) {
      throw this.#backend.translate(err)
    }
  }

  /** Rewrites the storage under `prefix` where the platform allows, so deleted values leave the disk. */
  async compact (prefix: string): Promise<void> {
    const bounds = range(prefix)
    try {
      await this.#backend.compact(bounds.gte, bounds.lt)
    } catch (err) {
      throw this.#backend.translate(err)
    }
  }

  /** Records, outside the database where the platform can, that it holds a keystore (see Vault.getSealedKeystore). */
  markIdentity (): void {
    this.#backend.markIdentity()
  }

  /** True if markIdentity() was called on this database before. */
  identityMarked (): boolean {
    return this.#backend.identityMarked()
  }

  /** Closes the database and releases it for other processes (or tabs). */
  async close (): Promise<void> {
    await this.#backend.close()
    log('closed %s', this.dir)
  }
}

/** The same bytes as a plain Uint8Array: level hands out Buffers, whose slice() shares memory instead of copying. */
function plain (bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}
