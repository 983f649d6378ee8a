// Per-peer sync state in the vault, so a reconnect sends only what is new.
import * as Automerge from '@automerge/automerge'
import createDebug from 'debug'
import type { SyncContext } from './context.js'
import type { Replica } from './replica.js'
import type { Session } from './session.js'

const log = createDebug('techo:sync')

/** The sync state saved with `peer` for `notebook`; a fresh one if none was saved or it cannot be read. */
export async function loadSyncState (ctx: SyncContext, notebook: string, peer: string): Promise<Automerge.SyncState> {
  try {
    const saved = await ctx.opts.vault.syncState.get(notebook, peer)
    if (saved !== undefined) return Automerge.decodeSyncState(saved)
  } catch (err) {
    log('starting afresh with %s for %s: %s', peer, notebook, (err as Error).message)
  }
  return Automerge.initSyncState()
}

/** Writes the sync state after the notebook save it depends on, so it never claims changes the vault lacks. */
export async function saveSyncState (ctx: SyncContext, session: Session, replica: Replica): Promise<void> {
  await replica.idle()
  if (!ctx.holds(replica)) return
  try {
    await ctx.opts.vault.syncState.put(replica.id, session.peer, Automerge.encodeSyncState(session.syncState))
  } catch (err) {
    ctx.fail(err as Error)
  }
}
