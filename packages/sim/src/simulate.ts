// A whole run on this machine: the lead in this process, the shards as worker processes; then the
// result, checked and measured, written as JSON and as a self-contained HTML report beside the
// lead's record and each shard's result (which `techo sim report` can merge again).
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SimError } from './errors.js'
import type { LeadRecord } from './lead-record.js'
import { runLead, type LeadOptions } from './lead.js'
import { localShards } from './local-shards.js'
import { progressLine } from './progress.js'
import { renderReport } from './report.js'
import { buildResult, type SimResult } from './result.js'
import { loadScenario, scenarioHash } from './scenario.js'

export interface SimulateOptions {
  scenarioPath: string
  /** Where the result, the report and the raw records go (created if missing). */
  outDir: string
  /** Called with a fresh progress line every `progressMs`. */
  progress?: (line: string) => void
  progressMs?: number
  /** Lines the shard workers print. */
  shardLog?: (shard: number, line: string) => void
  /** Aborting it ends the run as Ctrl-C does: the shards stop, and what was seen so far is written. */
  signal?: AbortSignal
}

export interface Written { result: SimResult, json: string, html: string }

/** Runs the scenario in `opts.scenarioPath` with its shards on this machine and writes its result; resolves once written. */
export async function simulate (opts: SimulateOptions): Promise<Written> {
  const scenario = await loadScenario(opts.scenarioPath)
  await mkdir(opts.outDir, { recursive: true })
  // The shards' vaults live here, removed with the run however it ends.
  const workDir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'techo-sim-'))
  const workers = localShards(opts.scenarioPath, scenario.shards, opts.outDir, workDir, opts.shardLog ?? (() => {}))
  const interrupted = new AbortController()
  const lead: LeadOptions = {
    scenario,
    scenarioHash: scenarioHash(scenario),
    host: '127.0.0.1',
    port: 0,
    launch: workers.launch,
    signal: interrupted.signal,
    // A run that fails still leaves what was seen until then: its consent, samples and failures, and
    // each shard's last counts and errors (a 1,000-node run can fail after a quarter of an hour).
    keepFailed: async (record, lastProgress) => {
      await writeFile(join(opts.outDir, 'lead.json'), JSON.stringify(record))
      await writeFile(join(opts.outDir, 'last-progress.json'), JSON.stringify(lastProgress, null, 1))
    },
    ...(opts.progress === undefined ? {} : { progress: p => opts.progress?.(progressLine(p)), progressMs: opts.progressMs ?? 1000 })
  }
  // Ctrl-C (or a kill) ends the run: the lead stops, the workers are killed, the files removed.
  const stop = (): void => { interrupted.abort() }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  opts.signal?.addEventListener('abort', stop, { once: true })
  try {
    const outcome = await runLead(lead).catch(err => {
      throw err instanceof SimError && err.code === 'ERR_SHARD_FAILED'
        ? new SimError(err.code, `${err.message} What the run saw until then is in ${join(opts.outDir, 'lead.json')} and ${join(opts.outDir, 'last-progress.json')}.`, { cause: err })
        : err
    })
    await workers.exited()
    return await writeRun(opts.outDir, outcome.lead, buildResult(outcome.lead, outcome.shards))
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
    opts.signal?.removeEventListener('abort', stop)
    workers.kill()
    await workers.exited()
    await rm(workDir, { recursive: true, force: true })
  }
}

/** Writes lead.json, result.json and report.html into `dir`. */
export async function writeRun (dir: string, lead: LeadRecord | undefined, result: SimResult): Promise<Written> {
  const json = join(dir, 'result.json')
  const html = join(dir, 'report.html')
  if (lead !== undefined) await writeFile(join(dir, 'lead.json'), JSON.stringify(lead))
  await writeFile(json, JSON.stringify(result, null, 1))
  await writeFile(html, renderReport(result))
  return { result, json, html }
}
