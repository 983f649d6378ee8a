// The world the sync tests run in: a real dev chain with the consent contract,
// parties registered and devices approved on it, and for each device a real
// libp2p node over loopback TCP (gated by the ledger), a real vault in a temp
// dir, a LedgerView following the chain, and a SyncService.
import { EVENT_DEADLINE_MS, until } from '../../../test/support/until.js'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Automerge from '@automerge/automerge'
import { actorIdForPeerId, createDeviceKey, generateRecoveryPhrase, masterKeyFromPhrase, type DeviceKey, type MasterKey, notebookIdFor } from '@techo/identity'
import { startDevChain, type DevChain } from '@techo/devchain'
import { CONSENT_CONTRACT_NAME, Ledger, LedgerView, deployConsentContract, type DeviceRole, type PartyKind, type Scope } from '@techo/ledger'
import { createTechoNode, type Role, type TechoNode } from '@techo/net'
import { Notebook } from '@techo/notebook'
import { openVault, type Vault } from '@techo/vault'
import { SyncService, type SyncLimits, type SyncServiceOptions } from '../src/index.js'

// The benchmarks under test/bench/sync reach Automerge through here: the root package does not depend on it.
export * as Automerge from '@automerge/automerge'

/** Limits that keep tests fast: no tie-break wait worth noticing, quick retries. */
export const FAST: Partial<SyncLimits> = { tieBreakMs: 30, syncStateDelayMs: 50, auditIntervalMs: 200, backoff: { baseMs: 50, maxMs: 500 }, relayCheckMs: 200 }

export interface World {
  chain: DevChain
  ledger: Ledger
  /** Registers a new party of this kind. */
  party: (kind: PartyKind) => Promise<MasterKey>
  /**
   * Approves a new device of `party` (with `key`, or a new one) and brings up its node, vault and
   * view (no sync service yet); with `approved` false the device starts before the chain approves it.
   */
  device: (party: MasterKey, role: DeviceRole, key?: DeviceKey, approved?: boolean) => Promise<Device>
  grant: (patient: MasterKey, clinic: MasterKey, scope: Scope, untilMs?: number) => Promise<number>
  revoke: (patient: MasterKey, clinic: MasterKey) => Promise<number>
  close: () => Promise<void>
}

export interface Device {
  party: MasterKey
  key: DeviceKey
  peerId: string
  actor: string
  node: TechoNode
  vault: Vault
  view: LedgerView
  dir: string
  /** PeerIds this device's gater refuses on top of the ledger's verdict (a network partition). */
  blocked: Set<string>
  service?: SyncService
  /** Starts a SyncService on this device (a patient's with its notebook). */
  sync: (options?: Partial<SyncServiceOptions>) => Promise<SyncService>
  /** Waits until this device's view has applied `block`. */
  at: (block: number) => Promise<void>
  stop: () => Promise<void>
}

const NET_ROLE: Record<DeviceRole, Role> = { phone: 'patient', practitioner: 'practitioner', relay: 'relay' }

/** Starts the dev chain (blocks every 50 ms) with the consent contract deployed. */
export async function startWorld (): Promise<World> {
  const chain = await startDevChain({ port: 0, blockIntervalMs: 50 })
  const sponsor = { account: chain.admin.account, secretKey: chain.admin.secretKey }
  await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor })
  const ledger = new Ledger({ url: chain.url, chainId: chain.chainId, contract: CONSENT_CONTRACT_NAME, sponsor, pollMs: 20 })
  const devices: Device[] = []
  const world: World = {
    chain,
    ledger,
    party: async kind => {
      const master = masterKeyFromPhrase(generateRecoveryPhrase())
      await ledger.registerParty(master.seed, kind)
      return master
    },
    device: async (party, role, key, approved = true) => {
      const device = await startDevice(world, party, role, key, approved)
      devices.push(device)
      return device
    },
    grant: async (patient, clinic, scope, untilMs = Date.now() + 3_600_000) =>
      (await ledger.grant(patient.seed, { clinic: clinic.id, notebook: notebookIdFor(patient.id), scope, until: untilMs })).event.block,
    revoke: async (patient, clinic) => (await ledger.revoke(patient.seed, { clinic: clinic.id, notebook: notebookIdFor(patient.id) })).event.block,
    close: async () => {
      await Promise.allSettled(devices.map(async d => await d.stop()))
      await chain.close()
    }
  }
  return world
}

async function startDevice (world: World, party: MasterKey, role: DeviceRole, key = createDeviceKey(), approve = true): Promise<Device> {
  const peerId = key.peerId
  const approved = approve ? (await world.ledger.approveDevice(party.seed, key, role)).event.block : 0
  const dir = await mkdtemp(join(tmpdir(), 'techo-sync-'))
  const vault = await openVault(dir, { durable: false })
  await vault.unlock(randomBytes(32))
  const view = new LedgerView({ url: world.chain.url, contract: CONSENT_CONTRACT_NAME, pollMs: 20 })
  await view.start()
  await view.waitForBlock(approved)
  const blocked = new Set<string>()
  const node = await createTechoNode({ role: NET_ROLE[role], privateKey: key.raw, policy: { admits: id => view.isApprovedDevice(id) && !blocked.has(id) } })
  const actor = actorIdForPeerId(peerId)
  let stopped = false
  const device: Device = {
    party,
    key,
    peerId,
    actor,
    node,
    vault,
    view,
    dir,
    blocked,
    sync: async (options = {}) => {
      const notebooks = role === 'phone' ? [await openNotebook(device)] : undefined
      const service = new SyncService({
        node,
        signer: key,
        vault,
        view,
        self: { party: party.id, role: NET_ROLE[role] },
        notebooks,
        open: (doc, actorId) => Notebook.fromDoc(doc as Automerge.Doc<never>, { actor: actorId, party: party.id }),
        limits: FAST,
        ...options
      })
      device.service = service
      await service.start()
      return service
    },
    at: async block => await view.waitForBlock(block),
    stop: async () => {
      if (stopped) return
      stopped = true
      await device.service?.stop()
      await node.stop()
      await view.stop()
      await vault.close()
      await rm(dir, { recursive: true, force: true })
    }
  }
  return device
}

/** The patient's notebook on its phone: loaded from the vault, or created and saved there. */
async function openNotebook (device: Device): Promise<Notebook> {
  const id = notebookIdFor(device.party.id)
  const doc = await device.vault.notebooks.load(id, { actor: device.actor })
  if (doc !== undefined) return Notebook.fromDoc(doc as Automerge.Doc<never>, { actor: device.actor, party: device.party.id })
  // Every device of a patient starts from the same genesis (the salt follows from the master key, as on a real device).
  const salt = new Uint8Array(createHash('sha256').update(device.party.seed).digest())
  const notebook = Notebook.create({ patientId: device.party.id, actor: device.actor, party: device.party.id, salt })
  await device.vault.notebooks.save(notebook.id, notebook.doc)
  return notebook
}

/** The scene most tests start from: a new world, a patient's phone and devices of a clinic the patient granted `scope`, each past the grant's block. */
export async function grantedScene<R extends DeviceRole[]> (scope: Scope, clinicRoles: [...R]): Promise<{ world: World, patient: MasterKey, clinic: MasterKey, phone: Device, devices: { [K in keyof R]: Device } }> {
  const world = await startWorld()
  const patient = await world.party('patient')
  const clinic = await world.party('clinic')
  const phone = await world.device(patient, 'phone')
  const devices: Device[] = []
  for (const role of clinicRoles) devices.push(await world.device(clinic, role))
  const block = await world.grant(patient, clinic, scope)
  await Promise.all([phone, ...devices].map(async d => await d.at(block)))
  return { world, patient, clinic, phone, devices: devices as { [K in keyof R]: Device } }
}

/** A clinic device's copy of the (single) notebook it syncs, once it has received one. */
export function copyOf (service: SyncService | undefined): Notebook | undefined {
  const held = service?.notebooks()[0]
  return held?.populated === true && held.holder instanceof Notebook ? held.holder : undefined
}

/** A new practitioner device of `clinic`, synced with `phone` directly: the device, its service and its copy of the notebook. */
export async function practitionerOf (world: World, clinic: MasterKey, phone: Device): Promise<{ device: Device, service: SyncService, copy: Notebook }> {
  const device = await world.device(clinic, 'practitioner')
  const service = await device.sync()
  await connect(device, phone)
  await until(() => service.notebooks()[0]?.populated === true, 'the practitioner\'s first sync')
  await service.syncOnce(phone.peerId)
  return { device, service, copy: service.notebooks()[0]?.holder as Notebook }
}

/** The reasons `phone` logged for rejecting what `device` sent, oldest first. */
export async function rejectionsOf (phone: Device, device: Device): Promise<string[]> {
  return (await phone.vault.audit.list()).filter(e => e.kind === 'rejected' && e.peer === device.peerId).map(e => e.detail)
}

/** Waits for `phone` to reject what `device` pushed, and returns the reason it logged. */
export async function rejectionBy (phone: Device, device: Device): Promise<string> {
  await until(async () => (await rejectionsOf(phone, device)).length > 0, 'the rejection in the patient\'s audit log')
  return (await rejectionsOf(phone, device))[0] as string
}

/** Connects two devices' nodes, and waits until both sides hold the connection. */
export async function connect (a: Device, b: Device): Promise<void> {
  // Awaited as an event rather than polled: the benchmarks time this, and the far side completes the
  // handshake a few ms after the dialler.
  const held = (): boolean => b.node.getConnections(a.node.peerId).length > 0
  let opened!: () => void
  const both = new Promise<void>(resolve => { opened = () => { if (held()) resolve() } })
  b.node.addEventListener('connection:open', opened)
  const decided = new AbortController()
  try {
    await a.node.dial(b.node.getMultiaddrs())
    if (!held()) await Promise.race([both, until(held, 'the connection on both sides', EVENT_DEADLINE_MS, decided.signal)])
  } finally {
    decided.abort()
    b.node.removeEventListener('connection:open', opened)
  }
}

/** Cuts the network between two devices: each refuses the other, and their connections drop. */
export async function partition (a: Device, b: Device): Promise<void> {
  a.blocked.add(b.peerId)
  b.blocked.add(a.peerId)
  await a.node.hangUp(b.node.peerId)
  await until(() => b.node.getConnections(a.node.peerId).length === 0, 'the partition to take hold')
}

/** Ends a partition and reconnects the two devices. */
export async function heal (a: Device, b: Device): Promise<void> {
  a.blocked.delete(b.peerId)
  b.blocked.delete(a.peerId)
  await connect(a, b)
}

