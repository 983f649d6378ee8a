// What the lead of a run keeps besides the shards' results: the run's timeline, the consent
// transactions it made during the run, the chain's blocks, its own process samples (the dev chain
// runs there) and how settling went. Written as lead.json, so `techo sim report` can merge a run
// whose shards ran on other machines.
import type { ConsentRecord } from './consent-log.js'
import type { Scenario } from './scenario.js'
import type { Sample } from './shard-result.js'

export interface LeadRecord {
  scenario: Scenario
  /** Wall-clock epoch ms of each milestone. */
  times: {
    started: number
    chainReady: number
    setupDone: number
    /** Simulated time 0. */
    startAt: number
    workloadEnd: number
    finished: number
  }
  /** Wall-clock ms from the end of the workload until every replica agreed, or undefined if they never did within settleSeconds. */
  convergedAfterMs: number | undefined
  /** Consent transactions the lead made during the run. */
  consent: ConsentRecord[]
  /** Every block from the contract's deployment on: [height, wall-clock ms, transactions]. */
  blocks: Array<[number, number, number]>
  samples: Sample[]
  /** Failures of the lead's own actions (a consent transaction that did not land, say). */
  failures: string[]
  /** The machine, and its load average (1 min) when the run started and ended: other work on it slows every figure. */
  machine: { cpus: number, memoryBytes: number, node: string, platform: string, load: [number, number] }
}
