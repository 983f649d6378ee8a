// The consent state of a run at any block, rebuilt from the run's own consent transactions: which
// devices stand and which clinics hold which grants. It answers the sync layer's question (may this
// device hold or sync this patient's notebook?) the way sync's authorise() does, so the checker can
// hold every observed delivery, refusal and shred against the chain.
import type { ConsentRecord } from './consent-log.js'
import type { World } from './world.js'

interface GrantState { block: number, until: number, revoked: boolean }

export class ConsentModel {
  readonly #world: World
  readonly #devices = new Map<number, Array<{ block: number, active: boolean }>>()
  readonly #grants = new Map<string, GrantState[]>()
  /** Patient → clinics ever granted. */
  readonly #clinics = new Map<number, Set<number>>()

  constructor (world: World, records: ConsentRecord[]) {
    this.#world = world
    for (const r of [...records].sort((a, b) => a.block - b.block)) {
      if ((r.action === 'approveDevice' || r.action === 'revokeDevice') && r.device !== undefined) {
        push(this.#devices, r.device, { block: r.block, active: r.action === 'approveDevice' })
      } else if ((r.action === 'grant' || r.action === 'revoke') && r.clinic !== undefined) {
        const key = `${r.party}/${r.clinic}`
        const last = this.#grants.get(key)?.at(-1)
        push(this.#grants, key, r.action === 'grant'
          ? { block: r.block, until: r.until ?? Infinity, revoked: false }
          : { block: r.block, until: last?.until ?? 0, revoked: true })
        const clinics = this.#clinics.get(r.party) ?? new Set()
        clinics.add(r.clinic)
        this.#clinics.set(r.party, clinics)
      }
    }
  }

  /** True while device `device` stands approved at block `height`. */
  deviceActive (device: number, height: number): boolean {
    return latest(this.#devices.get(device), height)?.active ?? false
  }

  /** The grant of `patient` to `clinic` as it stood at block `height`, or undefined. */
  grantAt (patient: number, clinic: number, height: number): GrantState | undefined {
    return latest(this.#grants.get(`${patient}/${clinic}`), height)
  }

  /** True while `patient`'s grant to `clinic` is active at block `height` and wall-clock time `time`. */
  grantActive (patient: number, clinic: number, height: number, time: number): boolean {
    const grant = this.grantAt(patient, clinic, height)
    return grant !== undefined && !grant.revoked && grant.until > time
  }

  /** May `device` hold `patient`'s notebook at block `height`, time `time`? Its approval stands and it is the patient's, or its clinic's grant stands. */
  mayHold (device: number, patient: number, height: number, time: number): boolean {
    if (!this.deviceActive(device, height)) return false
    const party = this.#world.devices[device]?.party
    if (party === patient) return true
    return party !== undefined && this.grantActive(patient, party, height, time)
  }

  /** Would `holder` sync `patient`'s notebook with `peer` at that block and time, as sync's authorise() decides? */
  maySync (holder: number, peer: number, patient: number, height: number, time: number): boolean {
    if (!this.mayHold(holder, patient, height, time) || !this.mayHold(peer, patient, height, time)) return false
    const a = this.#world.devices[holder]?.party
    const b = this.#world.devices[peer]?.party
    // A clinic shares a notebook only with the patient's devices and its own.
    return a === patient || b === patient || a === b
  }

  /** The clinics `patient` ever granted during the run. */
  clinicsOf (patient: number): number[] {
    return [...this.#clinics.get(patient) ?? []]
  }

  /** The block at which `patient`'s grant to `clinic` stopped being active after block `after` (revoke), if it did by a revoke. */
  revokedAt (patient: number, clinic: number, after: number): number | undefined {
    return this.#grants.get(`${patient}/${clinic}`)?.find(g => g.block > after && g.revoked)?.block
  }
}

function push<K, V> (map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key) ?? []
  list.push(value)
  map.set(key, list)
}

function latest<T extends { block: number }> (list: T[] | undefined, height: number): T | undefined {
  if (list === undefined) return undefined
  let found: T | undefined
  for (const item of list) {
    if (item.block > height) break
    found = item
  }
  return found
}
