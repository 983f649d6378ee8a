// @techo/sim: the multi-node simulator. Scenario files describe a world of clinics and patients and
// what they do; a run splits into shards (worker processes, or pods) of real Techo nodes around a
// dev chain, checks its invariants and writes a JSON result and an HTML report.
export { SimError, type SimErrorCode } from './errors.js'
export { loadScenario, parseScenario, scenarioHash, type Scenario, type LinkProfile, type Wave, type LostPhones, type Churn, type Partition, type Cut } from './scenario.js'
export { plan, DAY_MS, HOUR_MS, type Plan, type SimEvent } from './workload.js'
export type { World, DeviceSpec, PartySpec, DeviceKind } from './world.js'
export { simulate, writeRun, type SimulateOptions, type Written } from './simulate.js'
export { runLead, type LeadOptions, type LeadOutcome, type RunProgress } from './lead.js'
export { runShard, type ShardOptions, type ShardProgress } from './shard.js'
export { runShardProcess, type ShardRunOptions } from './distributed.js'
export { progressLine } from './progress.js'
export { buildResult, resultFromFiles, type SimResult } from './result.js'
export type { LeadRecord } from './lead-record.js'
export type { ShardResult } from './shard-result.js'
export type { Violation, Invariant } from './check.js'
export { summary } from './summary.js'
export { renderReport } from './report.js'
