// The key layout of the one level database. Every key is ASCII, and ids may
// not contain '/', so one notebook's prefix can never cover another's.
import { badInput } from './errors.js'

/** Plain: the vault format version, written when the database is created. */
export const FORMAT = 'meta/format'
/** Plain: how many times the vault was opened; makes audit keys unique across runs. */
export const RUN = 'meta/run'
/** Plain (identity already sealed it with the passphrase): the keystore. */
export const KEYSTORE = 'keys/keystore'
/** Plain (wrapped to the party's X25519 key by its owner): what the recovery phrase restores. */
export const RECOVERY = 'keys/recovery'
/** Sealed with the at-rest key: proves unlock() was given the right key. */
export const KEY_CHECK = 'keys/check'
/** Prefix of the wrapped per-notebook keys. */
export const NOTEBOOK_KEYS = 'keys/nb/'
/** Prefix of the audit log. */
export const AUDIT = 'audit/'
/** Prefix of the consent cache. */
export const CONSENT = 'consent/'

const ID = /^[A-Za-z0-9._:-]{1,128}$/
const CONSENT_KEY = /^[A-Za-z0-9._:-]+(\/[A-Za-z0-9._:-]+)*$/

/** Throws ERR_BAD_INPUT unless `id` is a usable notebook or peer id. */
export function checkId (what: string, id: unknown): string {
  if (typeof id !== 'string' || !ID.test(id)) {
    throw badInput(`The ${what} ${JSON.stringify(id)} is not valid: use 1 to 128 characters from A-Z a-z 0-9 . _ : -.`)
  }
  return id
}

/** Throws ERR_BAD_INPUT unless `key` is a usable consent-cache key (ids joined by '/'). */
export function checkConsentKey (key: unknown): string {
  if (typeof key !== 'string' || key.length > 512 || !CONSENT_KEY.test(key)) {
    throw badInput(`The consent key ${JSON.stringify(key)} is not valid: use ids (A-Z a-z 0-9 . _ : -) joined by '/'.`)
  }
  return key
}

/** The level range covering every key that starts with `prefix`. */
export function range (prefix: string): { gte: string, lt: string } {
  // Keys are ASCII, so U+FFFF (encoded from 0xEF) sorts after all of them.
  return { gte: prefix, lt: prefix + '\uffff' }
}

/** Where notebook `id`'s key is stored, wrapped with the at-rest key. */
export const notebookKey = (id: string): string => `${NOTEBOOK_KEYS}${id}`
/** The prefix of every data record of notebook `id`. */
export const notebookPrefix = (id: string): string => `nb/${id}/`
/** The prefix of notebook `id`'s incremental chunks. */
export const chunkPrefix = (id: string): string => `nb/${id}/c/`
/** Chunk `seq` of notebook `id`; zero-padded so chunks sort in save order. */
export const chunkKey = (id: string, seq: number): string => `${chunkPrefix(id)}${String(seq).padStart(10, '0')}`
/** Notebook `id`'s head record: the heads of the last save and which chunks exist. */
export const headKey = (id: string): string => `nb/${id}/head`
/** Notebook `id`'s snapshot. */
export const snapshotKey = (id: string): string => `nb/${id}/snap`
/** The authorship proofs kept beside notebook `id` (opaque to the vault: sync's signatures of the changes). */
export const proofsKey = (id: string): string => `nb/${id}/proofs`
/** The tombstone shred() leaves for notebook `id`. */
export const shreddedKey = (id: string): string => `nb/${id}/shredded`
/** The prefix of every sync state of notebook `notebook`. */
export const syncPrefix = (notebook: string): string => `sync/${notebook}/`
/** The sync state of `notebook` with `peer`. */
export const syncKey = (notebook: string, peer: string): string => `${syncPrefix(notebook)}${peer}`
/** Consent-cache entry `key`. */
export const consentKey = (key: string): string => `${CONSENT}${key}`

/** Audit keys sort by event time, then by open-run and append order within it. */
export function auditKey (ms: number, run: number, seq: number): string {
  return `${auditTimePrefix(ms)}/${String(run).padStart(10, '0')}/${String(seq).padStart(10, '0')}`
}

/** The audit key prefix of one millisecond: everything at or after it sorts at or after this. */
export function auditTimePrefix (ms: number): string {
  return `${AUDIT}${String(ms).padStart(15, '0')}`
}
