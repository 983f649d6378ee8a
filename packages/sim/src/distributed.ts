// One shard of a run spread over machines (a Kubernetes Indexed Job: one shard per pod, the same
// command in each). Every shard is given the lead's URL; shard 0 also hosts the lead there, with the
// dev chain behind it, and writes the run's result when the others have delivered theirs. Each
// shard writes its own result file too, so `techo sim report` can merge them if the lead cannot.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runLead } from './lead.js'
import { progressLine } from './progress.js'
import { buildResult } from './result.js'
import type { Scenario } from './scenario.js'
import { runShard } from './shard.js'
import { writeRun, type Written } from './simulate.js'

export interface ShardRunOptions {
  scenario: Scenario
  scenarioHash: string
  shard: number
  /** The lead's URL as every shard reaches it (shard 0 serves it on that port, on every interface). */
  lead: string
  /** Shard 0 hosts the lead (a pod of an Indexed Job); false when a local lead forked this shard. */
  hostsLead: boolean
  /** Interface relays listen on, and the address other shards reach them at. */
  host: string
  advertise: string
  outDir: string
  /** Where the shard's vaults go (a fresh directory inside it); default tmpfs or the temp directory. */
  workDir?: string
  say: (line: string) => void
}

/** Runs one shard (and, on shard 0 of a distributed run, the lead); resolves with the run's result where the lead ran. */
export async function runShardProcess (opts: ShardRunOptions): Promise<Written | undefined> {
  await mkdir(opts.outDir, { recursive: true })
  const shardRun = async (lead: string): Promise<void> => {
    const result = await runShard({ scenario: opts.scenario, scenarioHash: opts.scenarioHash, shard: opts.shard, lead, host: opts.host, advertise: opts.advertise, say: opts.say, ...(opts.workDir === undefined ? {} : { workDir: opts.workDir }) })
    await writeFile(join(opts.outDir, `shard-${opts.shard}.json`), JSON.stringify(result))
  }
  if (!(opts.hostsLead && opts.shard === 0)) {
    await shardRun(opts.lead)
    return undefined
  }
  const url = new URL(opts.lead)
  const port = Number(url.port === '' ? 80 : url.port)
  const leading = runLead({
    scenario: opts.scenario,
    scenarioHash: opts.scenarioHash,
    host: '0.0.0.0',
    port,
    external: { host: url.hostname, chainPort: port + 1 },
    progress: p => opts.say(progressLine(p)),
    progressMs: 10_000
  })
  const [outcome] = await Promise.all([leading, shardRun(`http://127.0.0.1:${port}`)])
  return await writeRun(opts.outDir, outcome.lead, buildResult(outcome.lead, outcome.shards))
}
