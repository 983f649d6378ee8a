// What a node's sync service holds, in the words `techo peers` and the clinic workspace both use.
import type { SyncLoad } from '@techo/sync'

/** "Notebooks: 3 held, 1 open in memory (0 idle, closing when unused), 3 stored on disk; 2 sync sessions." */
export function loadWords (load: SyncLoad): string {
  const leaving = load.leaving === 0 ? '' : `, ${load.leaving} waiting to move to the clinic's other relays`
  return `Notebooks: ${load.held} held, ${load.open} open in memory (${load.idle} idle, closing when unused), ${load.stored} stored on disk${leaving}; ${load.sessions} sync session${load.sessions === 1 ? '' : 's'}.`
}
