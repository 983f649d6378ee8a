// The active patients' phones: each the phone that wrote its patient's stored notebook (approved on
// the chain when the world was generated), with that notebook and its proofs in a vault of its own,
// a libp2p node and a patient's sync service. One ledger view serves them all: a hundred views
// polling the chain would cost this 2-core machine more than the relay being measured.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Automerge from '@automerge/automerge'
import { actorIdForPeerId, notebookIdFor } from '@techo/identity'
import type { LedgerView } from '@techo/ledger'
import { createTechoNode, multiaddr, type TechoNode } from '@techo/net'
import { Notebook } from '@techo/notebook'
import { SyncService } from '@techo/sync'
import { openVault, type Vault } from '@techo/vault'
import type { ActivePatient } from './stored.js'

export interface Phone { notebook: Notebook, service: SyncService, node: TechoNode, vault: Vault, dir: string }

/** Starts the phone of `patient`, connected to the relay at `relay` (multiaddrs ending in its PeerId). */
export async function startPhone (patient: ActivePatient, view: LedgerView, relay: string[]): Promise<Phone> {
  const { master, phone } = patient
  const actor = actorIdForPeerId(phone.peerId)
  const dir = await mkdtemp(join(tmpdir(), 'techo-bench-phone-'))
  const vault = await openVault(dir, { durable: false })
  await vault.unlock(crypto.getRandomValues(new Uint8Array(32)))
  const doc = Automerge.load<never>(patient.notebook, { actor })
  await vault.notebooks.save(notebookIdFor(master.id), doc, { proofs: patient.proofs })
  const notebook = Notebook.fromDoc(doc, { actor, party: master.id })
  const node = await createTechoNode({ role: 'patient', privateKey: phone.raw, policy: { admits: id => view.isApprovedDevice(id) } })
  const service = new SyncService({ node, signer: phone, vault, view, self: { party: master.id, role: 'patient' }, notebooks: [notebook] })
  await service.start()
  await retrying(async () => { await node.dial(relay.map(a => multiaddr(a))) })
  return { notebook, service, node, vault, dir }
}

/** Stops a phone and removes its vault. */
export async function stopPhone (phone: Phone): Promise<void> {
  await phone.service.stop()
  await phone.node.stop()
  await phone.vault.close()
  await rm(phone.dir, { recursive: true, force: true })
}

/** Syncs `phone` with the relay until both hold the same notebook, trying again as `startPhone` dials. */
export async function inStep (phone: Phone, relay: string): Promise<void> {
  await retrying(async () => { await phone.service.syncOnce(relay) })
}

// A busy machine can take longer than libp2p allows for the handshake; the phone tries again, as a
// phone would, for up to a minute.
async function retrying (attempt: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      return await attempt()
    } catch (err) {
      if (Date.now() > deadline) throw err
      await new Promise(resolve => setTimeout(resolve, 1000))
    }
  }
}
