// Identifiers: notebook ids derived from the patient's key, random entry ids, and entry ids derived
// from outside identifiers so that importing or recording the same thing twice finds the same entry.
import { sha256 } from '@noble/hashes/sha2.js'
import { sha3_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'
import { NotebookError } from './errors.js'

const ACTOR_ID = /^[0-9a-f]{32}$/
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/
// 10 random bytes: 80 bits, collision-free for any notebook's lifetime, 13–14 base58 characters.
const ENTRY_ID_BYTES = 10
/** The shape of an entry id (base58); also a valid FHIR resource id. */
export const ENTRY_ID = /^[1-9A-HJ-NP-Za-km-z]{8,20}$/

/** True when `text` is base58 that decodes to exactly `bytes` bytes. */
export function isBase58Of (text: unknown, bytes: number): text is string {
  return typeof text === 'string' && BASE58.test(text) && base58.decode(text).length === bytes
}

/** True when `text` is a party id: a base58 Ed25519 public key (32 bytes). */
export function isPartyId (text: unknown): text is string {
  return isBase58Of(text, 32)
}

/** True when `text` is an Automerge actor id as devices derive them (32 lowercase hex). */
export function isActorId (text: unknown): text is string {
  return typeof text === 'string' && ACTOR_ID.test(text)
}

/** Throws ERR_BAD_IDENTITY unless `actor` is an Automerge actor id (32 lowercase hex) and `party` a party id. */
export function checkWriter (actor: unknown, party: unknown): void {
  if (!isActorId(actor)) {
    throw new NotebookError('ERR_BAD_IDENTITY', `Actor id ${JSON.stringify(actor)} is not 32 lowercase hex characters.`)
  }
  if (!isPartyId(party)) {
    throw new NotebookError('ERR_BAD_IDENTITY', `Party id ${JSON.stringify(party)} is not a base58 Ed25519 public key.`)
  }
}

/**
 * Returns the notebook id of a patient: "nb" + base58(sha3-256("techo/notebook/v1:" + patientId)),
 * at most 46 ASCII characters without `-` or `@` (a valid IOST storage key). The consent contract
 * recomputes it as "nb" + IOSTCrypto.sha3("techo/notebook/v1:" + patient), so a patient can grant,
 * revoke and anchor only their own notebook and nobody can take a notebook id before its patient.
 */
export function notebookIdFor (patientId: string): string {
  if (!isPartyId(patientId)) {
    throw new NotebookError('ERR_BAD_IDENTITY', `Patient id ${JSON.stringify(patientId)} is not a base58 Ed25519 public key.`)
  }
  return 'nb' + base58.encode(sha3_256(utf8ToBytes('techo/notebook/v1:' + patientId)))
}

/**
 * The Automerge actor that writes a patient's genesis change: the first 16 bytes of
 * sha256("techo/genesis/v1:" + patientId), hex. Only the patient's own devices create it.
 */
export function genesisActorFor (patientId: string): string {
  return bytesToHex(sha256(utf8ToBytes('techo/genesis/v1:' + patientId)).subarray(0, 16))
}

/** Returns a fresh random entry id. */
export function newEntryId (): string {
  return base58.encode(randomBytes(ENTRY_ID_BYTES))
}

/** Returns the entry id for an outside identifier in a namespace (e.g. "import", "consent"): equal inputs, equal ids. */
export function derivedEntryId (namespace: string, key: string): string {
  return base58.encode(sha256(utf8ToBytes(`techo/${namespace}/v1:${key}`)).subarray(0, ENTRY_ID_BYTES))
}
