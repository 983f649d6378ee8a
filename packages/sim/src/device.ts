// The one place a simulated device is built, as the techo daemon builds one: a vault (on tmpfs when
// the machine has it, not fsynced), a libp2p node for its role over real TCP, its gater fed by the
// shard's shared ledger view, and a SyncService (a phone with its own notebook and anchoring, clinic
// devices with replicas that follow their grants, a practitioner with its clinic's notebooks open).
// Every construction of createTechoNode and SyncService in the simulator is here, each given the
// device's own DeviceKey, which signs its changes.
import { randomBytes } from 'node:crypto'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { DeviceKey, MasterKey } from '@techo/identity'
import { notebookIdFor, actorIdForPeerId } from '@techo/identity'
import type { Ledger, LedgerView } from '@techo/ledger'
import { createTechoNode, type PeerPolicy, type Role, type TechoNode } from '@techo/net'
import { Notebook } from '@techo/notebook'
import { SyncService, type ConsentView, type SyncLimits } from '@techo/sync'
import { openVault, type Vault } from '@techo/vault'
import { notebookSalt } from './keys.js'
import { keepClinicNotebooksOpen } from './workspace.js'
import type { DeviceKind, DeviceSpec } from './world.js'

const ROLE: Record<DeviceKind, Role> = { relay: 'relay', practitioner: 'practitioner', phone: 'patient' }

/** What every device of a shard shares. */
export interface DeviceEnvironment {
  /** The shard's one view of the chain (gaters ask it directly). */
  view: LedgerView
  /** Publishes anchors; undefined when the scenario turns anchoring off. */
  ledger: Ledger | undefined
  anchorIntervalMs: number
  limits: Partial<SyncLimits>
  /** 0 turns libp2p's connection monitor off. */
  monitorMs: number
  /** Where vault directories go. */
  workDir: string
  /** The interface relays listen on. */
  host: string
  /** A device's failure outside its sync service's own error events. */
  failed: (spec: DeviceSpec, err: Error) => void
}

export interface DeviceInit {
  spec: DeviceSpec
  key: DeviceKey
  /** The device's party (a patient's master key gives the notebook its salt). */
  party: MasterKey
  /** Relay addresses (ending in /p2p/<id>) this device dials at start and keeps. */
  bootstrap: string[]
  /** Who may connect, beyond the bootstrap relays (which net always admits). */
  policy: PeerPolicy
  /** The shard's view as this device's sync service sees it (see scoped-view.ts). */
  view: ConsentView
}

export interface RunningDevice {
  spec: DeviceSpec
  key: DeviceKey
  node: TechoNode
  vault: Vault
  service: SyncService
  /** A phone's own notebook. */
  notebook: Notebook | undefined
  /** Stops sync, the node and the vault, and removes the vault's directory. */
  stop: () => Promise<void>
}

/** Builds and starts one device; on failure, whatever was started is stopped again. */
export async function startDevice (env: DeviceEnvironment, init: DeviceInit): Promise<RunningDevice> {
  const { spec, key, party } = init
  const role = ROLE[spec.kind]
  const dir = join(env.workDir, `device-${spec.index}`)
  await mkdir(dir, { recursive: true })
  const vault = await openVault(dir, { durable: false })
  const cleanups: Array<() => Promise<void>> = [async () => await rm(dir, { recursive: true, force: true }), async () => await vault.close()]
  const undo = async (): Promise<void> => { for (const step of cleanups.splice(0).reverse()) await step().catch(() => {}) }
  try {
    await vault.unlock(randomBytes(32))
    const node = await createTechoNode({
      role,
      privateKey: key.raw,
      // Phones and practitioners sit behind NAT: reachable only through their relay.
      listen: spec.kind === 'relay' ? [`/ip4/${env.host}/tcp/0`] : [],
      bootstrap: init.bootstrap,
      policy: init.policy,
      connectionMonitor: env.monitorMs === 0 ? false : { pingIntervalMs: env.monitorMs },
      ...(spec.kind === 'relay' ? { relay: { maxReservations: 100_000, maxConnections: 100_000 } } : {})
    })
    cleanups.push(async () => await node.stop())
    const notebook = spec.kind === 'phone' ? await ownNotebook(vault, key, party) : undefined
    const service = new SyncService({
      node,
      signer: key,
      vault,
      view: init.view,
      self: { party: party.id, role },
      limits: env.limits,
      ...(notebook !== undefined
        ? { notebooks: [notebook], ...(env.ledger !== undefined ? { anchor: { ledger: env.ledger, intervalMs: env.anchorIntervalMs } } : {}) }
        : { open: (doc, actor) => Notebook.fromDoc(doc as never, { actor, party: party.id }) })
    })
    await service.start()
    cleanups.push(async () => await service.stop())
    if (spec.kind === 'practitioner') {
      const release = keepClinicNotebooksOpen(service, node, init.view, party.id, err => env.failed(spec, err))
      cleanups.push(async () => { release() })
    }
    return { spec, key, node, vault, service, notebook, stop: undo }
  } catch (err) {
    await undo()
    throw err
  }
}

// A phone starts its notebook from the patient's genesis (the same on every phone of the patient),
// as `techo init` and `techo recover` do; a restored phone gets the rest back from a clinic relay.
async function ownNotebook (vault: Vault, key: DeviceKey, party: MasterKey): Promise<Notebook> {
  const actor = actorIdForPeerId(key.peerId)
  const notebook = Notebook.create({ patientId: party.id, salt: notebookSalt(party), actor, party: party.id })
  await vault.notebooks.save(notebookIdFor(party.id), notebook.doc)
  return notebook
}
