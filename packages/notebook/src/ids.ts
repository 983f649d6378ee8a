// Entry ids: random for new entries, derived from outside identifiers so that importing or
// recording the same thing twice finds the same entry; and the check that a writer is well formed.
import { sha256 } from '@noble/hashes/sha2.js'
import { randomBytes, utf8ToBytes } from '@noble/hashes/utils.js'
import { isActorId, isPartyId } from '@techo/identity'
import { base58 } from '@scure/base'
import { NotebookError } from './errors.js'

// 10 random bytes: 80 bits, collision-free for any notebook's lifetime, 13–14 base58 characters.
const ENTRY_ID_BYTES = 10
/** The shape of an entry id (base58); also a valid FHIR resource id. */
export const ENTRY_ID = /^[1-9A-HJ-NP-Za-km-z]{8,20}$/

/** Throws ERR_BAD_IDENTITY unless `actor` is an Automerge actor id (32 lowercase hex) and `party` a party id. */
export function checkWriter (actor: unknown, party: unknown): void {
  if (!isActorId(actor)) {
    throw new NotebookError('ERR_BAD_IDENTITY', `Actor id ${JSON.stringify(actor)} is not 32 lowercase hex characters.`)
  }
  if (!isPartyId(party)) {
    throw new NotebookError('ERR_BAD_IDENTITY', `Party id ${JSON.stringify(party)} is not a base58 Ed25519 public key.`)
  }
}

/** Returns a fresh random entry id. */
export function newEntryId (): string {
  return base58.encode(randomBytes(ENTRY_ID_BYTES))
}

/** Returns the entry id for an outside identifier in a namespace (e.g. "import", "consent"): equal inputs, equal ids. */
export function derivedEntryId (namespace: string, key: string): string {
  return base58.encode(sha256(utf8ToBytes(`techo/${namespace}/v1:${key}`)).subarray(0, ENTRY_ID_BYTES))
}
