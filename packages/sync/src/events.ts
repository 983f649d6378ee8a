// The events a SyncService emits, for daemons and UIs that follow sync as it happens.
import type { SessionInfo } from './session-info.js'
import type { SessionEnd } from './session.js'

export interface SyncServiceEvents {
  session: [SessionInfo]
  'session-end': [SessionInfo, SessionEnd]
  /** Remote changes were applied to a notebook. */
  change: [{ notebook: string, peer: string, party: string }]
  /** A peer's hello passed the consent check here (the session may still give way to one already open). */
  authorised: [{ notebook: string, peer: string }]
  /** A session was refused, by us or by the peer. */
  refused: [{ notebook: string, peer: string, reason: string, by: 'us' | 'peer' }]
  /** A message was rejected by the gate. */
  rejected: [{ notebook: string, peer: string, reason: string }]
  shredded: [{ notebook: string, reason: string }]
  anchored: [{ notebook: string, digest: string, seq: number }]
  error: [Error]
}
