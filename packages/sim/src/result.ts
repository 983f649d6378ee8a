// A run's result: the scenario, the machine, every measurement, every invariant's verdict, what
// limited the run, and what in it was real and what emulated. Built from the lead's record and the
// shards' results, whether they come straight from a run or from files (`techo sim report`).
import { readFile, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { check, type CheckOutcome } from './check.js'
import { SimError } from './errors.js'
import type { LeadRecord } from './lead-record.js'
import { measure, type Measurements } from './measure.js'
import { observe } from './observations.js'
import type { Scenario } from './scenario.js'
import type { ShardResult } from './shard-result.js'
import { plan } from './workload.js'

export const RESULT_VERSION = 1

export interface SimResult {
  version: number
  scenario: Scenario
  machine: LeadRecord['machine']
  world: { clinics: number, patients: number, relays: number, practitioners: number, phones: number, devices: number, shards: number }
  measurements: Measurements
  invariants: Omit<CheckOutcome, 'violations'> & {
    ok: boolean
    violationCount: number
    byInvariant: Record<string, number>
    /** The first violations, in full. */
    violations: CheckOutcome['violations']
  }
  /** What bounded this run, most binding first. */
  limits: string[]
  /** The lead's own failures and the shards' errors. */
  problems: { lead: string[], errors: number, byCode: Record<string, number>, examples: string[], bypassedLinks: number }
  realism: string[]
}

const SHOWN_VIOLATIONS = 200

/** Checks and measures a run. */
export function buildResult (lead: LeadRecord, shards: ShardResult[]): SimResult {
  const run = plan(lead.scenario)
  const obs = observe(run, lead, shards)
  const outcome = check(obs)
  const measurements = measure(obs)
  const devices = run.world.devices
  const byInvariant: Record<string, number> = {}
  for (const v of outcome.violations) byInvariant[v.invariant] = (byInvariant[v.invariant] ?? 0) + 1
  const errors = shards.reduce((a, s) => {
    for (const [code, n] of Object.entries(s.errors.byCode)) a.byCode[code] = (a.byCode[code] ?? 0) + n
    return { count: a.count + s.errors.count, byCode: a.byCode, examples: [...a.examples, ...s.errors.examples].slice(0, 20) }
  }, { count: 0, byCode: {} as Record<string, number>, examples: [] as string[] })
  return {
    version: RESULT_VERSION,
    scenario: lead.scenario,
    machine: lead.machine,
    world: {
      clinics: run.world.clinics.length,
      patients: run.world.patients.length,
      relays: devices.filter(d => d.kind === 'relay').length,
      practitioners: devices.filter(d => d.kind === 'practitioner').length,
      phones: devices.filter(d => d.kind === 'phone').length,
      devices: devices.length,
      shards: shards.length
    },
    measurements,
    invariants: {
      ...outcome,
      ok: outcome.violations.length === 0,
      violationCount: outcome.violations.length,
      byInvariant,
      violations: outcome.violations.slice(0, SHOWN_VIOLATIONS)
    },
    limits: limits(lead, measurements),
    problems: { lead: lead.failures, errors: errors.count, byCode: errors.byCode, examples: errors.examples, bypassedLinks: shards.reduce((n, s) => n + s.bypassed, 0) },
    realism: realism(lead.scenario)
  }
}

// The symptoms of each bottleneck, read off the measurements, worst first.
function limits (lead: LeadRecord, m: Measurements): string[] {
  const found: Array<[number, string]> = []
  const cores = lead.machine.cpus
  const busiest = [...m.resources.shards].sort((a, b) => b.meanCpuPct - a.meanCpuPct)[0]
  const totalCpu = m.resources.shards.reduce((n, s) => n + s.meanCpuPct, 0) + m.resources.lead.meanCpuPct
  if (busiest !== undefined && busiest.meanCpuPct > 85) found.push([busiest.meanCpuPct, `CPU: shard ${busiest.shard} used ${busiest.meanCpuPct.toFixed(0)}% of a core for ${busiest.devices} nodes (event-loop delay up to ${busiest.peakLoopP99Ms.toFixed(0)} ms at p99).`])
  if (totalCpu > 85 * cores) found.push([totalCpu / cores, `CPU: the run's processes used ${totalCpu.toFixed(0)}% of one core in total, on a ${cores}-core machine.`])
  if (m.resources.lateness.p99 > 1000) found.push([100 + m.resources.lateness.p99 / 100, `Falling behind: scheduled events ran up to ${(m.resources.lateness.max / 1000).toFixed(1)} s late (p99 ${(m.resources.lateness.p99 / 1000).toFixed(1)} s); time compression is too high for this machine.`])
  if (m.resources.lead.meanCpuPct > 70) found.push([m.resources.lead.meanCpuPct, `Chain: the lead process (dev chain) used ${m.resources.lead.meanCpuPct.toFixed(0)}% of a core.`])
  const rss = m.resources.shards.reduce((n, s) => n + s.peakRssBytes, 0) + m.resources.lead.peakRssBytes
  if (rss > 0.7 * lead.machine.memoryBytes) found.push([100 * rss / lead.machine.memoryBytes, `Memory: the run peaked at ${(rss / 2 ** 30).toFixed(1)} GiB of ${(lead.machine.memoryBytes / 2 ** 30).toFixed(0)} GiB.`])
  const setupShare = m.timing.setupMs / (m.timing.totalMs || 1)
  if (setupShare > 0.3) found.push([50 * setupShare, `Set-up: chain set-up took ${(m.timing.setupMs / 1000).toFixed(0)} s, ${(100 * setupShare).toFixed(0)}% of the run (${m.chain.setupTxs} transactions, ${(m.chain.setupTxs / (m.timing.setupMs / 1000 || 1)).toFixed(0)}/s).`])
  if (found.length === 0) {
    found.push([0, `Nothing binding: the busiest shard used ${(busiest?.meanCpuPct ?? 0).toFixed(0)}% of a core, events ran at most ${m.resources.lateness.max.toFixed(0)} ms late, memory peaked at ${(rss / 2 ** 30).toFixed(1)} GiB.`])
  }
  return found.sort((a, b) => b[0] - a[0]).map(([, text]) => text)
}

function realism (scenario: Scenario): string[] {
  const emulated = scenario.links.patients.latencyMs > 0 || scenario.links.patients.loss > 0 || scenario.links.practitioners.latencyMs > 0 || scenario.links.practitioners.loss > 0
  return [
    'Real: every device is a libp2p node (TCP, Noise, yamux, identify, kad-dht, circuit relay) running the real sync protocol, gate and SyncService, with its own level vault (not fsynced, on tmpfs when available); consent lives on a real dev chain with the real contract, and every device follows it through its shard\'s one LedgerView.',
    'Real: shards are separate processes joined over TCP; the chain set-up and every consent change are real signed transactions.',
    'Emulated: going offline and partitions close the link\'s connections at once and the relay\'s gater refuses the device while the link is down (a real link would also fail by timeout); a device dials its relay as soon as its link is back, as a phone does on a network change.',
    emulated
      ? 'Emulated: link latency, jitter and loss come from a TCP forwarder on each device-to-relay link; a lost segment arrives one retransmission timeout (200 ms + a round trip) late, as TCP recovers it.'
      : 'No link latency or loss was emulated: links are loopback TCP.',
    'Time is compressed: protocol timers that run in real time on a device (reconnect backoff, tie-break, sync-state saves, audit flushes, relay-link checks, anchoring) run faster by the same factor, never below a floor; keepalive and idle limits are wall-clock.',
    'Keys are derived from the scenario seed, so every process of a run knows every party without exchanging keys; nothing else about them differs from real keys.'
  ]
}

/** Reads a run's files back (a directory holding lead.json and shard-*.json, or those files) and rebuilds its result. */
export async function resultFromFiles (paths: string[]): Promise<SimResult> {
  const files: string[] = []
  for (const path of paths) {
    const info = await stat(path).catch(() => undefined)
    if (info === undefined) throw new SimError('ERR_BAD_RESULT', `There is no file or directory ${path}.`)
    if (info.isDirectory()) files.push(...(await readdir(path)).filter(f => f === 'lead.json' || /^shard-\d+\.json$/.test(f)).map(f => join(path, f)))
    else files.push(path)
  }
  let lead: LeadRecord | undefined
  const shards: ShardResult[] = []
  for (const file of files) {
    const json = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
    if ('times' in json && 'scenario' in json) lead = json as unknown as LeadRecord
    else if ('shard' in json && 'receipts' in json) shards.push(json as unknown as ShardResult)
    else throw new SimError('ERR_BAD_RESULT', `${file} is neither a lead record nor a shard result of a simulator run.`)
  }
  if (lead === undefined) throw new SimError('ERR_BAD_RESULT', `No lead.json among ${paths.join(', ')}: it holds the run's timeline and consent transactions.`)
  const missing = Array.from({ length: lead.scenario.shards }, (_, i) => i).filter(i => !shards.some(s => s.shard === i))
  if (missing.length > 0) throw new SimError('ERR_BAD_RESULT', `The results of shard${missing.length > 1 ? 's' : ''} ${missing.join(', ')} are missing (expected shard-N.json for each of ${lead.scenario.shards}).`)
  return buildResult(lead, shards.sort((a, b) => a.shard - b.shard))
}
