// The vault's database in a browser: IndexedDB (browser-level), the same keys, values and atomic
// batches as LevelDB under Node (a batch is one IndexedDB transaction, which commits or aborts
// whole). One tab at a time holds a vault (a Web Lock, the browser's LOCK file), so two tabs
// never run the same device twice. There are no files to check or keep private: the browser keeps
// each origin's databases to itself, and a transaction leaves no torn tail to tell from damage.
import { BrowserLevel } from 'browser-level'
import { VaultError } from './errors.js'
import type { Backend, LevelDb } from './level-db.js'

/** IndexedDB database names get this prefix, so a vault named "techo" is the database "techo-vault-techo". */
const PREFIX = 'techo-vault-'

/** Opens (or, if `create`, creates) the IndexedDB database `name`; throws ERR_NO_VAULT, ERR_VAULT_LOCKED or ERR_VAULT_IO. */
export async function openBackend (name: string, options: { durable: boolean, create: boolean }): Promise<Backend> {
  const release = await holdLock(name)
  try {
    if (!options.create && !await exists(PREFIX + name)) throw new VaultError('ERR_NO_VAULT', `There is no vault named ${name} in this browser.`)
    const db = new BrowserLevel<string, Uint8Array>(name, { prefix: PREFIX, keyEncoding: 'utf8', valueEncoding: 'view' })
    await db.open().catch((err: unknown) => { throw translate(err, name) })
    return {
      db: db as unknown as LevelDb,
      // IndexedDB rewrites its own storage; deleted records are gone from what any page can read.
      compact: async () => {},
      translate: err => translate(err, name),
      // A transaction is never half-kept: nothing outside the database needs to remember what it holds.
      markIdentity: () => {},
      identityMarked: () => false,
      close: async () => {
        try {
          await db.close()
        } finally {
          release()
        }
      }
    }
  } catch (err) {
    release()
    throw err
  }
}

/** Takes the vault's Web Lock without waiting; resolves to its release, or throws ERR_VAULT_LOCKED while another tab holds it. */
async function holdLock (name: string): Promise<() => void> {
  return await new Promise((resolve, reject) => {
    navigator.locks.request(`techo-vault:${name}`, { ifAvailable: true }, async lock => {
      if (lock === null) {
        reject(new VaultError('ERR_VAULT_LOCKED', 'Your notebook is open in another tab or window of this browser; close it there and reload this page.'))
        return
      }
      // The lock is held until this promise settles: close() settles it.
      await new Promise<void>(release => { resolve(release) })
    }).catch(reject)
  })
}

async function exists (database: string): Promise<boolean> {
  return (await indexedDB.databases()).some(db => db.name === database)
}

function translate (err: unknown, name: string): unknown {
  if (err instanceof VaultError) return err
  let inner = err
  while (inner instanceof Error && inner.cause instanceof Error) inner = inner.cause
  const code = (err as { code?: unknown } | undefined)?.code
  if (code === 'LEVEL_DATABASE_NOT_OPEN') return new VaultError('ERR_VAULT_CLOSED', `The vault ${name} is closed; open it again before using it.`, { cause: err })
  if ((inner as { name?: unknown } | undefined)?.name === 'QuotaExceededError') {
    return new VaultError('ERR_VAULT_IO', 'This browser has no room left to store your notebook; free some space on the device (or allow this site more storage) and try again.', { cause: err })
  }
  if (code === 'LEVEL_IO_ERROR' || inner instanceof DOMException) {
    return new VaultError('ERR_VAULT_IO', `The vault ${name} could not be read or written (${(inner as Error).message}).`, { cause: err })
  }
  return err
}
