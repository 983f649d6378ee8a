// A clinic daemon's replicas, as its sync service holds them: the Notebook a write goes through
// (so sync carries it to the patient at once), and the grant it stands on, from the ledger view.
import { notebookIdFor } from '@techo/identity'
import { Notebook } from '@techo/notebook'
import { checkWriteGrant, type ReplicaSource } from '../access/clinic-notebook.js'
import { type DaemonServices } from './services.js'
import { running } from './sync-routes.js'

/** The replicas `services` sync for clinic `party`; while sync waits for the chain, a clear error. */
export function syncedReplicas (services: DaemonServices, party: string): ReplicaSource {
  return {
    find: async patient => {
      const id = notebookIdFor(patient)
      const held = running(services).notebooks().find(n => n.id === id)
      if (held !== undefined) return held.populated && held.holder instanceof Notebook ? { held: held.holder } : { missing: 'not-received' }
      const grant = services.view()?.grant(id, party)
      if (grant === undefined) return { missing: 'no-grant' }
      return { missing: grant.active ? 'not-received' : grant.revoked ? 'revoked' : 'expired' }
    },
    list: async () => running(services).notebooks().map(n => ({ patient: n.owner, received: n.populated })),
    mayWrite: async patient => {
      running(services)
      checkWriteGrant(patient, services.view()?.grant(notebookIdFor(patient), party))
    }
  }
}
