// @techo/ledger: consent on IOST. The consent contract (IOST JavaScript, in ../contract), the
// canonical payloads a party signs, the typed Ledger that publishes them through a sponsor over the
// iost SDK, and the LedgerView that follows the chain and keeps the consent state.
export { Ledger, type LedgerConfig, type ActionResult, type GrantInput, type RevokeInput, type AnchorInput } from './ledger.js'
export { LedgerReader, type ContractLocation } from './reader.js'
export { LedgerView, VIEW_CHECKPOINT_VERSION, type LedgerViewOptions, type LedgerViewEvents, type ViewCheckpoint } from './view.js'
export { chainUrls } from './nodes.js'
export { ConsentState, type ConsentSnapshot } from './state.js'
export {
  proveDevice, verifyDeviceProof, deviceApprovalCode, parseDeviceApprovalCode, DEVICE_PROOF_PURPOSE, type DeviceBinding, type DeviceProof
} from './device-proof.js'
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
export { LedgerError, type LedgerErrorCode } from './errors.js'
