// The part of an abstract-level database (classic-level, browser-level) the vault's store uses,
// and what a platform's backend hands the store.
import type { Op } from './store.js'

/** A level database with string keys and byte values. */
export interface LevelDb {
  get: (key: string) => Promise<Uint8Array | undefined>
  batch: (ops: Op[], options: { sync: boolean }) => Promise<void>
  iterator: (options: { gte: string, lt: string, reverse: boolean, limit: number }) => AsyncIterable<[string, Uint8Array]>
  keys: (range: { gte: string, lt: string }) => { all: () => Promise<string[]> }
}

/** An open database on one platform, with that platform's care around it. */
export interface Backend {
  readonly db: LevelDb
  /** Rewrites the key range [gte, lt) so deleted values leave the disk (a no-op where the platform does it itself). */
  compact: (gte: string, lt: string) => Promise<void>
  /** The platform's failure as the VaultError a person can act on; anything else unchanged. */
  translate: (err: unknown) => unknown
  /** Notes outside the database that it holds a keystore. */
  markIdentity: () => void
  identityMarked: () => boolean
  /** Closes the database and releases it. */
  close: () => Promise<void>
}
