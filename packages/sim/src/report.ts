// The HTML report: one self-contained page (inline CSS and SVG, no script, nothing fetched) with the
// run's verdict, its figures and charts, what limited it, every violation, and what was real.
import type { SimResult } from './result.js'
import { stats, type Stats } from './shard-result.js'
import { bytes, duration, percentiles, summary } from './summary.js'
import { barChart, esc, lineChart } from './svg.js'

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1340px;padding:0 1rem;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
.ok{color:#1a7f37;font-weight:600}.bad{color:#c62828;font-weight:600}
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:right}th{background:#f6f6f6}td:first-child,th:first-child{text-align:left}
figure{display:inline-block;margin:.5rem 1rem .5rem 0;vertical-align:top}figcaption{font-weight:600;margin-bottom:.2rem}
svg text{font-size:11px;fill:#444}svg .small{font-size:9px}svg .label{font-size:12px;fill:#222}svg .grid{stroke:#eee}svg .axis{stroke:#999}
pre{background:#f6f6f6;padding:.8rem;overflow:auto;font-size:12px}.empty{color:#888}li{margin:.2rem 0}`

function table (head: string[], rows: Array<Array<string | number>>): string {
  return `<table><tr>${head.map(h => `<th>${esc(h)}</th>`).join('')}</tr>${rows.map(r => `<tr>${r.map(c => `<td>${esc(String(c))}</td>`).join('')}</tr>`).join('')}</table>`
}

function statsRow (name: string, s: Stats): Array<string | number> {
  return [name, s.count, duration(s.p50), duration(s.p90), duration(s.p99), duration(s.max)]
}

/** Renders the report page for a result. */
export function renderReport (result: SimResult): string {
  const { measurements: m, invariants: inv, world, scenario } = result
  const ms = (v: number): string => duration(v)
  const verdict = inv.ok
    ? '<p class="ok">Every invariant held.</p>'
    : `<p class="bad">${inv.violationCount} invariant violation${inv.violationCount === 1 ? '' : 's'}: ${esc(Object.entries(inv.byInvariant).map(([k, n]) => `${k} ${n}`).join(', '))}.</p>`
  const hist = m.readings.histogram.filter(([, n], i, all) => n > 0 || all.slice(i).some(([, k]) => k > 0)).map(([edge, n]) => [edge === Infinity ? '>5 min' : `≤${duration(edge)}`, n] as [string, number])
  const overTime = m.readings.overTime
  const sections = [
    `<h1>Techo simulation: ${esc(scenario.name)}</h1>`,
    scenario.description === '' ? '' : `<p>${esc(scenario.description)}</p>`,
    verdict,
    `<pre>${esc(summary(result))}</pre>`,
    '<h2>World and machine</h2>',
    table(['', 'count'], [['clinics', world.clinics], ['patients', world.patients], ['relays', world.relays], ['practitioner devices', world.practitioners], ['phones (incl. restored)', world.phones], ['nodes', world.devices], ['shards', world.shards]]),
    `<p>Seed <code>${esc(scenario.seed)}</code>; ${scenario.days} simulated days, one every ${scenario.daySeconds} s of wall time (×${(86_400 / scenario.daySeconds).toFixed(0)}); blocks every ${scenario.chain.blockMs} ms. Machine: ${result.machine.cpus} cores, ${bytes(result.machine.memoryBytes)}, Node ${esc(result.machine.node)} on ${esc(result.machine.platform)}; load average ${result.machine.load[0].toFixed(1)} when the run started and ${result.machine.load[1].toFixed(1)} when it ended (other work on the machine slows every figure).</p>`,
    table(['stage', 'wall time'], [['dev chain and contract', ms(m.timing.chainMs)], ['chain set-up', ms(m.timing.setupMs)], ['nodes started and connected (incl. idle window)', ms(m.timing.startMs)], ['workload', ms(m.timing.workloadMs)], ['settling', ms(m.timing.settleMs)], ['total', ms(m.timing.totalMs)]]),
    '<h2>What limited the run</h2>',
    `<ul>${result.limits.map(l => `<li>${esc(l)}</li>`).join('')}</ul>`,
    '<h2>Propagation latency</h2>',
    `<p>From the moment a phone wrote a reading to the moment each device authorised for it (when it was written) applied it: ${esc(percentiles(m.readings.latencyMs))}. ${m.readings.delivered} of ${m.readings.owed} owed deliveries arrived; excused: ${esc(Object.entries(inv.excused).map(([k, n]) => `${k} ${n}`).join(', '))}.</p>`,
    table(['receiving device', 'n', 'median', 'p90', 'p99', 'max'], [statsRow('all', m.readings.latencyMs), ...Object.entries(m.readings.byKind).map(([k, s]) => statsRow(k, s))]),
    barChart(hist, { title: 'Latency distribution', xLabel: 'latency (upper bound of bin)', yLabel: 'deliveries' }),
    lineChart([
      { name: 'median', points: overTime.map(r => [r[0], r[2]]) },
      { name: 'p90', points: overTime.map(r => [r[0], r[3]]) },
      { name: 'p99', points: overTime.map(r => [r[0], r[4]]) },
      { name: 'max', points: overTime.map(r => [r[0], r[5]]) }
    ], { title: 'Latency over time', xLabel: 'simulated hour the reading was written', yLabel: 'ms', logY: true, yFormat: v => duration(v) }),
    '<h2>Convergence</h2>',
    `<p>After the workload ended, every replica agreed ${m.convergence.finalMs === undefined ? '<span class="bad">never, within the settle time</span>' : `after ${ms(m.convergence.finalMs)}`}. After a device came back online: ${esc(percentiles(m.convergence.afterOnlineMs))}. After a partition healed: ${esc(percentiles(m.convergence.afterHealMs))}. (Events with readings waiting; the time until the last of them arrived.)</p>`,
    lineChart([
      { name: 'device back online', points: m.convergence.events.filter(e => e[0] === 'online' && e[3] > 0).map(e => [e[1] / 3_600_000, Math.max(1, e[4])]), dots: true },
      { name: 'partition healed', points: m.convergence.events.filter(e => e[0] === 'heal' && e[3] > 0).map(e => [e[1] / 3_600_000, Math.max(1, e[4])]), dots: true }
    ], { title: 'Time to converge after each heal', xLabel: 'simulated hour', yLabel: 'ms', logY: true, yFormat: v => duration(v) }),
    '<h2>Bandwidth</h2>',
    `<p>${bytes(m.bandwidth.totalBytes)} of sync traffic (each byte counted once): ${bytes(m.bandwidth.perReadingBytes)} per reading written, ${bytes(m.bandwidth.perNodeBytes)} per node.</p>`,
    table(['device kind', 'nodes', 'sent + received', 'per node'], Object.entries(m.bandwidth.byKind).map(([k, b]) => [k, b.nodes, bytes(b.bytes), bytes(b.bytes / (b.nodes || 1))])),
    lineChart([{ name: 'sync bytes/s', points: m.bandwidth.overTime }], { title: 'Bandwidth over time', xLabel: 'seconds since the start', yLabel: 'bytes/s', yFormat: v => bytes(v) }),
    '<h2>Consent: refusals, probes, destroyed replicas</h2>',
    table(['', 'count'], [
      ['sync sessions refused', inv.refusals.total], ['… matching the consent state at the refusing device\'s block', inv.refusals.justified], ['… races (replica not open yet, node stopping)', inv.refusals.races], ['… contradicting the consent state', inv.refusals.mismatched], ['… not attributable', inv.refusals.unattributed],
      ['probes run (clinic without a standing grant says hello)', inv.probes.run], ['… refused', inv.probes.refused], ['… accepted', inv.probes.accepted], ['… skipped (phone offline)', inv.probes.skipped], ['… failed', inv.probes.failed],
      ['replicas destroyed after their grant ended', inv.destroyed.count]
    ]),
    inv.destroyed.delaysMs.length === 0 ? '' : `<p>Destroyed after the revoking block (or the grant's end): ${esc(percentiles(stats([...inv.destroyed.delaysMs])))}.</p>`,
    '<h2>Chain load</h2>',
    table(['action', 'phase', 'transactions', 'mean gas', 'blocks'], m.chain.actions.map(a => [a.action, a.phase, a.txs, a.meanGas, a.blocks])),
    `<p>Set-up: ${m.chain.setupTxs} transactions in ${ms(m.chain.setupMs)} (${(m.chain.setupTxs / ((m.chain.setupMs / 1000) || 1)).toFixed(0)}/s). Anchors: ${m.chain.anchors.ok} during the run (${m.chain.anchors.perReading.toFixed(2)} per reading), ${m.chain.anchors.atStart} as phones first connected, ${m.chain.anchors.failed} failed. ${m.chain.blocks} blocks, at most ${m.chain.maxTxsPerBlock} transactions in one. Per user action: a reading costs ${m.chain.anchors.perReading.toFixed(2)} anchor transactions; a grant or revoke one transaction; a restored phone two (approve the new, withdraw the lost).</p>`,
    lineChart([{ name: 'transactions per block', points: m.chain.overTime }], { title: 'Chain load over time', xLabel: 'seconds since the start', yLabel: 'transactions' }),
    '<h2>Memory and CPU</h2>',
    `<p>${bytes(m.resources.rssPerNodeBytes)} RSS per node (${bytes(m.resources.heapPerNodeBytes)} JS heap); CPU ${m.resources.cpuPerNodePct.toFixed(2)}% of a core per node during the run, ${m.resources.idleCpuPerNodePct.toFixed(2)}% while idle with every node connected. The lead (dev chain) peaked at ${bytes(m.resources.lead.peakRssBytes)} and used ${m.resources.lead.meanCpuPct.toFixed(0)}% of a core during the run. Scheduled events ran late by ${esc(percentiles(m.resources.lateness))}.</p>`,
    table(['shard', 'nodes', 'peak RSS', 'RSS per node', 'CPU (run)', 'CPU (idle)', 'peak event-loop p99', 'start-up'], m.resources.shards.map(s => [s.shard, s.devices, bytes(s.peakRssBytes), bytes(s.peakRssBytes / (s.devices || 1)), `${s.meanCpuPct.toFixed(0)}%`, `${s.idleCpuPct.toFixed(0)}%`, ms(s.peakLoopP99Ms), ms(s.startMs)])),
    lineChart([{ name: 'RSS, all shards', points: m.resources.overTime.map(r => [r[0], r[1]]) }], { title: 'Memory', xLabel: 'seconds since the start', yLabel: 'bytes', yFormat: v => bytes(v) }),
    lineChart([{ name: 'CPU, all shards', points: m.resources.overTime.map(r => [r[0], r[2]]) }], { title: 'CPU', xLabel: 'seconds since the start', yLabel: '% of one core' }),
    '<h2>Violations</h2>',
    inv.violations.length === 0 ? '<p class="ok">None.</p>' : `<ol>${inv.violations.map(v => `<li><b>${esc(v.invariant)}</b>: ${esc(v.message)}</li>`).join('')}</ol>${inv.violationCount > inv.violations.length ? `<p>… and ${inv.violationCount - inv.violations.length} more (see result.json).</p>` : ''}`,
    '<h2>Problems</h2>',
    result.problems.errors === 0 && result.problems.lead.length === 0 ? '<p>None.</p>' : `<p>${result.problems.errors} errors on devices: ${esc(Object.entries(result.problems.byCode).map(([k, n]) => `${k} ${n}`).join(', '))}.</p><ul>${[...result.problems.lead, ...result.problems.examples].map(e => `<li>${esc(e)}</li>`).join('')}</ul>`,
    result.problems.bypassedLinks > 0 ? `<p>${result.problems.bypassedLinks} connections bypassed their emulated link at the end of the run.</p>` : '',
    '<h2>What is real and what is emulated</h2>',
    `<ul>${result.realism.map(r => `<li>${esc(r)}</li>`).join('')}</ul>`,
    '<h2>Scenario</h2>',
    `<pre>${esc(JSON.stringify(scenario, null, 2))}</pre>`
  ]
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Techo simulation: ${esc(scenario.name)}</title><style>${STYLE}</style></head><body>${sections.join('\n')}</body></html>\n`
}
