// A scenario file: who is in the simulated world, what they do over how many simulated days, how
// fast a simulated day passes, and the seed that makes the workload reproducible. Read with every
// field checked; a wrong field is an ERR_BAD_SCENARIO naming it.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { basename } from 'node:path'
import { SimError } from './errors.js'
import { bad, boolean, child, list, number, object, oneOf, string, type Place } from './fields.js'

/** One direction's emulated link between a device and its clinic relay. */
export interface LinkProfile {
  /** Added one-way delay, ms. */
  latencyMs: number
  /** Each delay is drawn uniformly from latency ± jitter, ms. */
  jitterMs: number
  /** Share of segments (0–1) that are "lost" and arrive one retransmission timeout late, as over TCP. */
  loss: number
}

/** A wave of consent changes: at `day`, this share of patients acts. */
export interface Wave { day: number, share: number }

export interface LostPhones extends Wave {
  /** Hours until the patient restores the notebook on a new phone (from the recovery phrase). */
  recoverAfterHours: number
}

export interface Churn {
  /** Share of the devices of this kind that go offline now and then. */
  share: number
  /** Offline episodes per device per simulated day (on average). */
  episodesPerDay: number
  /** Each episode lasts between these many hours. */
  offlineHours: [number, number]
}

export type Cut = 'patients' | 'practitioners' | 'all'

export interface Partition {
  day: number
  hours: number
  /** How many clinics' relays are cut off. */
  clinics: number
  /** From whom: their patients, their practitioners, or both. */
  cut: Cut
}

export interface Scenario {
  name: string
  description: string
  /** The same seed gives the same world and the same workload. */
  seed: string
  /** Simulated duration. */
  days: number
  /** Time compression: one simulated day lasts this many wall-clock seconds. */
  daySeconds: number
  /** Worker processes on this machine (or pods, beyond it). */
  shards: number
  clinics: { count: number, practitioners: number }
  patients: {
    count: number
    /** Share of patients with a second phone. */
    twoDevices: number
    /** Clinics each patient grants at the start. */
    clinicsEach: number
    /** Share of grants that are write grants (the rest read). */
    writeShare: number
    readingsPerDay: number
  }
  consent: { grants: Wave[], revokes: Wave[], expiries: Wave[] }
  lostPhones: LostPhones[]
  churn: { patients: Churn | undefined, practitioners: Churn | undefined }
  partitions: Partition[]
  links: { patients: LinkProfile, practitioners: LinkProfile }
  chain: { blockMs: number }
  network: {
    /** Connection monitor ping interval, ms; 0 turns it off. */
    monitorMs: number
    /** Sync session keepalive and idle limits, ms (wall clock: they detect dead links, not simulated time). */
    keepaliveMs: number
    idleTimeoutMs: number
  }
  /** Patients anchor their notebook's digest after syncs, as the daemon does. */
  anchors: boolean
  /** Revoked and not-yet-granted clinics try to open sync sessions, which must be refused. */
  probes: boolean
  /** Wall-clock seconds allowed after the workload for every replica to converge. */
  settleSeconds: number
  /** Wall-clock seconds every device sits connected and idle before the workload starts: idle CPU is measured then. */
  idleSeconds: number
}

const NO_LINK: LinkProfile = { latencyMs: 0, jitterMs: 0, loss: 0 }
const SHARE = { min: 0, max: 1 }
const TOP = ['name', 'description', 'seed', 'days', 'daySeconds', 'shards', 'clinics', 'patients', 'consent', 'lostPhones', 'churn', 'partitions', 'links', 'chain', 'network', 'anchors', 'probes', 'settleSeconds', 'idleSeconds']

/** Reads and checks a scenario file; throws ERR_BAD_SCENARIO naming the file and the field. */
export async function loadScenario (path: string): Promise<Scenario> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new SimError('ERR_BAD_SCENARIO', `Cannot read the scenario file ${path}: ${(err as Error).message}.`, { cause: err })
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch (err) {
    throw new SimError('ERR_BAD_SCENARIO', `${path} is not valid JSON: ${(err as Error).message}.`, { cause: err })
  }
  return parseScenario(json, path)
}

/** Checks a scenario given as parsed JSON; `file` names it in messages. */
export function parseScenario (json: unknown, file = 'scenario'): Scenario {
  const top: Place = { file, path: '' }
  const f = object(top, json, TOP)
  const days = number(child(top, 'days'), f.days, { min: 0.01, max: 365 })
  const at = (p: Place, v: unknown): number => number(p, v, { min: 0, max: days })
  const wave = (p: Place, v: unknown): Wave => {
    const w = object(p, v, ['day', 'share'])
    return { day: at(child(p, 'day'), w.day), share: number(child(p, 'share'), w.share, SHARE) }
  }
  const clinics = readClinics(child(top, 'clinics'), f.clinics)
  const scenario: Scenario = {
    name: string(child(top, 'name'), f.name, basename(file).replace(/\.json$/, '')),
    description: string(child(top, 'description'), f.description, ''),
    seed: seedOf(child(top, 'seed'), f.seed),
    days,
    daySeconds: number(child(top, 'daySeconds'), f.daySeconds, { min: 1, max: 86_400 }),
    shards: number(child(top, 'shards'), f.shards, { min: 1, max: 256, integer: true }, 1),
    clinics,
    patients: readPatients(child(top, 'patients'), f.patients, clinics.count),
    consent: (() => {
      const p = child(top, 'consent')
      const c = object(p, f.consent ?? {}, ['grants', 'revokes', 'expiries'])
      return { grants: list(child(p, 'grants'), c.grants, wave), revokes: list(child(p, 'revokes'), c.revokes, wave), expiries: list(child(p, 'expiries'), c.expiries, wave) }
    })(),
    lostPhones: list(child(top, 'lostPhones'), f.lostPhones, (p, v) => {
      const l = object(p, v, ['day', 'share', 'recoverAfterHours'])
      return { day: at(child(p, 'day'), l.day), share: number(child(p, 'share'), l.share, SHARE), recoverAfterHours: number(child(p, 'recoverAfterHours'), l.recoverAfterHours, { min: 0, max: days * 24 }, 1) }
    }),
    churn: (() => {
      const p = child(top, 'churn')
      const c = object(p, f.churn ?? {}, ['patients', 'practitioners'])
      return { patients: readChurn(child(p, 'patients'), c.patients), practitioners: readChurn(child(p, 'practitioners'), c.practitioners) }
    })(),
    partitions: list(child(top, 'partitions'), f.partitions, (p, v) => {
      const s = object(p, v, ['day', 'hours', 'clinics', 'cut'])
      return {
        day: at(child(p, 'day'), s.day),
        hours: number(child(p, 'hours'), s.hours, { min: 0, max: days * 24 }),
        clinics: number(child(p, 'clinics'), s.clinics, { min: 1, max: clinics.count, integer: true }, 1),
        cut: oneOf(child(p, 'cut'), s.cut, ['patients', 'practitioners', 'all'] as const, 'patients')
      }
    }),
    links: (() => {
      const p = child(top, 'links')
      const l = object(p, f.links ?? {}, ['patients', 'practitioners'])
      return { patients: readLink(child(p, 'patients'), l.patients), practitioners: readLink(child(p, 'practitioners'), l.practitioners) }
    })(),
    chain: (() => {
      const p = child(top, 'chain')
      const c = object(p, f.chain ?? {}, ['blockMs'])
      return { blockMs: number(child(p, 'blockMs'), c.blockMs, { min: 20, max: 10_000, integer: true }, 250) }
    })(),
    network: (() => {
      const p = child(top, 'network')
      const n = object(p, f.network ?? {}, ['monitorMs', 'keepaliveMs', 'idleTimeoutMs'])
      const keepaliveMs = number(child(p, 'keepaliveMs'), n.keepaliveMs, { min: 100, max: 3_600_000, integer: true }, 20_000)
      const idleTimeoutMs = number(child(p, 'idleTimeoutMs'), n.idleTimeoutMs, { min: 100, max: 3_600_000, integer: true }, 3 * keepaliveMs)
      if (idleTimeoutMs <= keepaliveMs) bad(child(p, 'idleTimeoutMs'), `must be longer than network.keepaliveMs (${keepaliveMs}), or every quiet session would be reset`)
      return { monitorMs: number(child(p, 'monitorMs'), n.monitorMs, { min: 0, max: 3_600_000, integer: true }, 60_000), keepaliveMs, idleTimeoutMs }
    })(),
    anchors: boolean(child(top, 'anchors'), f.anchors, true),
    probes: boolean(child(top, 'probes'), f.probes, true),
    settleSeconds: number(child(top, 'settleSeconds'), f.settleSeconds, { min: 1, max: 86_400 }, 120),
    idleSeconds: number(child(top, 'idleSeconds'), f.idleSeconds, { min: 1, max: 3600 }, 10)
  }
  return scenario
}

function seedOf (at: Place, value: unknown): string {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  return string(at, value)
}

function readClinics (at: Place, value: unknown): Scenario['clinics'] {
  const c = object(at, value, ['count', 'practitioners'])
  return {
    count: number(child(at, 'count'), c.count, { min: 1, max: 10_000, integer: true }),
    practitioners: number(child(at, 'practitioners'), c.practitioners, { min: 0, max: 1000, integer: true }, 1)
  }
}

function readPatients (at: Place, value: unknown, clinics: number): Scenario['patients'] {
  const p = object(at, value, ['count', 'twoDevices', 'clinicsEach', 'writeShare', 'readingsPerDay'])
  return {
    count: number(child(at, 'count'), p.count, { min: 1, max: 1_000_000, integer: true }),
    twoDevices: number(child(at, 'twoDevices'), p.twoDevices, SHARE, 0),
    clinicsEach: number(child(at, 'clinicsEach'), p.clinicsEach, { min: 0, max: clinics, integer: true }, Math.min(1, clinics)),
    writeShare: number(child(at, 'writeShare'), p.writeShare, SHARE, 0.5),
    readingsPerDay: number(child(at, 'readingsPerDay'), p.readingsPerDay, { min: 0, max: 10_000 }, 4)
  }
}

function readChurn (at: Place, value: unknown): Churn | undefined {
  if (value === undefined) return undefined
  const c = object(at, value, ['share', 'episodesPerDay', 'offlineHours'])
  const hoursAt = child(at, 'offlineHours')
  const hours = c.offlineHours ?? [1, 4]
  if (!Array.isArray(hours) || hours.length !== 2) bad(hoursAt, 'must be [shortest, longest] hours, e.g. [1, 4]')
  const shortest = number(child(hoursAt, 0), hours[0], { min: 0, max: 24 * 365 })
  const longest = number(child(hoursAt, 1), hours[1], { min: shortest, max: 24 * 365 })
  return {
    share: number(child(at, 'share'), c.share, SHARE),
    episodesPerDay: number(child(at, 'episodesPerDay'), c.episodesPerDay, { min: 0, max: 1000 }, 1),
    offlineHours: [shortest, longest]
  }
}

function readLink (at: Place, value: unknown): LinkProfile {
  if (value === undefined) return NO_LINK
  const l = object(at, value, ['latencyMs', 'jitterMs', 'loss'])
  const latencyMs = number(child(at, 'latencyMs'), l.latencyMs, { min: 0, max: 10_000 }, 0)
  return {
    latencyMs,
    jitterMs: number(child(at, 'jitterMs'), l.jitterMs, { min: 0, max: latencyMs }, 0),
    loss: number(child(at, 'loss'), l.loss, { min: 0, max: 0.5 }, 0)
  }
}

/** A digest of the scenario as read (defaults filled in): the lead and every shard must agree on it. */
export function scenarioHash (scenario: Scenario): string {
  return createHash('sha256').update(JSON.stringify(scenario)).digest('hex')
}
