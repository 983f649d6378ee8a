// The consent client: payloads, the typed Ledger over the iost SDK, deployment, and the
// block-following LedgerView.
export { Ledger, type LedgerConfig, type ActionResult, type DeviceKey, type GrantInput, type RevokeInput, type AnchorInput } from './ledger.js'
export { LedgerReader, type ContractLocation } from './reader.js'
export { LedgerView, type LedgerViewOptions, type LedgerViewEvents, type ViewCheckpoint } from './view.js'
export { ConsentState, type ConsentSnapshot } from './state.js'
export { deployConsentContract, updateConsentContract, type DeployOptions } from './deploy.js'
export { CONSENT_CONTRACT_NAME, consentContractCode } from './contract-source.js'
export {
  buildPayload, signConsentPayload, CONSENT_ACTIONS, MAX_PAYLOAD_CHARS,
  type ActionFields, type ConsentAction, type ConsentPayload, type PayloadEnvelope
} from './payload.js'
export { PARTY_KINDS, DEVICE_ROLES, SCOPES, type PartyKind, type DeviceRole, type Scope } from './validate.js'
export type { PartyRecord, DeviceRecord, GrantRecord, AnchorRecord } from './records.js'
export type {
  ConsentEvent, EventBase, RegisterPartyEvent, ApproveDeviceEvent, RevokeDeviceEvent, GrantEvent, RevokeEvent, AnchorEvent
} from './events.js'
export type { Sponsor } from './iost-sdk.js'
