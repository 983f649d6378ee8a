// When each notebook last synced with a peer, as this daemon saw it: a session opened or reached the
// same state, or changes arrived. Kept in memory: the clinic workspace shows it beside each patient.
import type { SyncService } from '@techo/sync'

/** Follows `sync` and answers when a notebook last synced (undefined: not since this daemon started). */
export class LastSync {
  readonly #at = new Map<string, string>()

  /** Starts following `sync`'s events. */
  follow (sync: SyncService): void {
    const note = (notebook: string): void => { this.#at.set(notebook, new Date().toISOString()) }
    sync.on('session', s => { note(s.notebook) })
    sync.on('change', c => { note(c.notebook) })
    sync.on('session-end', s => { note(s.notebook) })
  }

  /** The last time `notebook` synced, now if a session for it is open and in sync. */
  of (notebook: string, sync: SyncService | undefined): string | undefined {
    if (sync?.peers().sessions.some(s => s.notebook === notebook && s.inSync) === true) return new Date().toISOString()
    return this.#at.get(notebook)
  }
}
