// `techo sim`: run a simulator scenario (real Techo nodes in worker processes around a dev chain),
// one shard of a run spread over machines, or `techo sim report` to merge a run's files again.
import { type Command } from 'commander'
import { resolve } from 'node:path'
import { CliError, EXIT } from '../cli/exit.js'

interface SimFlags { out?: string, shard?: string, join?: string, lead?: string, host: string, advertise?: string, quiet?: boolean }

export function registerSim (program: Command): void {
  program.command('sim')
    .description('run a simulator scenario (e.g. examples/sim/baseline.json) and write its result and HTML report; `techo sim report DIR` rebuilds them from a run\'s files')
    .argument('<scenario>', 'scenario file, or "report" followed by a run\'s directory or files (lead.json, shard-N.json)')
    .argument('[files...]', 'with "report": the run\'s directory or files')
    .option('--out <dir>', 'where the result, the report and the raw records go (default sim-results/<scenario>-<time>)')
    .option('--shard <i/N>', 'run only shard i of N (one pod of a Kubernetes Indexed Job); needs --lead or --join')
    .option('--lead <url>', 'with --shard: the lead\'s URL; shard 0 serves it on that port (and the dev chain on the next)')
    .option('--join <url>', 'with --shard: join a lead started elsewhere (a local run forks its shards with this)')
    .option('--host <ip>', 'interface the relays listen on', '127.0.0.1')
    .option('--advertise <ip>', 'address other shards reach this shard\'s relays at (default: --host)')
    .option('--quiet', 'no progress display')
    .action(async (scenarioPath: string, files: string[], _o: unknown, cmd: Command) => {
      const opts = cmd.opts<SimFlags>()
      // Before libp2p loads: its per-stream loggers otherwise ask, each time, whether stderr is a terminal.
      process.env.DEBUG_COLORS ??= 'false'
      const sim = await import('@techo/sim')
      if (scenarioPath === 'report') return await report(sim, files, opts)
      if (files.length > 0) throw new CliError(`Unexpected arguments after the scenario file: ${files.join(' ')}.`)
      const scenario = await sim.loadScenario(scenarioPath)
      const out = resolve(opts.out ?? `sim-results/${scenario.name}-${new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')}`)
      if (opts.shard !== undefined) return await shard(sim, scenario, out, opts)
      const progress = progressWriter(opts.quiet === true)
      const written = await sim.simulate({
        scenarioPath,
        outDir: out,
        progress: progress.line,
        shardLog: (i, line) => progress.log(`shard ${i}: ${line}`)
      }).finally(progress.done)
      finish(sim, written)
    })
}

type Sim = typeof import('@techo/sim')

async function report (sim: Sim, files: string[], opts: SimFlags): Promise<void> {
  if (files.length === 0) throw new CliError('techo sim report needs a run\'s directory, or its lead.json and shard-N.json files.')
  const result = await sim.resultFromFiles(files)
  const dir = resolve(opts.out ?? (files.length === 1 && !files[0]?.endsWith('.json') ? files[0] as string : '.'))
  finish(sim, await sim.writeRun(dir, undefined, result))
}

async function shard (sim: Sim, scenario: Awaited<ReturnType<Sim['loadScenario']>>, out: string, opts: SimFlags): Promise<void> {
  const match = /^(\d+)\/(\d+)$/.exec(opts.shard ?? '')
  const index = Number(match?.[1])
  const count = Number(match?.[2])
  if (match === null || index >= count) throw new CliError(`--shard must be i/N with 0 ≤ i < N, not ${JSON.stringify(opts.shard)}.`)
  if (count !== scenario.shards) throw new CliError(`--shard says ${count} shards but the scenario runs ${scenario.shards}; set "shards" in scenario ${scenario.name} to match.`)
  const lead = opts.lead ?? opts.join
  if (lead === undefined || (opts.lead !== undefined && opts.join !== undefined)) throw new CliError('--shard needs exactly one of --lead URL (every pod of a distributed run) or --join URL.')
  const written = await sim.runShardProcess({
    scenario,
    scenarioHash: sim.scenarioHash(scenario),
    shard: index,
    lead,
    hostsLead: opts.lead !== undefined,
    host: opts.host,
    advertise: opts.advertise ?? opts.host,
    outDir: out,
    say: line => { process.stderr.write(`shard ${index}: ${line}\n`) }
  })
  if (written !== undefined) finish(sim, written)
  else console.log(`Shard ${index} of ${count} done; its result is in ${out}.`)
}

function finish (sim: Sim, written: { result: Parameters<Sim['summary']>[0], json: string, html: string }): void {
  console.log(sim.summary(written.result))
  console.log(`\nResult: ${written.json}\nReport: ${written.html}`)
  const count = written.result.invariants.violationCount
  if (count > 0) throw new CliError(`The run found ${count} invariant violation${count === 1 ? '' : 's'}; the report lists them.`, 'ERR_INVARIANT_VIOLATED', EXIT.badInput)
}

// On a terminal, one line rewritten in place; otherwise a line every ten seconds. Shard lines go above it.
function progressWriter (quiet: boolean): { line: (text: string) => void, log: (text: string) => void, done: () => void } {
  const tty = process.stderr.isTTY === true
  let last = 0
  let shown = false
  const clear = (): void => { if (tty && shown) process.stderr.write('\r\x1b[K') }
  return {
    line: text => {
      if (quiet) return
      if (tty) {
        process.stderr.write(`\r\x1b[K${text.slice(0, (process.stderr.columns ?? 120) - 1)}`)
        shown = true
      } else if (Date.now() - last >= 10_000) {
        last = Date.now()
        process.stderr.write(text + '\n')
      }
    },
    log: text => {
      if (quiet) return
      clear()
      process.stderr.write(text + '\n')
      shown = false
    },
    done: () => { clear() }
  }
}
