// The keys of one run's world, derived on first use and kept: a shard derives only the keys of the
// parties and devices it touches, the lead those it signs for.
import type { DeviceKey, MasterKey } from '@techo/identity'
import { simDeviceKey, simMasterKey } from './keys.js'
import type { World } from './world.js'

export class Keys {
  readonly #world: World
  readonly #parties = new Map<number, MasterKey>()
  readonly #devices = new Map<number, DeviceKey>()
  readonly #byPeer = new Map<string, number>()

  constructor (world: World) {
    this.#world = world
  }

  /** The master key of party `index`. */
  party (index: number): MasterKey {
    let key = this.#parties.get(index)
    if (key === undefined) {
      key = simMasterKey(this.#world.scenario.seed, this.#world.parties[index]?.name ?? `party/${index}`)
      this.#parties.set(index, key)
    }
    return key
  }

  /** The device key of device `index`. */
  device (index: number): DeviceKey {
    let key = this.#devices.get(index)
    if (key === undefined) {
      key = simDeviceKey(this.#world.scenario.seed, this.#world.devices[index]?.name ?? `device/${index}`)
      this.#devices.set(index, key)
      this.#byPeer.set(key.peerId, index)
    }
    return key
  }

  /** The device index of a PeerId among the devices derived so far, or undefined. */
  deviceOf (peerId: string): number | undefined {
    return this.#byPeer.get(peerId)
  }
}
