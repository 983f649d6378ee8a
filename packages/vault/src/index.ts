// @techo/vault: local storage on level. Encrypted notebooks (snapshot plus
// incremental chunks, each notebook under its own key), the sealed keystore,
// per-peer sync state, a consent cache and the audit log; atomic writes;
// crypto-shredding. Everything starts at openVault().
export { openVault, type Vault, type OpenOptions } from './vault.js'
export { DEFAULT_COMPACTION, type Notebooks, type CompactionPolicy, type SaveOptions, type SaveResult, type LoadOptions } from './notebooks.js'
export type { AuditLog, AuditEvent, AuditQuery } from './audit.js'
export type { ConsentCache, Json } from './consent.js'
export type { SyncStates } from './sync-state.js'
export { cachedSave, carrySave, rememberSave } from './saves.js'
export { VaultError, type VaultErrorCode } from './errors.js'
