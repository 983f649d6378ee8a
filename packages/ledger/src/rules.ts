// The consent contract's rules (contract/consent.js), for a client to apply itself. Given the
// consent state before a call and the call as a block holds it (the payload a party signed and its
// signature), `judgeCall` returns the event the contract emits, or throws the refusal the contract
// would throw. A node can invent a receipt; it cannot sign for a party, so the view believes an
// event only when it follows from a signed payload under these rules. Signatures are checked with
// the node's own IOSTCrypto rules, so the view and the chain agree on every edge case.
import { fromBase58, toBase58 } from '@techo/identity'
import { iostCryptoVerify, sha3Base58 } from '@techo/iost'
import { DEVICE_PROOF_PURPOSE } from './device-proof.js'
import { LedgerError, type LedgerErrorCode } from './errors.js'
import type { ConsentEvent } from './events.js'
import { ENVELOPE_FIELDS, FIELD_NAMES, OPTIONAL_FIELDS } from './payload.js'
import type { ConsentState } from './state.js'
import { DEVICE_ROLES, PARTY_KINDS, SCOPES, isOneOf } from './validate.js'

/** Where a call ran: the contract's id, the block's time (ms, as the contract reads it), height and the transaction. */
export interface CallContext { contract: string, timeMs: number, block: number, tx: string }

const MAX_PAYLOAD = 1024
const MAX_EXPIRY_AHEAD_MS = 24 * 60 * 60 * 1000
const PEER_ID_PREFIX = [0x00, 0x24, 0x08, 0x01, 0x12, 0x20]

type Payload = Record<string, unknown> & { signer: string }

function fail (code: LedgerErrorCode, message: string): never {
  throw new LedgerError(code, message)
}

/**
 * Returns the event the consent contract emits for `action` called with `data` (its JSON argument
 * array) on `state`, at `ctx`; throws the LedgerError of the contract's refusal otherwise. The
 * state is not changed.
 */
export function judgeCall (state: ConsentState, action: string, data: string, ctx: CallContext): ConsentEvent {
  if (!Object.hasOwn(FIELD_NAMES, action)) fail('ERR_BAD_PAYLOAD', `The consent contract has no action "${action}".`)
  const p = open(state, action as ConsentEvent['action'], argsOf(data), ctx)
  const base = { signer: p.signer, at: ctx.timeMs, block: ctx.block, tx: ctx.tx }
  switch (action as ConsentEvent['action']) {
    case 'registerParty': return { action: 'registerParty', ...registerParty(state, p), ...base }
    case 'approveDevice': return { action: 'approveDevice', ...approveDevice(state, p, ctx), ...base }
    case 'revokeDevice': return { action: 'revokeDevice', ...revokeDevice(state, p), ...base }
    case 'grant': return { action: 'grant', ...grant(state, p, ctx), ...base }
    case 'revoke': return { action: 'revoke', ...revoke(state, p), ...base }
    case 'anchor': return { action: 'anchor', ...anchor(state, p), ...base }
  }
}

// The ABI takes two strings: the payload and its signature.
function argsOf (data: string): [unknown, unknown] {
  let args: unknown
  try {
    args = JSON.parse(data)
  } catch {
    return fail('ERR_BAD_PAYLOAD', 'The call\'s arguments are not JSON.')
  }
  if (!Array.isArray(args) || args.length !== 2) fail('ERR_BAD_PAYLOAD', 'The call does not take the payload and its signature.')
  return [args[0], args[1]]
}

// contract: open(), in the contract's order.
function open (state: ConsentState, action: ConsentEvent['action'], [payload, signature]: [unknown, unknown], ctx: CallContext): Payload {
  if (typeof payload !== 'string' || typeof signature !== 'string') fail('ERR_BAD_PAYLOAD', 'The payload and the signature must both be strings.')
  if (payload.length > MAX_PAYLOAD) fail('ERR_PAYLOAD_TOO_LARGE', `The payload is ${payload.length} characters; the limit is ${MAX_PAYLOAD}.`)
  let p: unknown
  try {
    p = JSON.parse(payload)
  } catch {
    return fail('ERR_BAD_PAYLOAD', 'The payload is not JSON.')
  }
  if (p === null || typeof p !== 'object' || Array.isArray(p)) fail('ERR_BAD_PAYLOAD', 'The payload must be a JSON object.')
  const fields = p as Record<string, unknown>
  if (!isKey(fields.signer)) fail('ERR_BAD_PAYLOAD', 'The payload\'s signer is not a base58 Ed25519 public key.')
  if (iostCryptoVerify('ed25519', sha3Base58(payload), signature, fields.signer) !== 1) fail('ERR_BAD_SIGNATURE', 'The signature does not match the payload and its signer.')
  if (fields.action !== action) fail('ERR_BAD_PAYLOAD', `The payload was signed for the action "${String(fields.action)}", not "${action}".`)
  if (fields.contract !== ctx.contract) fail('ERR_BAD_PAYLOAD', `The payload was signed for another contract or chain, not ${ctx.contract}.`)
  const known = [...ENVELOPE_FIELDS, ...FIELD_NAMES[action]]
  const optional = OPTIONAL_FIELDS[action] ?? []
  for (const name of Object.keys(fields)) {
    if (!known.includes(name)) fail('ERR_BAD_PAYLOAD', `The payload has an unknown field "${name}".`)
  }
  for (const name of known) {
    if (!optional.includes(name) && fields[name] === undefined) fail('ERR_BAD_PAYLOAD', `The payload lacks the field "${name}".`)
  }
  if (!isCount(fields.expires)) fail('ERR_BAD_PAYLOAD', 'The payload\'s expires must be a time in milliseconds.')
  if (fields.expires <= ctx.timeMs) fail('ERR_EXPIRED', 'The payload expired before this block.')
  if (fields.expires > ctx.timeMs + MAX_EXPIRY_AHEAD_MS) fail('ERR_BAD_PAYLOAD', 'The payload\'s expiry is more than a day ahead.')
  const expected = state.nonce(fields.signer) + 1
  if (fields.nonce !== expected) fail('ERR_STALE_NONCE', `The payload's nonce is ${JSON.stringify(fields.nonce)} but the signer's next nonce is ${expected}.`)
  return fields as Payload
}

function registerParty (state: ConsentState, p: Payload): { party: string, kind: typeof PARTY_KINDS[number] } {
  if (!isOneOf(p.kind, PARTY_KINDS)) fail('ERR_BAD_PAYLOAD', 'A party\'s kind must be "patient" or "clinic".')
  if (state.party(p.signer) !== undefined) fail('ERR_ALREADY_REGISTERED', `Party ${p.signer} is already registered.`)
  return { party: p.signer, kind: p.kind }
}

function approveDevice (state: ConsentState, p: Payload, ctx: CallContext): { party: string, device: string, role: typeof DEVICE_ROLES[number], key: string } {
  if (p.party !== p.signer) fail('ERR_NOT_AUTHORISED', 'A device approval must be signed by its party\'s master key.')
  requireParty(state, p.signer, null)
  const key = peerIdKey(p.device)
  if (key === null) fail('ERR_BAD_PAYLOAD', 'The device is not a libp2p Ed25519 PeerId.')
  const device = p.device as string
  if (!isOneOf(p.role, DEVICE_ROLES)) fail('ERR_BAD_PAYLOAD', 'A device\'s role must be "phone", "practitioner" or "relay".')
  if (!isCount(p.chain)) fail('ERR_BAD_PAYLOAD', 'The chain id must be a positive whole number.')
  // The text the device signed, as the contract rebuilds it with JSON.stringify (keys in this order).
  const statement = JSON.stringify({ chain: p.chain, contract: ctx.contract, device, party: p.signer, purpose: DEVICE_PROOF_PURPOSE })
  if (typeof p.proof !== 'string' || iostCryptoVerify('ed25519', sha3Base58(statement), p.proof, key) !== 1) {
    fail('ERR_BAD_PROOF', `Device ${device} did not prove it holds its key.`)
  }
  const existing = state.device(device)
  if (existing !== undefined && existing.party !== p.signer) fail('ERR_NOT_AUTHORISED', `Device ${device} belongs to another party.`)
  return { party: p.signer, device, role: p.role, key }
}

function revokeDevice (state: ConsentState, p: Payload): { party: string, device: string } {
  if (p.party !== p.signer) fail('ERR_NOT_AUTHORISED', 'A device revocation must be signed by its party\'s master key.')
  requireParty(state, p.signer, null)
  const device = typeof p.device === 'string' ? state.device(p.device) : undefined
  if (device === undefined || device.party !== p.signer) fail('ERR_NOT_AUTHORISED', `Device ${String(p.device)} is not a device of party ${p.signer}.`)
  if (!device.active) fail('ERR_BAD_PAYLOAD', `Device ${String(p.device)} is already revoked.`)
  return { party: p.signer, device: p.device as string }
}

function grant (state: ConsentState, p: Payload, ctx: CallContext): { patient: string, notebook: string, clinic: string, scope: typeof SCOPES[number], until: number } {
  requireParty(state, p.signer, 'patient')
  const notebook = ownNotebook(p.notebook, p.signer)
  if (!isKey(p.clinic)) fail('ERR_BAD_PAYLOAD', 'The clinic is not a base58 Ed25519 public key.')
  requireParty(state, p.clinic, 'clinic')
  if (!isOneOf(p.scope, SCOPES)) fail('ERR_BAD_PAYLOAD', 'A grant\'s scope must be "read" or "write".')
  if (!isCount(p.until) || p.until <= ctx.timeMs) fail('ERR_BAD_PAYLOAD', 'A grant\'s until must be a future time in milliseconds.')
  return { patient: p.signer, notebook, clinic: p.clinic, scope: p.scope, until: p.until }
}

function revoke (state: ConsentState, p: Payload): { patient: string, notebook: string, clinic: string } {
  requireParty(state, p.signer, 'patient')
  const notebook = ownNotebook(p.notebook, p.signer)
  if (!isKey(p.clinic)) fail('ERR_BAD_PAYLOAD', 'The clinic is not a base58 Ed25519 public key.')
  const current = state.grant(notebook, p.clinic, 0)
  if (current === undefined || current.revoked) fail('ERR_NO_GRANT', `Clinic ${p.clinic} holds no active grant on notebook ${notebook}.`)
  return { patient: p.signer, notebook, clinic: p.clinic }
}

function anchor (state: ConsentState, p: Payload): { patient: string, notebook: string, digest: string, seq: number, by: string } {
  let patient = p.signer
  if (p.device !== undefined) {
    const device = typeof p.device === 'string' ? state.device(p.device) : undefined
    if (device === undefined || !device.active || device.key !== p.signer) fail('ERR_NOT_AUTHORISED', `The anchor is signed by a key that is not an approved device ${JSON.stringify(p.device)}.`)
    patient = device.party
  }
  requireParty(state, patient, 'patient')
  const notebook = ownNotebook(p.notebook, patient)
  if (!isKey(p.digest)) fail('ERR_BAD_PAYLOAD', 'The digest must be base58 of 32 bytes.')
  if (!isCount(p.seq)) fail('ERR_BAD_PAYLOAD', 'The anchor\'s seq must be a positive integer.')
  // The sequence runs per signer, so devices of one patient never contend (contract: anchor).
  const by = p.device === undefined ? p.signer : p.device as string
  const last = state.lastAnchorSeq(notebook, by)
  if (p.seq <= last) fail('ERR_STALE_SEQUENCE', `The anchor's seq ${p.seq} is not above ${by}'s last anchored seq ${last} on notebook ${notebook}.`)
  return { patient, notebook, digest: p.digest, seq: p.seq, by }
}

function requireParty (state: ConsentState, id: string, kind: string | null): void {
  const party = state.party(id)
  if (party === undefined) fail('ERR_NOT_REGISTERED', `${id} is not registered.`)
  if (kind !== null && party.kind !== kind) fail('ERR_NOT_REGISTERED', `${id} is registered as a ${party.kind}, not a ${kind}.`)
}

// The contract recomputes a patient's notebook id from the patient's key.
function ownNotebook (notebook: unknown, patient: string): string {
  if (typeof notebook !== 'string') fail('ERR_BAD_PAYLOAD', 'The notebook id must be a string.')
  if (notebook !== 'nb' + sha3Base58('techo/notebook/v1:' + patient)) fail('ERR_NOT_AUTHORISED', `Notebook ${notebook} is not the notebook of patient ${patient}.`)
  return notebook
}

function isCount (value: unknown): value is number {
  return typeof value === 'number' && value > 0 && value <= Number.MAX_SAFE_INTEGER && Math.floor(value) === value
}

// A party id or digest as the contract accepts it: 32 to 44 characters of base58 that decode to 32 bytes.
function isKey (text: unknown): text is string {
  return typeof text === 'string' && text.length >= 32 && text.length <= 44 && decode(text)?.length === 32
}

// The base58 Ed25519 key inside a libp2p Ed25519 PeerId, as the contract extracts it, or null.
function peerIdKey (text: unknown): string | null {
  if (typeof text !== 'string' || text.length < 46 || text.length > 60) return null
  const bytes = decode(text)
  if (bytes === undefined || bytes.length !== 38 || PEER_ID_PREFIX.some((b, i) => bytes[i] !== b)) return null
  return toBase58(bytes.slice(PEER_ID_PREFIX.length))
}

function decode (text: string): Uint8Array | undefined {
  try {
    return fromBase58(text)
  } catch {
    return undefined
  }
}
