// Every shard's observations merged and indexed for the checker and the measurements: readings by
// change hash, where each reading arrived and when, and for every reading the devices that were
// authorised to receive it when it was written (by the consent state the writer's shard held).
import { ConsentModel } from './consent-model.js'
import type { LeadRecord } from './lead-record.js'
import { SimClock } from './clock.js'
import type { ShardResult, WriteRow } from './shard-result.js'
import type { Plan } from './workload.js'

/** One reading and one device it was owed to. */
export interface Owed {
  reading: number
  hash: string
  writer: number
  patient: number
  receiver: number
  writtenAt: number
  /** Wall-clock ms it arrived, or undefined. */
  receivedAt: number | undefined
}

export interface Observations {
  run: Plan
  lead: LeadRecord
  shards: ShardResult[]
  model: ConsentModel
  clock: SimClock
  writes: WriteRow[]
  /** Reading hash → its write. */
  byHash: Map<string, WriteRow>
  /** Reading hash → first arrival per device. */
  arrivals: Map<string, Map<number, { t: number, height: number }>>
  /** Each reading's owed receivers. */
  owed: Owed[]
  /** Wall-clock lifetime of each device: from its planned start, until it was lost. */
  lifetime: (device: number) => { from: number, until: number }
}

/** Merges and indexes a run's observations. */
export function observe (run: Plan, lead: LeadRecord, shards: ShardResult[]): Observations {
  const model = new ConsentModel(run.world, lead.consent)
  const clock = new SimClock(lead.times.startAt, run.world.scenario.daySeconds)
  const writes = shards.flatMap(s => s.writes)
  const byHash = new Map(writes.map(w => [w[4], w]))
  const arrivals = new Map<string, Map<number, { t: number, height: number }>>()
  for (const shard of shards) {
    for (const [hash, device, t, height] of shard.receipts) {
      if (!byHash.has(hash)) continue
      const at = arrivals.get(hash) ?? new Map<number, { t: number, height: number }>()
      const seen = at.get(device)
      if (seen === undefined || t < seen.t) at.set(device, { t, height })
      arrivals.set(hash, at)
    }
  }
  const lifetime = (device: number): { from: number, until: number } => {
    const spec = run.world.devices[device]
    return { from: clock.wallAt(spec?.from ?? 0), until: spec === undefined || spec.until === Infinity ? Infinity : clock.wallAt(spec.until) }
  }
  // The devices that could ever hold a patient's notebook: its own, and those of every clinic it granted.
  const candidates = new Map<number, number[]>()
  for (const patient of run.world.patients) {
    const parties = [patient, ...model.clinicsOf(patient)]
    candidates.set(patient, parties.flatMap(p => run.world.parties[p]?.devices ?? []))
  }
  const owed: Owed[] = []
  for (const [reading, writer, writtenAt, height, hash] of writes) {
    const patient = run.world.devices[writer]?.party as number
    for (const receiver of candidates.get(patient) ?? []) {
      if (receiver === writer) continue
      const life = lifetime(receiver)
      if (writtenAt < life.from || writtenAt >= life.until) continue
      if (!model.mayHold(receiver, patient, height, writtenAt)) continue
      owed.push({ reading, hash, writer, patient, receiver, writtenAt, receivedAt: arrivals.get(hash)?.get(receiver)?.t })
    }
  }
  return { run, lead, shards, model, clock, writes, byHash, arrivals, owed, lifetime }
}
