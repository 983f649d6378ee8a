// Consent payloads: what each action carries, built and checked before anyone signs. The
// envelope binds a payload to one contract deployment (whose id commits to the chain), one
// use (the signer's next nonce) and a short life (expires), so a sponsor can neither replay
// it nor carry it to another chain.
import { signPayload, type SignedPayload } from '@techo/identity'
import { LedgerError } from './errors.js'
import {
  DEVICE_ROLES, PARTY_KINDS, SCOPES, checkCount, checkDigest, checkSignatureText, checkNotebookId, checkOneOf, checkOwnNotebook, checkPartyId, checkPeerId,
  type DeviceRole, type PartyKind, type Scope
} from './validate.js'

/** The fields of each consent action, beside the envelope. */
export interface ActionFields {
  registerParty: { kind: PartyKind }
  /** `chain` and `proof`: the device's proof of possession (device-proof.ts) over this party, chain and contract. */
  approveDevice: { party: string, device: string, role: DeviceRole, chain: number, proof: string }
  revokeDevice: { party: string, device: string }
  grant: { notebook: string, clinic: string, scope: Scope, until: number }
  revoke: { notebook: string, clinic: string }
  /** `device` names the approved device (PeerId) whose key signs, when the master key does not. */
  anchor: { notebook: string, digest: string, seq: number, device?: string }
}

export type ConsentAction = keyof ActionFields

/** Every consent action, in the contract's ABI order. */
export const CONSENT_ACTIONS: readonly ConsentAction[] = ['registerParty', 'approveDevice', 'revokeDevice', 'grant', 'revoke', 'anchor']

/** What binds a payload to a contract, a signer, one use and a deadline. */
export interface PayloadEnvelope {
  /** The consent contract's id (`Contract...`), never a linked name. */
  contract: string
  /** base58 Ed25519 public key of the signing key. */
  signer: string
  /** The signer's next nonce: one more than the nonces it has used. */
  nonce: number
  /** Milliseconds since the epoch after which the contract refuses the payload. */
  expires: number
}

export type ConsentPayload<A extends ConsentAction = ConsentAction> = { action: A } & PayloadEnvelope & ActionFields[A]

// IOST contract ids are "Contract" followed by the base58 hash of the deploying transaction.
const CONTRACT_ID = /^Contract[1-9A-HJ-NP-Za-km-z]{32,44}$/

/** The contract's limit on a payload's length, in characters; `buildPayload`'s checks keep every payload below it. */
export const MAX_PAYLOAD_CHARS = 1024

type Checkers = { [A in ConsentAction]: (fields: Record<string, unknown>, signer: string) => ActionFields[A] }

// A patient's master key signs grants, revokes and its own anchors, so their notebook must be the
// signer's. A device-signed anchor is judged by the contract, which knows the device's party.
const CHECK: Checkers = {
  registerParty: f => ({ kind: checkOneOf(f.kind, PARTY_KINDS, 'The party kind') }),
  approveDevice: f => ({
    party: checkPartyId(f.party, 'The party'),
    device: checkPeerId(f.device),
    role: checkOneOf(f.role, DEVICE_ROLES, 'The device role'),
    chain: checkCount(f.chain, 'The chain id'),
    proof: checkSignatureText(f.proof, 'The device\'s proof of possession')
  }),
  revokeDevice: f => ({ party: checkPartyId(f.party, 'The party'), device: checkPeerId(f.device) }),
  grant: (f, signer) => ({
    notebook: checkOwnNotebook(f.notebook, signer),
    clinic: checkPartyId(f.clinic, 'The clinic'),
    scope: checkOneOf(f.scope, SCOPES, 'The scope'),
    until: checkFuture(f.until)
  }),
  revoke: (f, signer) => ({ notebook: checkOwnNotebook(f.notebook, signer), clinic: checkPartyId(f.clinic, 'The clinic') }),
  anchor: (f, signer) => ({
    notebook: f.device === undefined ? checkOwnNotebook(f.notebook, signer) : checkNotebookId(f.notebook),
    digest: checkDigest(f.digest),
    seq: checkCount(f.seq, 'The anchor sequence'),
    ...(f.device === undefined ? {} : { device: checkPeerId(f.device) })
  })
}

/** Each action's fields beside the envelope; the contract requires all but those in OPTIONAL_FIELDS. */
export const FIELD_NAMES: { [A in ConsentAction]: readonly string[] } = {
  registerParty: ['kind'],
  approveDevice: ['party', 'device', 'role', 'chain', 'proof'],
  revokeDevice: ['party', 'device'],
  grant: ['notebook', 'clinic', 'scope', 'until'],
  revoke: ['notebook', 'clinic'],
  anchor: ['notebook', 'digest', 'seq', 'device']
}

/** The fields an action's payload may leave out: a device-signed anchor names its device. */
export const OPTIONAL_FIELDS: { [A in ConsentAction]?: readonly string[] } = { anchor: ['device'] }

/** The fields every payload carries: the action and the envelope. */
export const ENVELOPE_FIELDS: readonly string[] = ['action', 'contract', 'expires', 'nonce', 'signer']

/** Returns the payload of an action after checking every field as the contract will; throws ERR_BAD_INPUT naming the first bad one. */
export function buildPayload<A extends ConsentAction> (action: A, fields: ActionFields[A], envelope: PayloadEnvelope): ConsentPayload<A> {
  const check = CHECK[action] as ((f: Record<string, unknown>, signer: string) => ActionFields[A]) | undefined
  if (check === undefined) throw new LedgerError('ERR_BAD_INPUT', `"${String(action)}" is not a consent action.`)
  const unknown = Object.keys(fields).filter(name => !FIELD_NAMES[action].includes(name))
  if (unknown.length > 0) throw new LedgerError('ERR_BAD_INPUT', `The ${action} payload has no field "${unknown[0]}".`)
  if (typeof envelope.contract !== 'string' || !CONTRACT_ID.test(envelope.contract)) {
    throw new LedgerError('ERR_BAD_INPUT', `${JSON.stringify(envelope.contract)} is not a contract id; payloads name the contract's id, not a linked name.`)
  }
  const checked: PayloadEnvelope = {
    contract: envelope.contract,
    signer: checkPartyId(envelope.signer, 'The signer'),
    nonce: checkCount(envelope.nonce, 'The nonce'),
    expires: checkCount(envelope.expires, 'The expiry')
  }
  return Object.assign({ action }, checked, check(fields as Record<string, unknown>, checked.signer))
}

/** Signs a payload with a 32-byte Ed25519 seed; throws ERR_BAD_INPUT if the seed is not the payload's signer's. */
export function signConsentPayload (seed: Uint8Array, payload: ConsentPayload): SignedPayload {
  const signed = signPayload(seed, payload)
  if (signed.signer !== payload.signer) {
    throw new LedgerError('ERR_BAD_INPUT', `The key given does not belong to the payload's signer ${payload.signer}.`)
  }
  return signed
}

function checkFuture (until: unknown): number {
  const value = checkCount(until, 'The grant end (until)')
  if (value <= Date.now()) throw new LedgerError('ERR_BAD_INPUT', 'The grant end (until) is already in the past.')
  return value
}
