// @techo/backoff: one retry schedule for every package that redials or re-polls: exponential delays
// with jitter and a cap (sync's reconnects, net's kept relays, the ledger view's polling, the
// daemon's wait for the chain).
export { Backoff, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js'
