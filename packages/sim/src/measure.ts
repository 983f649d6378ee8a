// The figures a run produces: propagation latency of readings (overall, by receiving device kind,
// over simulated time), convergence after devices come back and partitions heal, bandwidth, chain
// transactions and gas per action and over time, memory and CPU per node, and how far the machine
// fell behind the workload.
import type { Observations } from './observations.js'
import { stats, type Sample, type Stats } from './shard-result.js'
import { HOUR_MS } from './workload.js'
import type { DeviceKind } from './world.js'

export interface Measurements {
  readings: {
    written: number
    /** (reading, device) pairs owed by consent when written, and how many arrived. */
    owed: number
    delivered: number
    latencyMs: Stats
    byKind: Partial<Record<DeviceKind, Stats>>
    /** [upper bound ms, count]: a log-scale histogram of latency. */
    histogram: Array<[number, number]>
    /** [simulated hour, count, p50, p90, p99, max] by the hour a reading was written. */
    overTime: Array<[number, number, number, number, number, number]>
  }
  convergence: {
    /** After the last heal, until every replica agreed (the lead's check), ms. */
    finalMs: number | undefined
    /** One row per device back online or partition healed: [kind, simulated ms, devices involved, readings waiting, ms to converge]. */
    events: Array<['online' | 'heal', number, number, number, number]>
    afterOnlineMs: Stats
    afterHealMs: Stats
  }
  bandwidth: {
    totalBytes: number
    perReadingBytes: number
    perNodeBytes: number
    byKind: Partial<Record<DeviceKind, { nodes: number, bytes: number }>>
    /** [seconds since start, bytes per second]. */
    overTime: Array<[number, number]>
  }
  chain: {
    /** Per action and phase: transactions, mean gas, blocks they landed in. */
    actions: Array<{ action: string, phase: 'setup' | 'run', txs: number, meanGas: number, blocks: number }>
    /** Anchors published during the run (not when phones first connected), per reading written. */
    anchors: { ok: number, atStart: number, failed: number, perReading: number }
    setupMs: number
    setupTxs: number
    blocks: number
    maxTxsPerBlock: number
    /** [seconds since start, transactions in that block]. */
    overTime: Array<[number, number]>
  }
  resources: {
    devices: number
    shards: Array<{ shard: number, devices: number, peakRssBytes: number, meanCpuPct: number, idleCpuPct: number, peakLoopP99Ms: number, startMs: number }>
    lead: { peakRssBytes: number, meanCpuPct: number }
    rssPerNodeBytes: number
    heapPerNodeBytes: number
    /** Percent of one core per node during the run, and while idle before it. */
    cpuPerNodePct: number
    idleCpuPerNodePct: number
    /** [seconds since start, total RSS bytes, total CPU % of one core] over every shard. */
    overTime: Array<[number, number, number]>
    lateness: Stats
  }
  /** Wall-clock ms of each stage. */
  timing: { chainMs: number, setupMs: number, startMs: number, workloadMs: number, settleMs: number, totalMs: number }
}

const BUCKET_MS = 5000

/** Computes every figure of the run. */
export function measure (obs: Observations): Measurements {
  return {
    readings: readings(obs),
    convergence: convergence(obs),
    bandwidth: bandwidth(obs),
    chain: chain(obs),
    resources: resources(obs),
    timing: timing(obs)
  }
}

function readings (obs: Observations): Measurements['readings'] {
  const delivered = obs.owed.filter(o => o.receivedAt !== undefined)
  const latency = delivered.map(o => (o.receivedAt as number) - o.writtenAt)
  const byKind: Measurements['readings']['byKind'] = {}
  for (const kind of ['relay', 'practitioner', 'phone'] as const) {
    const values = delivered.filter(o => obs.run.world.devices[o.receiver]?.kind === kind).map(o => (o.receivedAt as number) - o.writtenAt)
    if (values.length > 0) byKind[kind] = stats(values)
  }
  const edges = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 60_000, 300_000, Infinity]
  const histogram = edges.map(edge => [edge, 0] as [number, number])
  for (const ms of latency) (histogram.find(([edge]) => ms <= edge) as [number, number])[1]++
  const hours = new Map<number, number[]>()
  for (const o of delivered) {
    const hour = Math.floor(obs.clock.simAt(o.writtenAt) / HOUR_MS)
    hours.set(hour, [...hours.get(hour) ?? [], (o.receivedAt as number) - o.writtenAt])
  }
  const overTime = [...hours].sort((a, b) => a[0] - b[0]).map(([hour, values]) => {
    const s = stats(values)
    return [hour, s.count, s.p50, s.p90, s.p99, s.max] as [number, number, number, number, number, number]
  })
  return { written: obs.writes.length, owed: obs.owed.length, delivered: delivered.length, latencyMs: stats(latency), byKind, histogram, overTime }
}

// After a device comes back (or a partition heals), the readings that waited for it: those owed to
// it, or written on it (or on a cut-off device) while it was away. The event's convergence time is
// how long the last of them took to arrive after the heal.
function convergence (obs: Observations): Measurements['convergence'] {
  const byDevice = new Map<number, Observations['owed']>()
  for (const o of obs.owed) {
    if (o.receivedAt === undefined) continue
    for (const d of [o.writer, o.receiver]) byDevice.set(d, [...byDevice.get(d) ?? [], o])
  }
  const events: Measurements['convergence']['events'] = []
  for (const event of obs.run.events) {
    if (event.type !== 'online' && event.type !== 'heal') continue
    const healed = obs.clock.wallAt(event.t)
    const involved = 'device' in event ? [event.device] : [event.relay, ...event.devices]
    let waiting = 0
    let last = healed
    for (const device of involved) {
      for (const o of byDevice.get(device) ?? []) {
        if (o.writtenAt >= healed || (o.receivedAt as number) <= healed) continue
        waiting++
        last = Math.max(last, o.receivedAt as number)
      }
    }
    events.push([event.type, event.t, involved.length, waiting, last - healed])
  }
  const of = (kind: 'online' | 'heal'): Stats => stats(events.filter(e => e[0] === kind && e[3] > 0).map(e => e[4]))
  return { finalMs: obs.lead.convergedAfterMs, events, afterOnlineMs: of('online'), afterHealMs: of('heal') }
}

function bandwidth (obs: Observations): Measurements['bandwidth'] {
  const byKind: Measurements['bandwidth']['byKind'] = {}
  let total = 0
  for (const shard of obs.shards) {
    for (const [device, bytesIn, bytesOut] of shard.bytes) {
      const kind = obs.run.world.devices[device]?.kind
      if (kind === undefined) continue
      // Every byte is counted once as sent and once as received.
      const bytes = (bytesIn + bytesOut) / 2
      total += bytes
      const entry = byKind[kind] ?? { nodes: 0, bytes: 0 }
      entry.nodes++
      entry.bytes += bytesIn + bytesOut
      byKind[kind] = entry
    }
  }
  const devices = deviceCount(obs)
  const series = sumSeries(obs, s => s.bytes)
  const overTime: Array<[number, number]> = []
  for (let i = 1; i < series.length; i++) {
    const [t, bytes] = series[i] as [number, number]
    const [t0, bytes0] = series[i - 1] as [number, number]
    overTime.push([t, Math.max(0, (bytes - bytes0) / ((t - t0) || 1))])
  }
  return { totalBytes: total, perReadingBytes: obs.writes.length === 0 ? 0 : total / obs.writes.length, perNodeBytes: devices === 0 ? 0 : total / devices, byKind, overTime }
}

function chain (obs: Observations): Measurements['chain'] {
  const groups = new Map<string, { action: string, phase: 'setup' | 'run', txs: number, gas: number, blocks: Set<number> }>()
  for (const r of obs.lead.consent) {
    const key = `${r.phase}/${r.action}`
    const g = groups.get(key) ?? { action: r.action, phase: r.phase, txs: 0, gas: 0, blocks: new Set<number>() }
    g.txs++
    g.gas += r.gas
    g.blocks.add(r.block)
    groups.set(key, g)
  }
  const start = obs.lead.times.startAt
  const anchorTimes = obs.shards.flatMap(s => s.anchors.at)
  const anchors = { ok: anchorTimes.filter(t => t >= start).length, atStart: anchorTimes.filter(t => t < start).length, failed: obs.shards.reduce((n, s) => n + s.anchors.failed, 0) }
  const blocks = obs.lead.blocks
  return {
    actions: [...groups.values()].map(g => ({ action: g.action, phase: g.phase, txs: g.txs, meanGas: Math.round(g.gas / g.txs), blocks: g.blocks.size })),
    anchors: { ...anchors, perReading: obs.writes.length === 0 ? 0 : anchors.ok / obs.writes.length },
    setupMs: obs.lead.times.setupDone - obs.lead.times.chainReady,
    setupTxs: obs.lead.consent.filter(r => r.phase === 'setup').length,
    blocks: blocks.length,
    maxTxsPerBlock: blocks.reduce((m, b) => Math.max(m, b[2]), 0),
    overTime: blocks.filter(b => b[1] >= start).map(([, time, txs]) => [(time - start) / 1000, txs])
  }
}

function resources (obs: Observations): Measurements['resources'] {
  const { startAt, workloadEnd } = obs.lead.times
  const cpuPct = (samples: Sample[], from: number, to: number): number => {
    const inside = samples.filter(s => s.t >= from && s.t <= to)
    const first = inside[0]
    const last = inside.at(-1)
    return first === undefined || last === undefined || last.t === first.t ? 0 : 100 * (last.cpuMs - first.cpuMs) / (last.t - first.t)
  }
  const connectedAt = obs.lead.times.setupDone
  const shards = obs.shards.map(s => ({
    shard: s.shard,
    devices: s.devices,
    peakRssBytes: Math.max(0, ...s.samples.map(x => x.rssBytes)),
    meanCpuPct: cpuPct(s.samples, startAt, workloadEnd),
    // The idle window: every device connected, before the workload starts.
    idleCpuPct: cpuPct(s.samples, Math.max(connectedAt, startAt - obs.run.world.scenario.idleSeconds * 1000), startAt),
    peakLoopP99Ms: Math.max(0, ...s.samples.filter(x => x.t >= startAt).map(x => x.loopP99Ms)),
    startMs: s.startMs
  }))
  const devices = deviceCount(obs)
  const rss = sumSeries(obs, s => s.rssBytes)
  const cpu = sumSeries(obs, s => s.cpuMs)
  const overTime: Array<[number, number, number]> = rss.map(([t, bytes], i) => {
    const previous = cpu[i - 1]
    const current = cpu[i] as [number, number]
    return [t, bytes, previous === undefined ? 0 : 100 * (current[1] - previous[1]) / (1000 * ((current[0] - previous[0]) || 1))]
  })
  const heap = Math.max(0, ...sumSeries(obs, s => s.heapBytes).map(([, b]) => b))
  const peakRss = shards.reduce((n, s) => n + s.peakRssBytes, 0)
  return {
    devices,
    shards,
    lead: { peakRssBytes: Math.max(0, ...obs.lead.samples.map(s => s.rssBytes)), meanCpuPct: cpuPct(obs.lead.samples, startAt, workloadEnd) },
    rssPerNodeBytes: devices === 0 ? 0 : peakRss / devices,
    heapPerNodeBytes: devices === 0 ? 0 : heap / devices,
    cpuPerNodePct: devices === 0 ? 0 : shards.reduce((n, s) => n + s.meanCpuPct, 0) / devices,
    idleCpuPerNodePct: devices === 0 ? 0 : shards.reduce((n, s) => n + s.idleCpuPct, 0) / devices,
    overTime,
    lateness: mergeLateness(obs)
  }
}

function timing (obs: Observations): Measurements['timing'] {
  const t = obs.lead.times
  return {
    chainMs: t.chainReady - t.started,
    setupMs: t.setupDone - t.chainReady,
    startMs: t.startAt - t.setupDone,
    workloadMs: t.workloadEnd - t.startAt,
    settleMs: t.finished - t.workloadEnd,
    totalMs: t.finished - t.started
  }
}

function deviceCount (obs: Observations): number {
  return obs.shards.reduce((n, s) => n + s.devices, 0)
}

// A per-shard counter summed over shards on a common time grid (seconds since the start).
function sumSeries (obs: Observations, value: (s: Sample) => number): Array<[number, number]> {
  const start = obs.lead.times.startAt
  const buckets = new Map<number, number>()
  for (const shard of obs.shards) {
    const latest = new Map<number, number>()
    for (const s of shard.samples) latest.set(Math.floor((s.t - start) / BUCKET_MS), value(s))
    for (const [bucket, v] of latest) buckets.set(bucket, (buckets.get(bucket) ?? 0) + v)
  }
  return [...buckets].sort((a, b) => a[0] - b[0]).map(([bucket, v]) => [bucket * BUCKET_MS / 1000, v])
}

function mergeLateness (obs: Observations): Stats {
  const all = obs.shards.map(s => s.lateness)
  return {
    count: all.reduce((n, s) => n + s.count, 0),
    p50: Math.max(0, ...all.map(s => s.p50)),
    p90: Math.max(0, ...all.map(s => s.p90)),
    p99: Math.max(0, ...all.map(s => s.p99)),
    max: Math.max(0, ...all.map(s => s.max))
  }
}
