// The IOST-compatible dev chain: a single node serving IOST's HTTP API on 127.0.0.1.
export { startDevChain, type DevChain, type DevChainOptions } from './devchain.js'
export { DevChainError, type DevChainErrorCode } from './errors.js'
export { ADMIN_ACCOUNT, ADMIN_SECRET_KEY, DEFAULT_BLOCK_INTERVAL_MS, DEFAULT_PORT, DEV_CHAIN_ID } from './constants.js'
