// A practitioner device as a clinic workspace that lists its patients uses it: every notebook the
// clinic holds is open, so each follows its patient's changes through the clinic relay. Sync opens a
// clinic replica only when a session or a caller needs it, and a clinic's own devices sync a
// replica only while one of them has it open; without this a practitioner would receive a notebook
// only once someone looked at it, and the run's invariants (every reading reaches every device
// authorised to hold it) would measure who happened to look. The notebooks are opened at start, when
// a grant to the clinic lands, when the device reconnects, and every few seconds: sync closes a
// clinic replica that has had no session for a while (one whose sessions failed while the device was
// offline, or before the relay's view knew the device), and a closed one would otherwise stay closed.
import type { GrantEvent } from '@techo/ledger'
import type { TechoNode } from '@techo/net'
import type { ConsentView, SyncService } from '@techo/sync'

// Wall-clock ms between checks that every held notebook is open (a no-op while they all are).
const REOPEN_MS = 5000

/** Keeps the clinic `clinic`'s notebooks open on this practitioner's service; returns what stops it. */
export function keepClinicNotebooksOpen (service: SyncService, node: TechoNode, view: ConsentView, clinic: string, failed: (err: Error) => void): () => void {
  let stopped = false
  const open = (id: string): void => {
    service.open(id).catch((err: Error & { code?: string }) => {
      // Shredded (a revoke) or stopping while it was being opened: it is not held any more.
      if (stopped || err.code === 'ERR_NOT_HELD') return
      failed(err)
    })
  }
  const openAll = (): void => {
    const alreadyOpen = new Set(service.notebooks().map(n => n.id))
    for (const { id } of service.held()) if (!alreadyOpen.has(id)) open(id)
  }
  // The service's own listener, registered first, has put the grant in its catalog by now.
  const granted = (event: GrantEvent): void => { if (event.clinic === clinic) open(event.notebook) }
  view.on('grant', granted)
  node.addEventListener('peer:connect', openAll)
  const timer = setInterval(openAll, REOPEN_MS).unref()
  openAll()
  return () => {
    stopped = true
    clearInterval(timer)
    view.off('grant', granted)
    node.removeEventListener('peer:connect', openAll)
  }
}
