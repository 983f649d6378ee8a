// A clinic daemon's replicas, as its sync service holds them: opened when a command or the page asks
// for one (and synced with the connected devices that have it), the Notebook a write goes through
// (so sync carries it to the patient at once), and the grant it stands on, from the ledger view.
import { notebookIdFor } from '@techo/identity'
import { Notebook } from '@techo/notebook'
import { checkWriteGrant, type ReplicaSource } from '../access/clinic-notebook.js'
import { type DaemonServices } from './services.js'
import { running } from './sync-routes.js'

const FIRST_COPY_WAIT_MS = 3000

/** The replicas `services` sync for clinic `party`, telling `viewed` each patient whose notebook is read; while sync waits for the chain, a clear error. */
export function syncedReplicas (services: DaemonServices, party: string, viewed: (patient: string) => void = () => {}): ReplicaSource {
  return {
    find: async patient => {
      const id = notebookIdFor(patient)
      const sync = running(services)
      let held = await sync.open(id)
      // A replica opened for the first time here may arrive from the clinic's relay within moments.
      for (const started = Date.now(); held !== undefined && !held.populated && Date.now() - started < FIRST_COPY_WAIT_MS;) {
        await new Promise(resolve => setTimeout(resolve, 50))
        held = sync.notebook(id)
      }
      if (held !== undefined && held.populated && held.holder instanceof Notebook) {
        viewed(patient)
        return { held: held.holder }
      }
      if (held !== undefined) return { missing: 'not-received' }
      const grant = services.view()?.grant(id, party)
      if (grant === undefined) return { missing: 'no-grant' }
      return { missing: grant.active ? 'not-received' : grant.revoked ? 'revoked' : 'expired' }
    },
    list: async () => {
      const sync = running(services)
      const open = new Map(sync.notebooks().map(n => [n.id, n.populated]))
      return sync.held().map(({ id, owner }) => ({ patient: owner, received: open.get(id) ?? true }))
    },
    mayWrite: async patient => {
      running(services)
      checkWriteGrant(patient, services.view()?.grant(notebookIdFor(patient), party))
    }
  }
}
