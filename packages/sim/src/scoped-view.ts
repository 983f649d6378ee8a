// The shard's one LedgerView as each device's SyncService sees it: every lookup (devices, parties,
// grants, anchors) and the block and consent events go straight to the real view, but the device
// directory a service builds from the view's checkpoint, and keeps current from its approval
// events, covers only the parties whose changes can appear in the notebooks that device syncs (its
// own party, and the patients and clinics it shares notebooks with over the run).
//
// Why: sync derives an actor id (an Ed25519 point check, ~1 ms) for every device in the checkpoint
// at every service start, and again for every approval in every service. One view shared by
// thousands of services makes that devices × services: with 1,000 nodes in a shard, many minutes
// of CPU before the first reading. A per-process directory in sync would remove it; until then the
// simulator scopes it. A device of an unrelated party never authors a change these notebooks carry.
import { VIEW_CHECKPOINT_VERSION, type ConsentSnapshot, type DeviceRecord, type LedgerView, type LedgerViewEvents, type ViewCheckpoint } from '@techo/ledger'
import type { ConsentView } from '@techo/sync'

type Listener = (...args: never[]) => void

/** Indexes the view's devices by party once per process, kept current from its events. */
export class DeviceIndex {
  readonly #view: LedgerView
  readonly #byParty = new Map<string, Map<string, DeviceRecord>>()

  constructor (view: LedgerView) {
    this.#view = view
    for (const [peerId, device] of Object.entries(view.checkpoint().state.devices)) this.#put(peerId, device)
    view.on('approveDevice', e => this.#put(e.device, { party: e.party, role: e.role, key: e.key, active: true, at: e.at }))
    view.on('revokeDevice', e => {
      for (const devices of this.#byParty.values()) {
        const device = devices.get(e.device)
        if (device !== undefined) devices.set(e.device, { ...device, active: false, at: e.at })
      }
    })
  }

  /** A view for one device's SyncService whose directory covers only `parties` (base58 party ids). */
  scoped (parties: ReadonlySet<string>): ConsentView {
    const view = this.#view
    const wrapped = new Map<Listener, Listener>()
    const relevant = (event: string, args: unknown[]): boolean => {
      if (event !== 'approveDevice' && event !== 'revokeDevice') return true
      const e = args[0] as { device: string, party?: string }
      return parties.has(e.party ?? this.#partyOf(e.device) ?? '')
    }
    const scoped: ConsentView = {
      device: peerId => view.device(peerId),
      party: id => view.party(id),
      grant: (notebook, clinic) => view.grant(notebook, clinic),
      grants: notebook => view.grants(notebook),
      grantsForClinic: clinic => view.grantsForClinic(clinic),
      lastAnchor: notebook => view.lastAnchor(notebook),
      lastAnchorSeq: (notebook, by) => view.lastAnchorSeq(notebook, by),
      checkpoint: (): ViewCheckpoint => {
        const devices: ConsentSnapshot['devices'] = {}
        for (const party of parties) for (const [peerId, device] of this.#byParty.get(party) ?? []) devices[peerId] = device
        return { version: VIEW_CHECKPOINT_VERSION, contractId: '', block: view.height, state: { parties: {}, devices, grants: {}, anchors: {}, nonces: {} } }
      },
      on: (event: keyof LedgerViewEvents, listener: Listener) => {
        const filtered: Listener = (...args: never[]) => { if (relevant(event, args)) listener(...args) }
        wrapped.set(listener, filtered)
        view.on(event, filtered as never)
        return scoped as never
      },
      off: (event: keyof LedgerViewEvents, listener: Listener) => {
        view.off(event, (wrapped.get(listener) ?? listener) as never)
        wrapped.delete(listener)
        return scoped as never
      }
    } as ConsentView
    return scoped
  }

  #put (peerId: string, device: DeviceRecord): void {
    const devices = this.#byParty.get(device.party) ?? new Map<string, DeviceRecord>()
    devices.set(peerId, device)
    this.#byParty.set(device.party, devices)
  }

  #partyOf (peerId: string): string | undefined {
    return this.#view.device(peerId)?.party
  }
}
