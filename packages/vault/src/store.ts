// The one level database behind a vault, with LevelDB's failures turned into
// VaultErrors. Keys are strings, values bytes; every multi-key change goes
// through write(), which is one atomic LevelDB batch.
import { ClassicLevel } from 'classic-level'
import createDebug from 'debug'
import { VaultError, damagedVault } from './errors.js'
import { checkDatabase } from './leveldb/check.js'
import { lockHeld } from './leveldb/lock.js'
import { range } from './names.js'
import { keepPrivate, makePrivateDir } from './private-files.js'
import { lastSession, markClosed, markOpen } from './session-marker.js'

const log = createDebug('techo:vault')

/** One change inside an atomic batch. */
export type Op = { type: 'put', key: string, value: Uint8Array } | { type: 'del', key: string }

/** Iteration options over one key prefix. */
export interface ScanOptions { gte?: string, reverse?: boolean, limit?: number }

export class Store {
  readonly dir: string
  readonly #db: ClassicLevel<string, Uint8Array>
  readonly #durable: boolean

  private constructor (dir: string, db: ClassicLevel<string, Uint8Array>, durable: boolean) {
    this.dir = dir
    this.#db = db
    this.#durable = durable
  }

  /**
   * Opens the database in `dir` (creating it, readable by this user only, only if `create`); throws
   * ERR_NO_VAULT, ERR_VAULT_LOCKED, ERR_DAMAGED_VAULT or ERR_VAULT_IO. The files are checked first
   * (see leveldb/check.ts): LevelDB never sees a damaged one, so it can neither abort nor drop writes.
   */
  static async open (dir: string, options: { durable: boolean, create: boolean }): Promise<Store> {
    try {
      const session = lastSession(dir)
      // Another process's open database is changing under a reader: it is refused before it is read.
      if (!session.closed && lockHeld(dir, session.pid)) throw locked(dir)
      const health = checkDatabase(dir, !session.closed)
      if (health.state === 'damaged') {
        // A process that opened it a moment ago may have been mid-write: then it is in use, not damaged.
        throw lockHeld(dir, session.pid) ? locked(dir) : damagedVault(dir, health.problem)
      }
      if (health.state === 'none') {
        if (!options.create) throw new VaultError('ERR_NO_VAULT', `There is no vault in ${dir}.`)
        makePrivateDir(dir)
      }
      markOpen(dir, options.durable)
    } catch (err) {
      throw translate(err, dir)
    }
    // Values are ciphertext, which Snappy cannot shrink: skip the wasted work.
    const db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view', compression: false })
    try {
      await db.open({ createIfMissing: options.create })
      keepPrivate(dir)
    } catch (err) {
      await db.close()
      throw translate(err, dir)
    }
    log('opened %s', dir)
    return new Store(dir, db, options.durable)
  }

  /** The stored bytes at `key`, or undefined. */
  async get (key: string): Promise<Uint8Array | undefined> {
    try {
      const value = await this.#db.get(key)
      return value === undefined ? undefined : plain(value)
    } catch (err) {
      throw translate(err, this.dir)
    }
  }

  /**
   * Applies `ops` as one atomic batch: after a crash either all of them or none are there.
   * Durable writes wait for fsync (unless the vault was opened with durable: false).
   */
  async write (ops: Op[], options: { durable?: boolean } = {}): Promise<void> {
    if (ops.length === 0) return
    try {
      await this.#db.batch(ops, { sync: this.#durable && options.durable !== false })
    } catch (err) {
      throw translate(err, this.dir)
    }
  }

  /** Yields [key, value] for every key under `prefix`, from one consistent view of the database. */
  async * scan (prefix: string, options: ScanOptions = {}): AsyncGenerator<[string, Uint8Array]> {
    const bounds = range(prefix)
    try {
      for await (const entry of this.#db.iterator({
        gte: options.gte ?? bounds.gte,
        lt: bounds.lt,
        reverse: options.reverse ?? false,
        limit: options.limit ?? -1
      })) yield [entry[0], plain(entry[1])]
    } catch (err) {
      throw translate(err, this.dir)
    }
  }

  /** Every key under `prefix`, in order. */
  async keys (prefix: string): Promise<string[]> {
    try {
      return await this.#db.keys(range(prefix)).all()
    } catch (err) {
      throw translate(err, this.dir)
    }
  }

  /** Rewrites the LSM files under `prefix`, so deleted values leave the files on disk. */
  async compact (prefix: string): Promise<void> {
    const bounds = range(prefix)
    try {
      await this.#db.compactRange(bounds.gte, bounds.lt)
    } catch (err) {
      throw translate(err, this.dir)
    }
  }

  /** Closes the database, releases its lock and marks the session closed cleanly. */
  async close (): Promise<void> {
    await this.#db.close()
    markClosed(this.dir)
    log('closed %s', this.dir)
  }
}

function locked (dir: string, cause?: unknown): VaultError {
  return new VaultError('ERR_VAULT_LOCKED', `The vault at ${dir} is in use by another techo process; stop it, or run this command through it, and try again.`, { cause })
}

/** The same bytes as a plain Uint8Array: level hands out Buffers, whose slice() shares memory instead of copying. */
function plain (bytes: Uint8Array): Uint8Array {
  return bytes.constructor === Uint8Array ? bytes : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

/** The innermost error of a cause chain: LevelDB's own status, or the system call that failed. */
function root (err: unknown): unknown {
  let e = err
  while (e instanceof Error && e.cause instanceof Error) e = e.cause
  return e
}

/** A LevelDB or file-system failure as the VaultError a user can act on; anything else unchanged. */
function translate (err: unknown, dir: string): unknown {
  if (err instanceof VaultError) return err
  const inner = root(err)
  const reason = inner instanceof Error ? inner.message : String(inner)
  const code = (inner as { code?: unknown } | undefined)?.code
  if (code === 'LEVEL_LOCKED') return locked(dir, err)
  if (code === 'LEVEL_CORRUPTION') return damagedVault(dir, `LevelDB reports ${reason}`, err)
  if (code === 'LEVEL_IO_ERROR' || (inner instanceof Error && 'syscall' in inner)) {
    return new VaultError('ERR_VAULT_IO', `The vault at ${dir} could not be read or written (${reason}); check the disk space and the directory's permissions.`, { cause: err })
  }
  if (code === 'LEVEL_DATABASE_NOT_OPEN') {
    return new VaultError('ERR_VAULT_CLOSED', `The vault at ${dir} is closed; open it again before using it.`, { cause: err })
  }
  return err
}
