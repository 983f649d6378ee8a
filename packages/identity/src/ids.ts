// The ids derived from keys, in one place: party ids (base58 Ed25519 public keys), Automerge actor
// ids, a patient's notebook id and the actor of its genesis change. The consent contract and every
// device recompute them, so none may change without a new label.
import { ed25519 } from '@noble/curves/ed25519.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { sha3_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'
import { IdentityError } from './errors.js'

const ACTOR_ID = /^[0-9a-f]{32}$/
const BASE58 = /^[1-9A-HJ-NP-Za-km-z]+$/

/** True when `text` is base58 that decodes to exactly `bytes` bytes. */
export function isBase58Of (text: unknown, bytes: number): text is string {
  return typeof text === 'string' && BASE58.test(text) && base58.decode(text).length === bytes
}

// Checking that a key is a point on the curve costs about a millisecond, and the same few ids are
// checked again at every sync message (each notebook's metadata names its patient): ids found valid
// are remembered, up to a bound a busy clinic relay will not outgrow soon.
const validParties = new Set<string>()
const MAX_REMEMBERED = 10_000

/** True when `text` is a party id: base58 of a 32-byte Ed25519 public key that is a point on the curve. */
export function isPartyId (text: unknown): text is string {
  if (typeof text === 'string' && validParties.has(text)) return true
  if (!isBase58Of(text, 32) || !ed25519.utils.isValidPublicKey(base58.decode(text), false)) return false
  if (validParties.size >= MAX_REMEMBERED) validParties.clear()
  validParties.add(text)
  return true
}

/** True when `text` is an Automerge actor id as devices derive them (32 lowercase hex). */
export function isActorId (text: unknown): text is string {
  return typeof text === 'string' && ACTOR_ID.test(text)
}

/**
 * Returns the notebook id of a patient: "nb" + base58(sha3-256("techo/notebook/v1:" + patientId)),
 * at most 46 ASCII characters without `-` or `@` (a valid IOST storage key). The consent contract
 * recomputes it as "nb" + IOSTCrypto.sha3("techo/notebook/v1:" + patient), so a patient can grant,
 * revoke and anchor only their own notebook and nobody can take a notebook id before its patient.
 */
export function notebookIdFor (patientId: string): string {
  if (!isPartyId(patientId)) {
    throw new IdentityError('ERR_BAD_IDENTITY', `Patient id ${JSON.stringify(patientId)} is not a base58 Ed25519 public key.`)
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
