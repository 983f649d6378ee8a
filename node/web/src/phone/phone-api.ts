// The notebook page's Api served by the page itself: the same NotebookAccess the daemon serves over
// the notebook (validated edits, one atomic commit with its audit event each), and the status,
// peers and grants of the page's own node.
import { VITALS } from '@techo/notebook'
import type { LedgerReader } from '@techo/ledger'
import { clinicNames } from '../../../src/access/clinic-profile.js'
import { notebookAccess } from '../../../src/access/local-notebook.js'
import { peersAnswer } from '../../../src/daemon/peers-answer.js'
import type { NotebookApi } from '../api.js'
import type { Unlocked } from './identity.js'
import type { PhoneServices } from './phone-node.js'

// Offline the page runs no node: no chain, no sessions, no peers.
const OFFLINE_SERVICES: Parameters<typeof peersAnswer>[0] = {
  view: () => undefined,
  sync: () => undefined,
  chain: () => ({ url: '(offline)', following: false, problem: 'this device is offline' }),
  connectedPeers: () => []
}

/** The Api over the unlocked notebook and the running node (none offline); `reader` reads grants from the chain. */
export function phoneApi (me: Unlocked, services: PhoneServices | undefined, reader: LedgerReader): NotebookApi {
  const { self, notebook: nb, vault } = me
  const startedAt = new Date()
  const event = (kind: string, detail: string): { at: string, kind: string, peer: string, party: string, notebook: string, detail: string } =>
    ({ at: new Date().toISOString(), kind, peer: self.peerId, party: self.party, notebook: nb.id, detail })
  const access = notebookAccess(nb, {
    whoami: { party: self.party, role: 'patient', peerId: self.peerId, notebook: nb.id },
    // The patient's own notebook, on the patient's own device.
    mayWrite: async () => {},
    commit: async events => { await vault.notebooks.save(nb.id, nb.doc, { audit: events }) },
    event,
    audit: async q => await vault.audit.list(q),
    names: async () => await clinicNames(vault),
    close: async () => {
      await services?.stop()
      await vault.close()
    }
  })
  return {
    ...access,
    vitalKinds: async () => VITALS,
    status: async () => {
      const { url, ...chain } = (services ?? OFFLINE_SERVICES).chain()
      return {
        peerId: self.peerId,
        role: 'patient',
        addresses: services?.addresses() ?? [],
        startedAt: startedAt.toISOString(),
        uptimeSeconds: Math.floor((Date.now() - startedAt.getTime()) / 1000),
        chain: url,
        sync: { ...chain, sessions: services?.sync().peers().sessions.length ?? 0 }
      }
    },
    peers: async () => await peersAnswer(services ?? OFFLINE_SERVICES),
    grants: async () => (await reader.grants(nb.id)).map(g => ({ ...g, notebook: nb.id }))
  }
}
