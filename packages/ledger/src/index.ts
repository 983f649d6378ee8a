// @techo/ledger: consent on IOST. IOST's own rules (bit-exact with the node), the IOST-compatible
// dev chain, and the consent client: signed payloads, the typed Ledger, the block-following view.
export * from './iost/index.js'
export * from './devchain/index.js'
export * from './client/index.js'
export { LedgerError, type LedgerErrorCode } from './errors.js'
