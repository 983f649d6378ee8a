// The consent contract's current state, as stored in its maps and read back through
// `/getContractStorage`. The key names here are the contract's (contract/consent.js).
import { LedgerError } from './errors.js'
import { parseShape } from './shape.js'
import { DEVICE_ROLES, PARTY_KINDS, SCOPES, isOneOf, type DeviceRole, type PartyKind, type Scope } from './validate.js'

/** Storage keys and map names the contract writes. */
export const KEYS = {
  contractId: 'contract',
  deployedAt: 'since',
  party: 'party',
  device: 'device',
  nonce: 'nonce',
  anchor: 'anchor',
  /** The last anchored seq of each signer (field: the anchor's `by`) on a notebook. */
  anchorSeq: (notebook: string) => `as_${notebook}`,
  grant: (notebook: string) => `g_${notebook}`,
  clinicsOfNotebook: (notebook: string) => `gl_${notebook}`,
  notebooksOfClinic: (clinic: string) => `gc_${clinic}`,
  history: (party: string) => `h_${party}`,
  /** Lists are maps with fields "0", "1", ... and their length in "n". */
  listLength: 'n'
} as const

/** A registered party. `at` is the block time (ms) of its registration. */
export interface PartyRecord { kind: PartyKind, at: number }

/** A device approval: the party it belongs to, its role, its Ed25519 key (base58) and whether it stands. */
export interface DeviceRecord { party: string, role: DeviceRole, key: string, active: boolean, at: number }

/**
 * A grant on a notebook. `active` is true only while it is neither revoked nor past `until`
 * (read against the local clock); `at` is the block time (ms) of the last change.
 */
export interface GrantRecord { patient: string, scope: Scope, until: number, active: boolean, revoked: boolean, at: number }

/** The latest anchored digest of a notebook, with its sequence and the key or device that anchored it. */
export interface AnchorRecord { digest: string, seq: number, by: string, at: number }

/** Reads a stored party record. */
export function parseParty (text: string): PartyRecord {
  const r = parseShape(text, { kind: 'string', at: 'number' }, 'party record')
  return { kind: oneOf(r.kind, PARTY_KINDS, 'party kind'), at: r.at }
}

/** Reads a stored device record. */
export function parseDevice (text: string): DeviceRecord {
  const r = parseShape(text, { party: 'string', role: 'string', key: 'string', active: 'boolean', at: 'number' }, 'device record')
  return { party: r.party, role: oneOf(r.role, DEVICE_ROLES, 'device role'), key: r.key, active: r.active, at: r.at }
}

/** Reads a stored grant, judging expiry against `now` (ms). */
export function parseGrant (text: string, now = Date.now()): GrantRecord {
  const r = parseShape(text, { patient: 'string', scope: 'string', until: 'number', active: 'boolean', at: 'number' }, 'grant record')
  return grantRecord(r.patient, oneOf(r.scope, SCOPES, 'grant scope'), r.until, !r.active, r.at, now)
}

/** Returns a grant record whose `active` accounts for revocation and for expiry at `now` (ms). */
export function grantRecord (patient: string, scope: Scope, until: number, revoked: boolean, at: number, now: number): GrantRecord {
  return { patient, scope, until, active: !revoked && until > now, revoked, at }
}

/** Reads a stored anchor record. */
export function parseAnchor (text: string): AnchorRecord {
  const r = parseShape(text, { digest: 'string', seq: 'number', by: 'string', at: 'number' }, 'anchor record')
  return { digest: r.digest, seq: r.seq, by: r.by, at: r.at }
}

/** Returns the value if it is one of the allowed words; throws ERR_BAD_CHAIN_DATA otherwise. */
export function oneOf<T extends string> (value: string, allowed: readonly T[], what: string): T {
  if (!isOneOf(value, allowed)) throw new LedgerError('ERR_BAD_CHAIN_DATA', `The chain holds an unknown ${what} "${value}"; is the contract id right?`)
  return value
}
