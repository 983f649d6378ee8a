// The vault's database under Node: LevelDB files in a directory (classic-level). The files are
// checked before LevelDB opens them (see leveldb/check.ts), so LevelDB never sees a damaged one and
// can neither abort nor drop writes; the directory is kept private; a session marker tells a crash's
// torn log tail from damage, and a marker file remembers that the database holds a keystore.
import { ClassicLevel } from 'classic-level'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { VaultError, damagedVault } from './errors.js'
import type { Backend, LevelDb } from './level-db.js'
import { checkDatabase } from './leveldb/check.js'
import { lockHeld } from './leveldb/lock.js'
import { keepPrivate, makePrivateDir } from './private-files.js'
import { lastSession, markClosed, markOpen } from './session-marker.js'

const IDENTITY_MARKER = 'TECHO-IDENTITY'

/** Opens (or, if `create`, creates) the LevelDB database in directory `dir`; throws ERR_NO_VAULT, ERR_VAULT_LOCKED, ERR_DAMAGED_VAULT or ERR_VAULT_IO. */
export async function openBackend (dir: string, options: { durable: boolean, create: boolean }): Promise<Backend> {
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
  return {
    db: db as unknown as LevelDb,
    compact: async (gte, lt) => { await db.compactRange(gte, lt) },
    translate: err => translate(err, dir),
    // LevelDB silently skips a damaged log record on open, so the fact that this vault holds an
    // identity is also kept outside the database: a later open can tell "lost" from "never made".
    markIdentity: () => { writeFileSync(join(dir, IDENTITY_MARKER), 'This vault holds a techo keystore.\n', { flush: true, mode: 0o600 }) },
    identityMarked: () => existsSync(join(dir, IDENTITY_MARKER)),
    close: async () => {
      await db.close()
      markClosed(dir)
    }
  }
}

function locked (dir: string, cause?: unknown): VaultError {
  return new VaultError('ERR_VAULT_LOCKED', `The vault at ${dir} is in use by another techo process; stop it, or run this command through it, and try again.`, { cause })
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
