// Fixed facts of the dev chain. Where IOST has a value (chain id, admin key, tx-pool time
// windows, the per-transaction execution budget), the dev chain uses IOST's own.

/** The chain id of a local IOST node (the node's sample local config), and of the dev chain. */
export const DEV_CHAIN_ID = 1020

/** The port an IOST node serves its HTTP API on, and the dev chain's default. */
export const DEFAULT_PORT = 30001

/** IOST produces a block every 0.5 s. */
export const DEFAULT_BLOCK_INTERVAL_MS = 500

/** IOST's local `admin` account and its well-known Ed25519 key (64-byte secret, as the SDK's KeyPair takes it). */
export const ADMIN_ACCOUNT = 'admin'
export const ADMIN_SECRET_KEY = '2yquS3ySrGWPEKywCPzX4RTJugqRh7kJSo5aehsLYPEWkUxBWA39oMrZ7ZxuM4fgyXYs2cPwh5n8aNNpH5x2VyK1'

/**
 * The largest `/sendTx` body the dev chain reads. The node's gateway reads up to 4 MiB, but a
 * transaction it accepts encodes to at most 65,536 bytes, and its JSON (base64 signatures, data
 * with escaped quotes) stays under three times that; refusing bigger bodies as they arrive keeps
 * megabytes of junk from being parsed and hashed at all.
 */
export const MAX_TX_BODY_BYTES = 256 * 1024

/** How often, at most, checking `/sendTx` bodies pauses a turn of the event loop to let other work in. */
export const ADMIT_SLICE_MS = 10

/** At most this many `/sendTx` bodies wait to be checked; more are refused at once. */
export const MAX_WAITING_ADMISSIONS = 256

/** At most this many transactions wait in the pool (go-iost's pool takes 30,000). */
export const MAX_PENDING_TXS = 3000

/** At most this many characters of transaction JSON wait in the pool. */
export const MAX_PENDING_CHARS = 32 * 1024 * 1024

/** One publisher's share of the pool, so one account's flood leaves room for the others. */
export const MAX_PENDING_PER_PUBLISHER = { count: 1000, chars: 8 * 1024 * 1024 } as const

/**
 * Wall-clock time a block spends running transactions before it leaves the rest for the next
 * one. go-iost's verifiers give a whole block 250 ms; 200 ms keeps a block inside a 500 ms slot
 * with room to answer requests, however many transactions wait.
 */
export const PACK_BUDGET_MS = 200

/** The tx pool refuses a transaction older than this (go-iost `tx.MaxExpiration`). */
export const MAX_TX_AGE_NS = 90_000_000_000n

/** The tx pool refuses a transaction dated further ahead than this (go-iost `maxTxTimeGap`). */
export const MAX_TX_FUTURE_NS = 30_000_000_000n

/**
 * Wall-clock budget for running one transaction's actions. go-iost's `cverifier.TxExecTimeLimit` is
 * 200 ms on a dedicated producer; the dev chain shares two cores with tests and simulations, where a
 * busy moment could kill a tiny transaction at 200 ms, so it allows 1 s (an endless loop still ends).
 */
export const TX_EXEC_TIME_LIMIT_MS = 1000

/** The longest text a JavaScript action may return, in bytes (go-iost `resultMaxLength`). */
export const MAX_RESULT_BYTES = 65536

/** Nested `blockchain.call` depth at which IOST refuses another call. */
export const MAX_CALL_DEPTH = 5

/** IOST keeps at most this many fields in a map's key list (`storage.mapKeys`). */
export const MAX_MAP_KEYS = 256

/** IOST refuses storage keys, fields and values longer than this many bytes. */
export const MAX_STORAGE_VALUE_BYTES = 65536

/** What `/getChainInfo` names the network and protocol (the node's local sample config). */
export const NET_NAME = 'debugnet'
export const PROTOCOL_VERSION = '1.0'

/** Gas every account has: the dev chain does not meter gas per account, so every account has plenty. */
export const ACCOUNT_GAS = 10_000_000_000
