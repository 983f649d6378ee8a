// The simulated world a scenario describes: parties (clinics and patients), their devices (a relay
// and practitioners per clinic, one or two phones per patient, replacement phones for lost ones),
// which relays each device keeps a connection to, and which shard runs each device. Pure: the same
// scenario gives the same world in every process.
import type { Scope } from '@techo/ledger'
import { Random } from './random.js'
import type { Scenario } from './scenario.js'

export type DeviceKind = 'relay' | 'practitioner' | 'phone'

export interface PartySpec {
  index: number
  /** "clinic/3" or "patient/17": names the keys too. */
  name: string
  kind: 'clinic' | 'patient'
  /** Device indices, in the order they are approved. */
  devices: number[]
}

export interface DeviceSpec {
  index: number
  /** "clinic/3/relay", "clinic/3/practitioner/0", "patient/17/phone/1". */
  name: string
  kind: DeviceKind
  party: number
  shard: number
  /** Device indices of the relays this device keeps connected to (none for a relay). */
  relays: number[]
  /** Simulated ms at which the device starts (a replacement phone starts at its recovery). */
  from: number
  /** Simulated ms at which the device is lost for good (Infinity for most). */
  until: number
}

export interface GrantSpec { patient: number, clinic: number, scope: Scope }

export interface World {
  scenario: Scenario
  parties: PartySpec[]
  devices: DeviceSpec[]
  /** Party indices of clinics, in clinic order; relayOf[clinic order] is its relay's device index. */
  clinics: number[]
  relayOf: Map<number, number>
  patients: number[]
  /** Grants made during set-up (before the run starts). */
  initialGrants: GrantSpec[]
  /** The clinics each patient grants at some point (initially or later), by patient party index. */
  grantedOverRun: Map<number, number[]>
}

/** Builds the parties, their first devices and the initial grants; the workload adds replacement phones and later grants. */
export function buildWorld (scenario: Scenario): World {
  const parties: PartySpec[] = []
  const devices: DeviceSpec[] = []
  const addParty = (name: string, kind: PartySpec['kind']): PartySpec => {
    const party: PartySpec = { index: parties.length, name, kind, devices: [] }
    parties.push(party)
    return party
  }
  const clinics = Array.from({ length: scenario.clinics.count }, (_, c) => addParty(`clinic/${c}`, 'clinic').index)
  const patients = Array.from({ length: scenario.patients.count }, (_, p) => addParty(`patient/${p}`, 'patient').index)
  const world: World = { scenario, parties, devices, clinics, relayOf: new Map(), patients, initialGrants: [], grantedOverRun: new Map() }

  // Relays first, then practitioners, then phones, each dealt round-robin over the shards, so every
  // shard gets its share of each kind and most phone-to-relay links cross shards.
  for (const [c, clinic] of clinics.entries()) world.relayOf.set(clinic, addDevice(world, `clinic/${c}/relay`, 'relay', clinic, [], 0).index)
  for (const [c, clinic] of clinics.entries()) {
    for (let i = 0; i < scenario.clinics.practitioners; i++) addDevice(world, `clinic/${c}/practitioner/${i}`, 'practitioner', clinic, [world.relayOf.get(clinic) as number], 0)
  }
  const random = new Random(scenario.seed, 'world')
  const twoPhones = new Set(random.sample(patients, scenario.patients.twoDevices))
  for (const [p, patient] of patients.entries()) {
    for (let k = 0; k < scenario.patients.clinicsEach; k++) {
      const clinic = clinics[(p + k) % clinics.length] as number
      world.initialGrants.push({ patient, clinic, scope: random.next() < scenario.patients.writeShare ? 'write' : 'read' })
      grantOverRun(world, patient, clinic)
    }
    const phones = twoPhones.has(patient) ? 2 : 1
    for (let i = 0; i < phones; i++) addDevice(world, `patient/${p}/phone/${i}`, 'phone', patient, [], 0)
  }
  return world
}

/** Adds a device of `party`, dealt to the next shard in turn. */
export function addDevice (world: World, name: string, kind: DeviceKind, party: number, relays: number[], from: number): DeviceSpec {
  const index = world.devices.length
  const device: DeviceSpec = { index, name, kind, party, shard: index % world.scenario.shards, relays, from, until: Infinity }
  world.devices.push(device)
  world.parties[party]?.devices.push(index)
  return device
}

/** Notes that `patient` grants `clinic` during the run: the patient's phones keep its relay connected from the start. */
export function grantOverRun (world: World, patient: number, clinic: number): void {
  const granted = world.grantedOverRun.get(patient) ?? []
  if (!granted.includes(clinic)) granted.push(clinic)
  world.grantedOverRun.set(patient, granted)
}

/** Fills in each phone's relays: those of every clinic its patient grants at some point of the run. */
export function connectPhones (world: World): void {
  for (const device of world.devices) {
    if (device.kind !== 'phone') continue
    device.relays = (world.grantedOverRun.get(device.party) ?? []).map(clinic => world.relayOf.get(clinic) as number)
  }
}

/** The devices of `party` alive at simulated time `t`. */
export function aliveDevices (world: World, party: number, t: number): DeviceSpec[] {
  return (world.parties[party]?.devices ?? []).map(i => world.devices[i] as DeviceSpec).filter(d => d.from <= t && t < d.until)
}

/** The clinic (party index) whose relay is device `relay`. */
export function clinicOfRelay (world: World, relay: number): number {
  return (world.devices[relay] as DeviceSpec).party
}
