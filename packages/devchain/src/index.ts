// @techo/devchain: an IOST-compatible single node for development and tests. It serves the IOST
// node's HTTP API on 127.0.0.1, checks transactions with @techo/iost exactly as the node does, runs
// contracts in a sandbox offering IOST's contract API, produces blocks and persists them on level.
export { startDevChain, type DevChain, type DevChainOptions } from './devchain.js'
export { DevChainError, type DevChainErrorCode } from './errors.js'
export { ADMIN_ACCOUNT, ADMIN_SECRET_KEY, DEFAULT_BLOCK_INTERVAL_MS, DEFAULT_PORT, DEV_CHAIN_ID } from './constants.js'
