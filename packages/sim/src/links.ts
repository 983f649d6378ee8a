// Which device-to-relay links are up. A link is down while its device is offline or while a
// partition cuts it; both ends' shards apply the same scheduled changes, so the relay's gater
// refuses a cut-off device even when the device runs in another process.
export class Links {
  readonly #offline = new Set<number>()
  readonly #cuts = new Map<string, number>()

  /** True while `device` can reach `relay`. */
  up (device: number, relay: number): boolean {
    return !this.#offline.has(device) && (this.#cuts.get(`${device}/${relay}`) ?? 0) === 0
  }

  /** True while `device` is offline. */
  offline (device: number): boolean {
    return this.#offline.has(device)
  }

  setOffline (device: number, offline: boolean): void {
    if (offline) this.#offline.add(device)
    else this.#offline.delete(device)
  }

  /** Starts (cut true) or ends a partition between `relay` and `devices`; partitions may overlap. */
  cut (relay: number, devices: number[], cut: boolean): void {
    for (const device of devices) {
      const key = `${device}/${relay}`
      const count = (this.#cuts.get(key) ?? 0) + (cut ? 1 : -1)
      if (count > 0) this.#cuts.set(key, count)
      else this.#cuts.delete(key)
    }
  }
}
