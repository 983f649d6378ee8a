// Time compression. A simulated day lasts `daySeconds` of wall-clock time, so the protocol's own
// timers, which a real device runs in real time, run that much faster here: reconnect backoff, the
// tie-break, sync-state saves, audit flushes, the check for links to relays and the anchor interval. Each is kept above a floor
// below which it would only burn CPU (a 1 ms backoff is a busy loop, not a faster phone).
// Keepalive and idle limits detect dead links and are wall-clock by nature: they come from the
// scenario unscaled.
import { DEFAULT_LIMITS, type SyncLimits } from '@techo/sync'
import type { Scenario } from './scenario.js'
import { DAY_MS } from './workload.js'

/** Maps simulated time to wall-clock time for one run. */
export class SimClock {
  /** Wall-clock ms (epoch) at simulated time 0. */
  readonly startAt: number
  /** Simulated ms per wall-clock ms. */
  readonly compression: number

  constructor (startAt: number, daySeconds: number) {
    this.startAt = startAt
    this.compression = DAY_MS / (daySeconds * 1000)
  }

  /** The wall-clock time (epoch ms) of simulated time `t`. */
  wallAt (t: number): number {
    return this.startAt + t / this.compression
  }

  /** The simulated time at wall-clock time `wall` (epoch ms). */
  simAt (wall: number): number {
    return (wall - this.startAt) * this.compression
  }

  /** A real-time protocol interval as it runs in this simulation, never below `floorMs`. */
  scaled (realMs: number, floorMs: number): number {
    return Math.max(floorMs, Math.round(realMs / this.compression))
  }
}

/** The sync limits of every device in the run: real-time timers compressed, liveness limits from the scenario. */
export function simLimits (clock: SimClock, scenario: Scenario): Partial<SyncLimits> {
  return {
    tieBreakMs: clock.scaled(DEFAULT_LIMITS.tieBreakMs, 20),
    syncStateDelayMs: clock.scaled(DEFAULT_LIMITS.syncStateDelayMs, 100),
    auditIntervalMs: clock.scaled(DEFAULT_LIMITS.auditIntervalMs, 1000),
    backoff: { baseMs: clock.scaled(DEFAULT_LIMITS.backoff.baseMs, 50), maxMs: clock.scaled(DEFAULT_LIMITS.backoff.maxMs, 1000) },
    relayCheckMs: clock.scaled(DEFAULT_LIMITS.relayCheckMs, 1000),
    keepaliveMs: scenario.network.keepaliveMs,
    idleTimeoutMs: scenario.network.idleTimeoutMs
  }
}

/** The daemon anchors at most every 5 s of its real time: compressed like the other timers. */
export function anchorIntervalMs (clock: SimClock): number {
  return clock.scaled(5000, 250)
}
