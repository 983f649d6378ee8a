// @techo/sync: the notebook sync protocol. Automerge sync sessions over one
// long-lived libp2p stream per (peer, notebook), authorised against the ledger
// before any notebook byte moves, every incoming message gated before it is
// applied, revocation enforced at the next block.
export { SyncService, type SyncLoad } from './service.js'
export type { SyncServiceEvents } from './events.js'
export type { SessionInfo } from './session-info.js'
export type { RetryInfo } from './reconnect.js'
export type { SyncProgress, SyncOnceOptions } from './sync-once.js'
export { DEFAULT_LIMITS, type SyncLimits, type SyncServiceOptions, type AnchorOptions } from './options.js'
export { SYNC_PROTOCOL } from './handshake.js'
export { PROTOCOL_VERSION, encodeFrame, decodeFrame, type Frame, type RefusalCode } from './frames.js'
export { authorise, type Access, type AccessLevel, type AuthoriseContext, type Decision } from './authorise.js'
export { receiveGated, type GateInput, type GateResult } from './gate.js'
export { checkWrites, ENTRY_ROOT, DEFAULT_WRITE_LIMITS, type Writes, type WriteLimits } from './write-rules.js'
export { judgeChanges, validProofs, type ChangeMeta, type Judgement, type JudgeInput, type Rights } from './authorship.js'
export { signChange, proofVerifies, parseProofs, ProofBook, type ChangeProof, type KnownProof } from './proofs.js'
export { Directory, type DeviceEntry } from './directory.js'
export { MemoryDoc, type DocHolder } from './holder.js'
export type { ConsentView } from './consent.js'
export type { AnchorLedger } from './anchor.js'
export type { SessionEnd, SessionStats } from './session.js'
export { SyncError, type SyncErrorCode } from './errors.js'
