// The vault: one level database per node, opened by one process at a time.
// Plain until unlock() (only the keystore slot, which identity has already
// sealed with the passphrase); after it, the encrypted namespaces work.
import { AuditLog } from './audit.js'
import { ConsentCache } from './consent.js'
import { KEY_BYTES, seal, unseal } from './crypto.js'
import { VaultError, badInput, damagedVault } from './errors.js'
import { Keyring } from './keyring.js'
import { FORMAT, KEYSTORE, KEY_CHECK, RECOVERY, RUN } from './names.js'
import { type CompactionPolicy, DEFAULT_COMPACTION, Notebooks } from './notebooks.js'
import { Store } from './store.js'
import { SyncStates } from './sync-state.js'

const FORMAT_VERSION = '1'
const utf8 = new TextEncoder()
const text = new TextDecoder()
const CHECK = utf8.encode('techo vault at-rest key check v1')

/** Options of openVault(). */
export interface OpenOptions {
  /** Wait for fsync before a durable write resolves (default true). Off only for simulations and benchmarks. */
  durable?: boolean
  /** When notebook chunks are folded into a new snapshot (defaults: DEFAULT_COMPACTION). */
  compaction?: Partial<CompactionPolicy>
  /** Create the database when `dir` holds none (default true); when false, a missing one throws ERR_NO_VAULT and nothing is written. */
  create?: boolean
}

export class Vault {
  /** The directory holding the database. */
  readonly dir: string
  /** Encrypted notebooks: save, load, list, has, shred. */
  readonly notebooks: Notebooks
  /** Encrypted per-peer sync state. */
  readonly syncState: SyncStates
  /** Encrypted JSON cache of consent. */
  readonly consent: ConsentCache
  /** Encrypted, time-ordered audit log. */
  readonly audit: AuditLog
  readonly #store: Store
  readonly #keyring: Keyring
  #closing: Promise<void> | undefined

  constructor (store: Store, run: number, policy: CompactionPolicy) {
    this.dir = store.dir
    this.#store = store
    this.#keyring = new Keyring(store.dir)
    this.audit = new AuditLog(store, this.#keyring, run)
    this.notebooks = new Notebooks(store, this.#keyring, this.audit, policy)
    this.syncState = new SyncStates(store, this.#keyring)
    this.consent = new ConsentCache(store, this.#keyring)
  }

  /** True between a successful unlock() and close(). */
  get unlocked (): boolean {
    return this.#keyring.unlocked
  }

  /**
   * The sealed keystore bytes stored by putSealedKeystore(), or undefined on a new vault. Throws
   * ERR_DAMAGED_VAULT when the marker file says a keystore was stored but the database lost it.
   * Works while locked.
   */
  async getSealedKeystore (): Promise<Uint8Array | undefined> {
    const sealed = await this.#store.get(KEYSTORE)
    if (sealed === undefined && this.#store.identityMarked()) {
      throw damagedVault(this.dir, 'it has lost its keystore, which its identity marker (TECHO-IDENTITY, beside the database files) says was stored')
    }
    return sealed
  }

  /** The recovery slot stored beside the keystore (already wrapped to the party's key), or undefined. Works while locked. */
  async getRecovery (): Promise<Uint8Array | undefined> {
    return await this.#store.get(RECOVERY)
  }

  /**
   * Durably stores the keystore, already sealed with the passphrase by identity, and (if given) the
   * recovery slot that lets the recovery phrase reopen this vault, in one atomic write. Works while locked.
   */
  async putSealedKeystore (sealed: Uint8Array, recovery?: Uint8Array): Promise<void> {
    if (!(sealed instanceof Uint8Array) || sealed.length === 0) throw badInput('The sealed keystore must be non-empty bytes (a Uint8Array).')
    if (recovery !== undefined && (!(recovery instanceof Uint8Array) || recovery.length === 0)) throw badInput('The recovery slot must be non-empty bytes (a Uint8Array).')
    await this.#store.write([
      { type: 'put', key: KEYSTORE, value: sealed },
      ...(recovery === undefined ? [] : [{ type: 'put' as const, key: RECOVERY, value: recovery }])
    ])
    this.#store.markIdentity()
  }

  /**
   * Unlocks the encrypted namespaces with the 32-byte at-rest key from the keystore. The first unlock of
   * a vault binds it to that key; later ones throw ERR_WRONG_KEY for any other key.
   */
  async unlock (atRestKey: Uint8Array): Promise<void> {
    if (!(atRestKey instanceof Uint8Array) || atRestKey.length !== KEY_BYTES) throw badInput(`The at-rest key must be ${KEY_BYTES} bytes.`)
    const check = await this.#store.get(KEY_CHECK)
    if (check === undefined) {
      await this.#store.write([{ type: 'put', key: KEY_CHECK, value: seal(atRestKey, KEY_CHECK, CHECK) }])
    } else {
      let plain: Uint8Array | undefined
      try {
        plain = unseal(atRestKey, KEY_CHECK, check)
      } catch {
        // A check that does not authenticate means another key: reported just below.
      }
      if (plain === undefined || !sameBytes(plain, CHECK)) {
        throw new VaultError('ERR_WRONG_KEY', `The at-rest key does not open the vault at ${this.dir}; the keystore belongs to another vault (or the vault's key check is damaged).`)
      }
    }
    this.#keyring.set(atRestKey)
  }

  /** Waits for queued notebook work, closes the database (releasing it for other processes) and wipes the keys from memory. */
  async close (): Promise<void> {
    this.#closing ??= (async () => {
      try {
        await this.notebooks.idle()
        await this.#store.close()
      } finally {
        this.notebooks.forget()
        this.#keyring.close()
      }
    })()
    await this.#closing
  }
}

/**
 * Opens the vault in `dir`, creating it if missing unless `create` is false (then ERR_NO_VAULT). Throws
 * ERR_VAULT_LOCKED if another process has it open, ERR_DAMAGED_VAULT if its files are damaged or it is
 * not a vault, ERR_UNSUPPORTED_VAULT if a newer techo wrote it.
 */
export async function openVault (dir: string, options: OpenOptions = {}): Promise<Vault> {
  if (typeof dir !== 'string' || dir === '') throw badInput('The vault directory must be a path.')
  const policy = { ...DEFAULT_COMPACTION, ...options.compaction }
  if (!Number.isInteger(policy.maxChunks) || policy.maxChunks < 1 || !(policy.chunkRatio > 0)) {
    throw badInput('The compaction policy needs maxChunks ≥ 1 and chunkRatio > 0.')
  }
  const store = await Store.open(dir, { durable: options.durable ?? true, create: options.create ?? true })
  try {
    const run = await startRun(store)
    return new Vault(store, run, policy)
  } catch (err) {
    await store.close()
    throw err
  }
}

/** Checks the format marker (writing it on a new database) and counts this open; returns its run number. */
async function startRun (store: Store): Promise<number> {
  const format = await store.get(FORMAT)
  if (format === undefined) {
    for await (const [name] of store.scan('', { limit: 1 })) {
      throw new VaultError('ERR_DAMAGED_VAULT', `The directory ${store.dir} holds a database that is not a techo vault (it has ${name} but no format marker); point techo at another directory.`)
    }
  } else if (text.decode(format) !== FORMAT_VERSION) {
    throw new VaultError('ERR_UNSUPPORTED_VAULT', `The vault at ${store.dir} has format ${text.decode(format)}, which this version of techo cannot read; upgrade techo.`)
  }
  const last = await store.get(RUN)
  const run = last === undefined ? 1 : Number(text.decode(last)) + 1
  if (!Number.isSafeInteger(run)) throw new VaultError('ERR_DAMAGED_VAULT', `The vault record ${RUN} is damaged: it is not a number.`)
  await store.write([
    { type: 'put', key: FORMAT, value: utf8.encode(FORMAT_VERSION) },
    { type: 'put', key: RUN, value: utf8.encode(String(run)) }
  ])
  return run
}

function sameBytes (a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}
