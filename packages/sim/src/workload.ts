// The workload: everything that happens during a run, in simulated milliseconds from its start.
// Readings on phones, devices going offline and back, relays cut off and healed, grants, revokes
// and expiries, lost phones and their replacements, and probes (clinics that may not sync trying
// to). Drawn from named random streams, so the same seed gives the same workload.
import type { Scope } from '@techo/ledger'
import type { VitalInput } from '@techo/notebook'
import { Random } from './random.js'
import type { Churn, Scenario } from './scenario.js'
import { addDevice, aliveDevices, buildWorld, connectPhones, grantOverRun, type DeviceSpec, type PartySpec, type World } from './world.js'

export const HOUR_MS = 3_600_000
export const DAY_MS = 24 * HOUR_MS

/** The simulated calendar: readings are dated from here, safely in the past. */
export const SIM_EPOCH_MS = Date.UTC(2025, 0, 1)

export type SimEvent =
  /** A phone records a reading (`reading` numbers readings across the run). */
  | { t: number, type: 'reading', device: number, reading: number, vital: VitalInput }
  | { t: number, type: 'offline' | 'online', device: number }
  /** The relay and these devices can no longer reach each other (cut), or can again (heal). */
  | { t: number, type: 'cut' | 'heal', partition: number, relay: number, devices: number[] }
  /** The patient grants the clinic (again, with an end, for an expiry). `until` is simulated ms. */
  | { t: number, type: 'grant', patient: number, clinic: number, scope: Scope, until?: number }
  | { t: number, type: 'revoke', patient: number, clinic: number }
  /** The phone is lost: it stops for good. */
  | { t: number, type: 'lose', device: number }
  /** The patient restores the notebook on a new phone: it is approved, the lost one revoked. */
  | { t: number, type: 'recover', patient: number, lost: number, device: number }
  /** `from` (a relay) opens a sync session for the patient's notebook with `to` (a phone), which must refuse it. */
  | { t: number, type: 'probe', from: number, to: number, patient: number, why: ProbeReason }

export type ProbeReason = 'revoked' | 'expired' | 'not yet granted'

export interface Plan {
  world: World
  /** Sorted by time; ties keep the order they were drawn in. */
  events: SimEvent[]
  /** Simulated ms the workload lasts. */
  durationMs: number
}

/** Builds the world and its workload from the scenario (pure and deterministic). */
export function plan (scenario: Scenario): Plan {
  const world = buildWorld(scenario)
  const durationMs = scenario.days * DAY_MS
  const events: SimEvent[] = []
  lostPhones(world, events)
  consentWaves(world, new GrantBook(world), events)
  connectPhones(world)
  readings(world, events, durationMs)
  churn(world, events, durationMs)
  partitions(world, events, durationMs)
  // A stable sort: events at the same time keep their drawn order.
  events.sort((a, b) => a.t - b.t)
  return { world, events, durationMs }
}

// What each patient has granted over time, so waves revoke only what stands and grant only what does not.
class GrantBook {
  readonly #world: World
  readonly #changes = new Map<string, Array<{ t: number, active: boolean }>>()

  constructor (world: World) {
    this.#world = world
    for (const g of world.initialGrants) this.set(g.patient, g.clinic, 0, true)
  }

  set (patient: number, clinic: number, t: number, active: boolean): void {
    const key = `${patient}/${clinic}`
    const list = this.#changes.get(key) ?? []
    list.push({ t, active })
    this.#changes.set(key, list)
  }

  activeAt (patient: number, clinic: number, t: number): boolean {
    return (this.#changes.get(`${patient}/${clinic}`) ?? []).filter(c => c.t <= t).at(-1)?.active ?? false
  }

  clinicsOf (patient: number, t: number): number[] {
    return this.#world.clinics.filter(c => this.activeAt(patient, c, t))
  }
}

function consentWaves (world: World, grants: GrantBook, events: SimEvent[]): void {
  const { scenario } = world
  const random = new Random(scenario.seed, 'consent')
  const scope = (): Scope => random.next() < scenario.patients.writeShare ? 'write' : 'read'
  const probe = (t: number, clinic: number, patient: number, why: ProbeReason): void => {
    const to = aliveDevices(world, patient, t)[0]
    if (scenario.probes && to !== undefined) events.push({ t, type: 'probe', from: world.relayOf.get(clinic) as number, to: to.index, patient, why })
  }
  // Expiries: the patient time-limits an existing grant at the start; it lapses on the day given.
  for (const wave of scenario.consent.expiries) {
    const until = wave.day * DAY_MS
    for (const patient of random.sample(world.patients.filter(p => grants.clinicsOf(p, 0).length > 0), wave.share)) {
      const clinic = random.pick(grants.clinicsOf(patient, 0))
      const initial = world.initialGrants.find(g => g.patient === patient && g.clinic === clinic)
      events.push({ t: 0, type: 'grant', patient, clinic, scope: initial?.scope ?? 'read', until })
      grants.set(patient, clinic, until, false)
      probe(until, clinic, patient, 'expired')
    }
  }
  for (const wave of scenario.consent.grants) {
    const t = wave.day * DAY_MS
    for (const patient of random.sample(world.patients.filter(p => grants.clinicsOf(p, t).length < world.clinics.length), wave.share)) {
      const clinic = random.pick(world.clinics.filter(c => !grants.activeAt(patient, c, t)))
      events.push({ t, type: 'grant', patient, clinic, scope: scope() })
      grants.set(patient, clinic, t, true)
      grantOverRun(world, patient, clinic)
      if (t > 0) probe(t / 2, clinic, patient, 'not yet granted')
    }
  }
  for (const wave of scenario.consent.revokes) {
    const t = wave.day * DAY_MS
    for (const patient of random.sample(world.patients.filter(p => grants.clinicsOf(p, t).length > 0), wave.share)) {
      const clinic = random.pick(grants.clinicsOf(patient, t))
      events.push({ t, type: 'revoke', patient, clinic })
      grants.set(patient, clinic, t, false)
      probe(t, clinic, patient, 'revoked')
    }
  }
}

function lostPhones (world: World, events: SimEvent[]): void {
  const random = new Random(world.scenario.seed, 'lost-phones')
  for (const wave of world.scenario.lostPhones) {
    const t = wave.day * DAY_MS
    const recoverAt = t + wave.recoverAfterHours * HOUR_MS
    for (const patient of random.sample(world.patients.filter(p => aliveDevices(world, p, t).length > 0), wave.share)) {
      const lost = aliveDevices(world, patient, t)[0] as DeviceSpec
      lost.until = t
      const party = world.parties[patient] as PartySpec
      const phone = addDevice(world, `${party.name}/phone/${party.devices.length}`, 'phone', patient, [], recoverAt)
      events.push({ t, type: 'lose', device: lost.index })
      events.push({ t: recoverAt, type: 'recover', patient, lost: lost.index, device: phone.index })
    }
  }
}

function readings (world: World, events: SimEvent[], durationMs: number): void {
  const rate = world.scenario.patients.readingsPerDay / DAY_MS
  if (rate === 0) return
  const random = new Random(world.scenario.seed, 'readings')
  let reading = 0
  for (const patient of world.patients) {
    for (let t = random.gap(rate); t < durationMs; t += random.gap(rate)) {
      const alive = aliveDevices(world, patient, t)
      // Between losing a phone and restoring a new one the patient records nothing.
      if (alive.length === 0) continue
      events.push({ t, type: 'reading', device: random.pick(alive).index, reading: reading++, vital: vital(random, t) })
    }
  }
}

function vital (random: Random, t: number): VitalInput {
  const at = new Date(SIM_EPOCH_MS + t).toISOString().replace(/\.\d{3}Z$/, 'Z')
  const around = (mid: number, spread: number, decimals: number): number => Number((mid + random.between(-spread, spread)).toFixed(decimals))
  switch (random.below(6)) {
    case 0: return { kind: 'bp', systolic: around(120, 15, 0), diastolic: around(80, 10, 0), at }
    case 1: return { kind: 'temp', value: around(36.7, 0.6, 1), at }
    case 2: return { kind: 'pulse', value: around(72, 12, 0), at }
    case 3: return { kind: 'weight', value: around(65, 12, 1), at }
    case 4: return { kind: 'glucose', value: around(100, 20, 0), at }
    default: return { kind: 'steps', value: around(7000, 4000, 0), at }
  }
}

function churn (world: World, events: SimEvent[], durationMs: number): void {
  const { scenario } = world
  const random = new Random(scenario.seed, 'churn')
  const episodes = (devices: DeviceSpec[], spec: Churn | undefined): void => {
    if (spec === undefined || spec.episodesPerDay === 0) return
    for (const device of random.sample(devices, spec.share)) {
      const end = Math.min(durationMs, device.until)
      let t = device.from + random.gap(spec.episodesPerDay / DAY_MS)
      while (t < end) {
        const back = Math.min(end, t + random.between(spec.offlineHours[0], spec.offlineHours[1]) * HOUR_MS)
        events.push({ t, type: 'offline', device: device.index })
        // A lost phone stays offline: it never comes back.
        if (back < device.until) events.push({ t: back, type: 'online', device: device.index })
        t = back + random.gap(spec.episodesPerDay / DAY_MS)
      }
    }
  }
  episodes(world.devices.filter(d => d.kind === 'phone'), scenario.churn.patients)
  episodes(world.devices.filter(d => d.kind === 'practitioner'), scenario.churn.practitioners)
}

function partitions (world: World, events: SimEvent[], durationMs: number): void {
  const random = new Random(world.scenario.seed, 'partitions')
  for (const [i, spec] of world.scenario.partitions.entries()) {
    const t = spec.day * DAY_MS
    const heal = Math.min(durationMs, t + spec.hours * HOUR_MS)
    for (const clinic of random.sample(world.clinics, spec.clinics / world.clinics.length)) {
      const relay = world.relayOf.get(clinic) as number
      const devices = world.devices.filter(d => d.relays.includes(relay) && (spec.cut === 'all' || (spec.cut === 'patients') === (d.kind === 'phone'))).map(d => d.index)
      events.push({ t, type: 'cut', partition: i, relay, devices })
      events.push({ t: heal, type: 'heal', partition: i, relay, devices })
    }
  }
}
