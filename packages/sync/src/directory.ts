// Devices and Automerge actors by party. The gate asks "whose actor is this?"
// for every op's `pred`, so the answer must be a map lookup, not a scan of the
// ledger. Seeded from the view's checkpoint and kept current by its events;
// revoked devices stay listed (inactive), because their past changes still
// belong to their party. A notebook's first change is written by its patient's
// genesis actor (derived from the patient id, not a device): it belongs to the
// patient too, but signs nothing new. A clinic's relay devices decide where its
// replicas live (see placement.ts), so they are kept by party too.
import { actorIdFor, fromBase58, genesisActorFor } from '@techo/identity'
import type { ApproveDeviceEvent, DeviceRole, RevokeDeviceEvent } from '@techo/ledger'
import createDebug from 'debug'
import type { ConsentView } from './consent.js'

const log = createDebug('techo:sync:directory')

/** One approved (or formerly approved) device. */
export interface DeviceEntry {
  peerId: string
  party: string
  role: DeviceRole
  actor: string
  active: boolean
}

export class Directory {
  readonly #byActor = new Map<string, DeviceEntry>()
  readonly #byPeer = new Map<string, DeviceEntry>()
  readonly #byParty = new Map<string, Map<string, DeviceEntry>>()
  readonly #genesis = new Map<string, string>()

  /** Returns a directory of every device the view knows now. */
  static fromView (view: Pick<ConsentView, 'checkpoint'>): Directory {
    const directory = new Directory()
    for (const [peerId, device] of Object.entries(view.checkpoint().state.devices)) {
      directory.#put(peerId, device.party, device.role, device.active, device.key)
    }
    return directory
  }

  /** Records a device approval from the ledger. */
  approve (event: Pick<ApproveDeviceEvent, 'device' | 'party' | 'role' | 'key'>): void {
    this.#put(event.device, event.party, event.role, true, event.key)
  }

  /** Records a withdrawn device approval from the ledger. */
  revoke (event: Pick<RevokeDeviceEvent, 'device'>): void {
    const entry = this.#byPeer.get(event.device)
    if (entry !== undefined) entry.active = false
  }

  /** Records the genesis actor of a patient whose notebook this node syncs. */
  addPatient (party: string): void {
    this.#genesis.set(genesisActorFor(party), party)
  }

  /** The party an actor writes for: a device's party, or the patient of a genesis actor; undefined if unknown. */
  partyOf (actor: string): string | undefined {
    return this.#byActor.get(actor)?.party ?? this.#genesis.get(actor)
  }

  /** The device whose key yields this actor id, or undefined for an actor no approved device ever had. */
  byActor (actor: string): DeviceEntry | undefined {
    return this.#byActor.get(actor)
  }

  /** The device with this PeerId, approved now or before. */
  byPeer (peerId: string): DeviceEntry | undefined {
    return this.#byPeer.get(peerId)
  }

  /** The PeerIds of a party's devices whose approval stands. */
  activeDevices (party: string): string[] {
    return [...this.#byParty.get(party)?.values() ?? []].filter(d => d.active).map(d => d.peerId)
  }

  /** The PeerIds of a party's relay devices whose approval stands. */
  activeRelays (party: string): string[] {
    return [...this.#byParty.get(party)?.values() ?? []].filter(d => d.active && d.role === 'relay').map(d => d.peerId)
  }

  // `key` is the raw key inside `peerId`, taken out by the verified view (the device proved it holds
  // it), so the actor is its hash alone: checking again that it is a curve point took ~1 ms a device,
  // over a minute for a relay with 50,000 patients' phones at every start.
  #put (peerId: string, party: string, role: DeviceRole, active: boolean, key: string): void {
    let actor: string
    try {
      actor = actorIdFor(fromBase58(key))
    } catch (err) {
      log('ignoring device %s: %s', peerId, (err as Error).message)
      return
    }
    // The contract keeps one record per device, so a later approval replaces the earlier one.
    const entry: DeviceEntry = { peerId, party, role, actor, active }
    this.#byParty.get(this.#byPeer.get(peerId)?.party ?? party)?.delete(peerId)
    this.#byActor.set(actor, entry)
    this.#byPeer.set(peerId, entry)
    let devices = this.#byParty.get(party)
    if (devices === undefined) this.#byParty.set(party, devices = new Map())
    devices.set(peerId, entry)
  }
}
