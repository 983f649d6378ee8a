// The invariants every run is held to, checked against the consent state rebuilt from the chain:
// every reading reaches every device authorised for it when it was written; none reaches a device
// not authorised at the moment it arrives; every replica converges once the network heals; every
// replica whose grant ended is destroyed; every refusal matches the consent state, and every probe
// by a clinic that may not sync is refused. A violation names the reading, the devices and the times.
import { expectedHolders } from './holders.js'
import type { Observations } from './observations.js'

export type Invariant = 'delivered' | 'not-leaked' | 'converged' | 'destroyed' | 'refusals-match' | 'probes-refused'

export interface Violation {
  invariant: Invariant
  message: string
  reading?: number
  patient?: number
  devices?: number[]
  /** Wall-clock epoch ms: [written or started, observed or checked]. */
  times?: number[]
}

/** Why an owed reading legitimately never arrived. */
export type Excuse = 'lost with the phone' | 'receiver lost' | 'consent ended first' | 'no relay in common'

export interface CheckOutcome {
  violations: Violation[]
  /** Owed (reading, device) pairs that did not arrive, for an excuse the run itself made. */
  excused: Record<Excuse, number>
  refusals: { total: number, justified: number, races: number, mismatched: number, unattributed: number }
  /** `stale`: accepted, as the consent state at the block the phone's own view was at allowed (its view had not reached the revoke yet, or the grant had landed). */
  probes: { run: number, refused: number, accepted: number, stale: number, skipped: number, failed: number }
  /** Clinic devices' replicas destroyed after their grant ended, and how long after (ms). */
  destroyed: { count: number, delaysMs: number[] }
}

// A grant's end is judged by the clock just before a message is applied; its arrival is stamped
// just after: this much slack keeps the two from disagreeing about the same instant.
const CLOCK_SLACK_MS = 50

/** Checks every invariant over a run's observations. */
export function check (obs: Observations): CheckOutcome {
  const { run, model, lead, shards } = obs
  const name = (device: number): string => run.world.devices[device]?.name ?? `device ${device}`
  const at = (t: number): string => `${new Date(t).toISOString()} (simulated ${(obs.clock.simAt(t) / 3_600_000).toFixed(2)} h)`
  const end = lead.times.finished
  const violations: Violation[] = []
  const excused: Record<Excuse, number> = { 'lost with the phone': 0, 'receiver lost': 0, 'consent ended first': 0, 'no relay in common': 0 }

  // Delivered: each owed pair arrived, or the run gave it an excuse.
  for (const pair of obs.owed) {
    if (pair.receivedAt !== undefined) continue
    const excuse = excuseFor(obs, pair, end)
    if (excuse !== undefined) {
      excused[excuse]++
      continue
    }
    violations.push({
      invariant: 'delivered',
      message: `Reading ${pair.reading} written on ${name(pair.writer)} at ${at(pair.writtenAt)} never reached ${name(pair.receiver)}, which was authorised for it then and still is.`,
      reading: pair.reading,
      patient: pair.patient,
      devices: [pair.writer, pair.receiver],
      times: [pair.writtenAt, end]
    })
  }

  // Not leaked: every arrival was at a device authorised at that moment, by its own view's block.
  for (const [hash, arrivals] of obs.arrivals) {
    const write = obs.byHash.get(hash)
    if (write === undefined) continue
    const [reading, writer, writtenAt] = write
    const patient = run.world.devices[writer]?.party as number
    for (const [device, { t, height }] of arrivals) {
      if (model.mayHold(device, patient, height, t - CLOCK_SLACK_MS)) continue
      violations.push({
        invariant: 'not-leaked',
        message: `Reading ${reading} written on ${name(writer)} at ${at(writtenAt)} reached ${name(device)} at ${at(t)} (its view at block ${height}), which was not authorised for that notebook then.`,
        reading,
        patient,
        devices: [writer, device],
        times: [writtenAt, t]
      })
    }
  }

  // Converged: at the end, every device expected to hold a notebook holds the same state of it.
  const heads = new Map<string, string>()
  for (const shard of shards) for (const [device, patient, digest] of shard.heads) heads.set(`${device}/${patient}`, digest)
  for (const patient of run.world.patients) {
    const expected = expectedHolders(run, model, patient, end)
    const states = new Map<string, number[]>()
    for (const device of expected) {
      const digest = heads.get(`${device}/${patient}`) ?? 'nothing'
      states.set(digest, [...states.get(digest) ?? [], device])
    }
    if (states.size <= 1 && !states.has('nothing')) continue
    violations.push({
      invariant: 'converged',
      message: `The replicas of ${run.world.parties[patient]?.name ?? patient}'s notebook did not converge: ${[...states].map(([d, devices]) => `${devices.map(name).join(', ')} ${d === 'nothing' ? 'hold nothing' : `hold state ${d}`}`).join('; ')}.`,
      patient,
      devices: expected,
      times: [lead.times.workloadEnd, end]
    })
  }

  // Destroyed: no clinic device holds, in memory or in its vault, a notebook it may no longer hold.
  const destroyed = { count: 0, delaysMs: [] as number[] }
  for (const shard of shards) {
    for (const [device, held, stored] of shard.holdings) {
      for (const patient of new Set([...held, ...stored])) {
        if (patient < 0 || model.mayHold(device, patient, Infinity, end)) continue
        violations.push({
          invariant: 'destroyed',
          message: `${name(device)} still ${held.includes(patient) ? 'syncs' : 'stores'} ${run.world.parties[patient]?.name ?? patient}'s notebook after its clinic's grant ended.`,
          patient,
          devices: [device],
          times: [end]
        })
      }
    }
  }
  const blockTime = new Map(obs.lead.blocks.map(([h, time]) => [h, time]))
  for (const shard of shards) {
    for (const [device, patient, t] of shard.shreds) {
      const ended = consentEnd(obs, blockTime, device, patient, t)
      if (ended === undefined) continue
      destroyed.count++
      destroyed.delaysMs.push(t - ended)
    }
  }

  // Refusals match the consent state the refusing device held (its view's block, its clock).
  const refusals = { total: 0, justified: 0, races: 0, mismatched: 0, unattributed: 0 }
  for (const shard of shards) {
    for (const [device, peer, patient, t, height, reason] of shard.refusals) {
      refusals.total++
      if (peer < 0 || patient < 0) { refusals.unattributed++; continue }
      if (!model.maySync(device, peer, patient, height, t) || !model.maySync(device, peer, patient, height, t - CLOCK_SLACK_MS)) { refusals.justified++; continue }
      // A replica is opened a moment after its grant's block; a hello in between is refused as unknown.
      if (/does not sync notebook|shutting down/.test(reason)) { refusals.races++; continue }
      refusals.mismatched++
      violations.push({
        invariant: 'refusals-match',
        message: `${name(device)} refused ${name(peer)} for ${run.world.parties[patient]?.name ?? patient}'s notebook at ${at(t)} (block ${height}) although the consent state allowed it: ${reason}`,
        patient,
        devices: [device, peer],
        times: [t]
      })
    }
  }

  // Probes: a clinic that may not sync a notebook is refused by the patient's phone. A phone decides
  // on its own view of the chain, so a probe it let in is judged at the block that view was at then:
  // in step with that state it is stale (counted, the view's lag shows in the report), against it a violation.
  const probes = { run: 0, refused: 0, accepted: 0, stale: 0, skipped: 0, failed: 0 }
  for (const shard of shards) {
    for (const [index, outcome, started, t, detail] of shard.probes) {
      const event = run.events[index]
      if (outcome !== 'skipped') probes.run++
      if (outcome === 'accepted' && event?.type === 'probe' && acceptedInStep(obs, event, started, t)) {
        probes.stale++
        continue
      }
      probes[outcome]++
      if (outcome !== 'accepted' || event?.type !== 'probe') continue
      violations.push({
        invariant: 'probes-refused',
        message: `${name(event.to)} accepted a sync session from ${name(event.from)} for its notebook at ${at(t)}, though that clinic's grant ${event.why === 'not yet granted' ? 'did not exist yet' : `had ${event.why === 'revoked' ? 'been revoked' : 'expired'}`} (${detail}).`,
        patient: event.patient,
        devices: [event.from, event.to],
        times: [t]
      })
    }
  }
  return { violations, excused, refusals, probes, destroyed }
}

// Did the phone let the probe in while the consent state at its view's block allowed it? Its accept
// is a hello from the probing relay for that notebook that passed its consent check between the
// probe's start and end (the relay's own view had the grant's end before the probe started, so it
// sent no other hello then).
function acceptedInStep (obs: Observations, probe: { from: number, to: number, patient: number }, started: number, ended: number): boolean {
  return obs.shards.some(shard => (shard.accepts ?? []).some(([device, peer, patient, t, height]) =>
    device === probe.to && peer === probe.from && patient === probe.patient && t >= started && t <= ended &&
    obs.model.maySync(device, peer, patient, height, t)))
}

function excuseFor (obs: Observations, pair: Observations['owed'][number], end: number): Excuse | undefined {
  const { run, model } = obs
  const writer = obs.lifetime(pair.writer)
  if (writer.until !== Infinity) {
    // Nobody got it before the phone was lost: it never left the phone.
    const arrivals = obs.arrivals.get(pair.hash)
    if (arrivals === undefined || [...arrivals.values()].every(a => a.t >= writer.until)) return 'lost with the phone'
  }
  if (obs.lifetime(pair.receiver).until !== Infinity) return 'receiver lost'
  if (!model.mayHold(pair.receiver, pair.patient, Infinity, end)) return 'consent ended first'
  const isPatient = run.world.devices[pair.receiver]?.party === pair.patient
  if (isPatient && !model.clinicsOf(pair.patient).some(c => model.grantActive(pair.patient, c, Infinity, end))) return 'no relay in common'
  return undefined
}

// When `device`'s clinic lost the right to `patient`'s notebook, at or before `t`: the revoke's block time or the grant's end.
function consentEnd (obs: Observations, blockTime: Map<number, number>, device: number, patient: number, t: number): number | undefined {
  const clinic = obs.run.world.devices[device]?.party
  if (clinic === undefined || clinic === patient) return undefined
  let ended: number | undefined
  for (const r of obs.lead.consent) {
    if (r.party !== patient || r.clinic !== clinic) continue
    const time = r.action === 'revoke' ? blockTime.get(r.block) ?? r.doneAt : r.action === 'grant' && r.until !== undefined ? r.until : undefined
    if (time !== undefined && time <= t && (ended === undefined || time > ended)) ended = time
  }
  return ended
}
