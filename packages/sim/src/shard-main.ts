// The entry of a shard worker forked by localShards: `--scenario FILE --shard I --join URL --out DIR --work DIR`.
// It runs one shard to its end, writes its result into DIR and exits; the lead learns everything
// over HTTP.
import { parseArgs } from 'node:util'
import { runShardProcess } from './distributed.js'
import { loadScenario, scenarioHash } from './scenario.js'

// A worker whose lead has gone (killed, crashed) has nobody to report to: it stops too.
process.on('disconnect', () => process.exit(1))
process.on('SIGTERM', () => process.exit(1))
const { values } = parseArgs({ options: { scenario: { type: 'string' }, shard: { type: 'string' }, join: { type: 'string' }, out: { type: 'string' }, work: { type: 'string' } } })
try {
  const scenario = await loadScenario(values.scenario as string)
  await runShardProcess({
    scenario,
    scenarioHash: scenarioHash(scenario),
    shard: Number(values.shard),
    lead: values.join as string,
    hostsLead: false,
    host: '127.0.0.1',
    advertise: '127.0.0.1',
    outDir: values.out as string,
    workDir: values.work as string,
    say: line => { process.stdout.write(line + '\n') }
  })
  process.exit(0)
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`)
  process.exit(1)
}
