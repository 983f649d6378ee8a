// The one-screen terminal summary of a result.
import type { SimResult } from './result.js'
import { stats, type Stats } from './shard-result.js'

/** Formats milliseconds for people: 850 ms, 3.2 s, 4 min 10 s. */
export function duration (ms: number): string {
  if (!Number.isFinite(ms)) return '—'
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`
}

/** Formats a byte count: 812 B, 3.4 KiB, 1.2 MiB. */
export function bytes (n: number): string {
  if (n < 1024) return `${Math.round(n)} B`
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`
  return `${(n / 1024 ** 3).toFixed(2)} GiB`
}

/** "median 4.1 ms, p90 …, p99 …, max …" */
export function percentiles (s: Stats): string {
  return s.count === 0 ? 'none' : `median ${duration(s.p50)}, p90 ${duration(s.p90)}, p99 ${duration(s.p99)}, max ${duration(s.max)} (n=${s.count})`
}

/** The summary, as lines for a terminal. */
export function summary (result: SimResult): string {
  const { measurements: m, invariants: inv, world } = result
  const r = m.readings
  const lines = [
    `${result.scenario.name}: ${world.devices} nodes (${world.phones} phones of ${world.patients} patients, ${world.relays} relays, ${world.practitioners} practitioners) in ${world.shards} shard${world.shards === 1 ? '' : 's'}; ${result.scenario.days} simulated days, a day every ${result.scenario.daySeconds} s`,
    `Machine        ${result.machine.cpus} cores, ${bytes(result.machine.memoryBytes)}; load average ${result.machine.load[0].toFixed(1)} at the start, ${result.machine.load[1].toFixed(1)} at the end`,
    `Wall time      ${duration(m.timing.totalMs)} (chain ${duration(m.timing.chainMs)}, set-up ${duration(m.timing.setupMs)}, start ${duration(m.timing.startMs)}, workload ${duration(m.timing.workloadMs)}, settle ${duration(m.timing.settleMs)})`,
    `Invariants     ${inv.ok ? 'all held' : `${inv.violationCount} VIOLATION${inv.violationCount === 1 ? '' : 'S'} (${Object.entries(inv.byInvariant).map(([k, n]) => `${k} ${n}`).join(', ')})`}`,
    `Readings       ${r.written} written, ${r.delivered} of ${r.owed} owed deliveries arrived; ${Object.entries(inv.excused).filter(([, n]) => n > 0).map(([k, n]) => `${n} ${k}`).join(', ') || 'none excused'}`,
    `Latency        ${percentiles(r.latencyMs)}`,
    `Convergence    after the workload ${m.convergence.finalMs === undefined ? 'NOT reached' : duration(m.convergence.finalMs)}; after a device came back ${percentiles(m.convergence.afterOnlineMs)}; after a partition healed ${percentiles(m.convergence.afterHealMs)}`,
    `Bandwidth      ${bytes(m.bandwidth.totalBytes)} of sync traffic: ${bytes(m.bandwidth.perReadingBytes)} per reading, ${bytes(m.bandwidth.perNodeBytes)} per node`,
    `Refusals       ${inv.refusals.total} (${inv.refusals.justified} matching consent, ${inv.refusals.races} races, ${inv.refusals.mismatched} mismatched); probes ${inv.probes.run} run, ${inv.probes.refused} refused, ${inv.probes.accepted} accepted, ${inv.probes.skipped} skipped`,
    `Replicas       ${inv.destroyed.count} destroyed after their grant ended${inv.destroyed.delaysMs.length > 0 ? `, ${duration(stats([...inv.destroyed.delaysMs]).p50)} (median) after` : ''}`,
    `Chain          ${m.chain.setupTxs} set-up transactions in ${duration(m.chain.setupMs)}; ${m.chain.actions.filter(a => a.phase === 'run').map(a => `${a.txs} ${a.action}`).join(', ') || 'no consent changes'} during the run; ${m.chain.anchors.ok} anchors during the run (${m.chain.anchors.perReading.toFixed(2)} per reading${m.chain.anchors.failed > 0 ? `, ${m.chain.anchors.failed} failed` : ''}) and ${m.chain.anchors.atStart} as phones first connected; at most ${m.chain.maxTxsPerBlock} transactions in a block`,
    `Per node       ${bytes(m.resources.rssPerNodeBytes)} RSS (${bytes(m.resources.heapPerNodeBytes)} heap), CPU ${m.resources.cpuPerNodePct.toFixed(2)}% of a core during the run, ${m.resources.idleCpuPerNodePct.toFixed(2)}% idle`,
    `Limits         ${result.limits[0] ?? ''}`,
    ...result.limits.slice(1).map(l => `               ${l}`)
  ]
  if (result.problems.errors > 0 || result.problems.lead.length > 0) {
    lines.push(`Problems       ${result.problems.errors} errors on devices (${Object.entries(result.problems.byCode).map(([k, n]) => `${k} ${n}`).join(', ')})${result.problems.lead.length > 0 ? `; lead: ${result.problems.lead.slice(0, 3).join(' ')}` : ''}`)
  }
  for (const v of inv.violations.slice(0, 5)) lines.push(`  ✗ [${v.invariant}] ${v.message}`)
  if (inv.violationCount > 5) lines.push(`  … and ${inv.violationCount - 5} more in the report.`)
  return lines.join('\n')
}
