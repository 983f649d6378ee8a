// Client-side checks of what goes into a consent payload. They mirror the contract's rules so
// an honest caller learns of a mistake before anything is signed or paid for; the contract
// still checks everything, since a sponsor may publish payloads built elsewhere.
import { devicePublicKeyFromPeerId, fromBase58, isPartyId, notebookIdFor } from '@techo/identity'
import { LedgerError } from './errors.js'

/** Party kinds the contract registers. */
export const PARTY_KINDS = ['patient', 'clinic'] as const
/** Device roles the contract approves. */
export const DEVICE_ROLES = ['phone', 'practitioner', 'relay'] as const
/** Grant scopes. */
export const SCOPES = ['read', 'write'] as const

export type PartyKind = typeof PARTY_KINDS[number]
export type DeviceRole = typeof DEVICE_ROLES[number]
export type Scope = typeof SCOPES[number]

function bad (what: string, why: string): never {
  throw new LedgerError('ERR_BAD_INPUT', `${what} ${why}.`)
}

/** Returns the id if it is a party id (base58 Ed25519 public key); throws ERR_BAD_INPUT otherwise. */
export function checkPartyId (id: unknown, what: string): string {
  if (typeof id !== 'string' || !isPartyId(id)) bad(what, `${JSON.stringify(id)} is not a party id (a base58 Ed25519 public key)`)
  return id
}

/** Returns the PeerId string if it is a libp2p Ed25519 PeerId; throws ERR_BAD_INPUT otherwise. */
export function checkPeerId (peerId: unknown, what = 'The device'): string {
  if (typeof peerId !== 'string') bad(what, 'must be a PeerId string')
  try {
    devicePublicKeyFromPeerId(peerId)
  } catch (err) {
    throw new LedgerError('ERR_BAD_INPUT', `${what} is not usable: ${(err as Error).message}`, { cause: err })
  }
  return peerId
}

/** Returns the id if it has the form of a notebook id ("nb" + base58 of a 32-byte hash); throws ERR_BAD_INPUT otherwise. */
export function checkNotebookId (id: unknown): string {
  if (typeof id !== 'string' || !id.startsWith('nb') || decodedLength(id.slice(2)) !== 32) {
    bad('The notebook id', `${JSON.stringify(id)} is not a notebook id ("nb" and base58 of a 32-byte hash)`)
  }
  return id
}

/**
 * Returns the id if it is the patient's own notebook id (what notebookIdFor derives and the
 * contract recomputes); throws ERR_BAD_INPUT otherwise, before anything is signed or paid for.
 */
export function checkOwnNotebook (id: unknown, patient: string): string {
  const notebook = checkNotebookId(id)
  if (notebook !== notebookIdFor(patient)) {
    bad('The notebook id', `${notebook} is not the notebook of ${patient}; a patient grants, revokes and anchors only their own notebook`)
  }
  return notebook
}

/** Returns the text if it is base58 of a 64-byte Ed25519 signature; throws ERR_BAD_INPUT naming it otherwise. */
export function checkSignatureText (signature: unknown, what: string): string {
  if (typeof signature !== 'string' || decodedLength(signature) !== 64) bad(what, `${JSON.stringify(signature)} is not base58 of a 64-byte signature`)
  return signature
}

/** Returns the digest if it is base58 of 32 bytes; throws ERR_BAD_INPUT otherwise. */
export function checkDigest (digest: unknown): string {
  if (typeof digest !== 'string' || decodedLength(digest) !== 32) bad('The digest', `${JSON.stringify(digest)} is not base58 of a 32-byte hash`)
  return digest
}

function decodedLength (text: string): number {
  try {
    return fromBase58(text).length
  } catch {
    return -1
  }
}

/** Returns the value if it is a positive safe integer; throws ERR_BAD_INPUT naming it otherwise. */
export function checkCount (value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) bad(what, `${JSON.stringify(value)} is not a positive whole number`)
  return value
}

/** Returns true if the value is one of the allowed words. */
export function isOneOf<T extends string> (value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value)
}

/** Returns the value if it is one of the allowed words; throws ERR_BAD_INPUT listing them otherwise. */
export function checkOneOf<T extends string> (value: unknown, allowed: readonly T[], what: string): T {
  if (!isOneOf(value, allowed)) bad(what, `${JSON.stringify(value)} is not one of ${allowed.map(a => `"${a}"`).join(', ')}`)
  return value
}
