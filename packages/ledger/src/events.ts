// Consent events: what each successful action emits as its receipt and appends to the parties'
// histories. The same JSON serves `history()`, action results and the LedgerView.
import { LedgerError } from './errors.js'
import { oneOf } from './records.js'
import { parseShape, type Shape } from './shape.js'
import { DEVICE_ROLES, PARTY_KINDS, SCOPES, type DeviceRole, type PartyKind, type Scope } from './validate.js'

/** Fields every event carries: block time (ms), block height, transaction hash and signing key. */
export interface EventBase { at: number, block: number, tx: string, signer: string }

export interface RegisterPartyEvent extends EventBase { action: 'registerParty', party: string, kind: PartyKind }
export interface ApproveDeviceEvent extends EventBase { action: 'approveDevice', party: string, device: string, role: DeviceRole, key: string }
export interface RevokeDeviceEvent extends EventBase { action: 'revokeDevice', party: string, device: string }
export interface GrantEvent extends EventBase { action: 'grant', patient: string, notebook: string, clinic: string, scope: Scope, until: number }
export interface RevokeEvent extends EventBase { action: 'revoke', patient: string, notebook: string, clinic: string }
/** `by` is the patient's master key, or the PeerId of the approved device that signed. */
export interface AnchorEvent extends EventBase { action: 'anchor', patient: string, notebook: string, digest: string, seq: number, by: string }

export type ConsentEvent = RegisterPartyEvent | ApproveDeviceEvent | RevokeDeviceEvent | GrantEvent | RevokeEvent | AnchorEvent

const BASE = { action: 'string', at: 'number', block: 'number', tx: 'string', signer: 'string' } as const

const SHAPES: { [A in ConsentEvent['action']]: Shape } = {
  registerParty: { ...BASE, party: 'string', kind: 'string' },
  approveDevice: { ...BASE, party: 'string', device: 'string', role: 'string', key: 'string' },
  revokeDevice: { ...BASE, party: 'string', device: 'string' },
  grant: { ...BASE, patient: 'string', notebook: 'string', clinic: 'string', scope: 'string', until: 'number' },
  revoke: { ...BASE, patient: 'string', notebook: 'string', clinic: 'string' },
  anchor: { ...BASE, patient: 'string', notebook: 'string', digest: 'string', seq: 'number', by: 'string' }
}

/** Parses an event the contract wrote (receipt content or history entry); throws ERR_BAD_CHAIN_DATA if it is not one. */
export function parseEvent (text: string): ConsentEvent {
  const { action } = parseShape(text, { action: 'string' }, 'consent event')
  if (!Object.hasOwn(SHAPES, action)) {
    throw new LedgerError('ERR_BAD_CHAIN_DATA', `The chain holds a consent event for an unknown action "${action}".`)
  }
  const event = parseShape(text, SHAPES[action as ConsentEvent['action']], `${action} event`) as unknown as ConsentEvent
  if (event.action === 'registerParty') oneOf(event.kind, PARTY_KINDS, 'party kind')
  if (event.action === 'approveDevice') oneOf(event.role, DEVICE_ROLES, 'device role')
  if (event.action === 'grant') oneOf(event.scope, SCOPES, 'grant scope')
  return event
}
