// A session as the outside sees it: in `peers()` and in 'session' and 'session-end' events.
import type { Session, SessionStats } from './session.js'

/** One open session, as `peers()` reports it. */
export interface SessionInfo {
  peer: string
  party: string
  notebook: string
  direction: 'inbound' | 'outbound'
  access: string
  inSync: boolean
  stats: SessionStats
}

/** A snapshot of `session` now. */
export function sessionInfo (session: Session): SessionInfo {
  return {
    peer: session.peer,
    party: session.access.party,
    notebook: session.notebook,
    direction: session.direction,
    access: session.access.level,
    inSync: session.inSync,
    stats: session.stats
  }
}
