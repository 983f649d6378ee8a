// The lead of a run: it starts the dev chain (fast blocks) with the consent contract, serves the
// rendezvous the shards meet at, agrees the start time once every shard's devices are connected,
// makes the consent changes of the workload (grants, revokes, expiries, restored phones) at their
// times, shows progress, decides when every replica has converged, and collects the results.
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { startDevChain, type DevChain } from '@techo/devchain'
import { notebookIdFor } from '@techo/identity'
import { CONSENT_CONTRACT_NAME, Ledger, deployConsentContract } from '@techo/ledger'
import { SimClock } from './clock.js'
import type { ConsentRecord } from './consent-log.js'
import { ConsentModel } from './consent-model.js'
import { SimError } from './errors.js'
import { Keys } from './keyring.js'
import type { LeadRecord } from './lead-record.js'
import { LinkProxy } from './proxy.js'
import { Random } from './random.js'
import { serveRendezvous, type Command } from './rendezvous.js'
import { Sampler } from './sampler.js'
import type { Scenario } from './scenario.js'
import { runSchedule } from './schedule.js'
import type { ShardProgress } from './shard.js'
import type { HeadsRow, ShardResult } from './shard-result.js'
import { plan, type Plan, type SimEvent } from './workload.js'
import { converged } from './holders.js'

/** A shard that has not said a word this long after the run started (pods may be slow to schedule), or this long since it last did, is taken for dead. */
const SHARD_START_MS = 15 * 60_000
const SHARD_SILENCE_MS = 2 * 60_000

/** Where a run stands, for the progress display. */
export interface RunProgress {
  phase: 'chain' | ShardProgress['phase']
  scenario: Scenario
  /** Simulated ms so far (0 before the start). */
  simMs: number
  durationMs: number
  elapsedMs: number
  shards: Array<ShardProgress | undefined>
  /** Devices in the world at the start. */
  devices: number
  consentTxs: number
}

export interface LeadOptions {
  scenario: Scenario
  scenarioHash: string
  /** Interface and port the rendezvous listens on (port 0 picks one). */
  host: string
  port: number
  /** For shards on other machines: the lead's host name as they reach it, and the port to forward to the dev chain (which listens on 127.0.0.1). */
  external?: { host: string, chainPort: number }
  /** Starts the shards once the rendezvous listens (local workers), telling `failed` if one dies; they are awaited through their results. */
  launch?: (url: string, failed: (message: string) => void) => void
  progress?: (state: RunProgress) => void
  /** Milliseconds between progress calls. */
  progressMs?: number
  /** Aborting it ends the run (the shards are told to stop). */
  signal?: AbortSignal
  /** Given what the lead saw of a run that failed (its record, the failure among its failures, and each shard's last progress) before the failure is thrown. */
  keepFailed?: (lead: LeadRecord, lastProgress: Array<ShardProgress | undefined>) => Promise<void>
}

export interface LeadOutcome {
  lead: LeadRecord
  shards: ShardResult[]
}

/** Leads one run to its end; resolves with the lead's record and every shard's result. */
export async function runLead (opts: LeadOptions): Promise<LeadOutcome> {
  const { scenario } = opts
  const started = Date.now()
  const run: Plan = plan(scenario)
  const keys = new Keys(run.world)
  const chainDir = await mkdtemp(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'techo-sim-chain-'))
  const sampler = new Sampler(() => ({ devices: 0, sessions: 0, bytes: 0, writes: 0, receipts: 0 }))
  sampler.start(2000)
  const record: LeadRecord = {
    scenario,
    times: { started, chainReady: 0, setupDone: 0, startAt: 0, workloadEnd: 0, finished: 0 },
    convergedAfterMs: undefined,
    consent: [],
    blocks: [],
    samples: sampler.samples,
    failures: [],
    machine: { cpus: cpus().length, memoryBytes: totalmem(), node: process.version, platform: `${process.platform}-${process.arch}`, load: [loadavg()[0] ?? 0, 0] }
  }
  const progress: Array<ShardProgress | undefined> = new Array(scenario.shards).fill(undefined)
  const heads: Array<HeadsRow[] | undefined> = new Array(scenario.shards).fill(undefined)
  /** When each shard was last heard from. */
  const heard: number[] = new Array(scenario.shards).fill(started)
  const results: Array<ShardResult | undefined> = new Array(scenario.shards).fill(undefined)
  let setupRecords: ConsentRecord[] = []
  let command: Command = 'run'
  let chainInfo: { url: string, chainId: number, contract: string } | undefined
  let failure: SimError | undefined
  let settled!: () => void
  const allDone = new Promise<void>(resolve => { settled = resolve })
  let workloadOver = false
  let clock: SimClock | undefined

  const fail = (message: string): void => {
    failure ??= new SimError('ERR_SHARD_FAILED', message)
    command = 'abort'
    settled()
  }
  opts.signal?.addEventListener('abort', () => fail('The run was interrupted.'), { once: true })
  const rendezvous = await serveRendezvous(opts.host, opts.port, scenario.shards, {
    run: () => chainInfo === undefined ? undefined : { scenarioHash: opts.scenarioHash, shards: scenario.shards, chain: chainInfo },
    barrierDone: (name, data) => {
      if (name === 'set-up') {
        setupRecords = (data as ConsentRecord[][]).flat()
        record.times.setupDone = Date.now()
        return setupRecords.reduce((max, r) => Math.max(max, r.block), 0)
      }
      if (name === 'relays') return Object.assign({}, ...data as Array<Record<number, string>>)
      if (name === 'connected') {
        // Every shard hears the start time well before it comes, and the machine idles meanwhile with
        // every device connected: that window measures idle CPU per node.
        record.times.startAt = Date.now() + scenario.idleSeconds * 1000
        clock = new SimClock(record.times.startAt, scenario.daySeconds)
        startWorkload(clock)
        return record.times.startAt
      }
      return null
    },
    progress: (shard, body) => {
      heard[shard] = Date.now()
      const p = body as ShardProgress
      progress[shard] = p
      if (p.heads !== undefined) heads[shard] = p.heads
      if (command === 'run' && workloadOver) checkConvergence()
      return command
    },
    result: (shard, body) => {
      results[shard] = body as ShardResult
      if (results.every(r => r !== undefined)) settled()
    },
    failed: (_shard, message) => fail(message)
  })

  let chain: DevChain | undefined
  let forward: LinkProxy | undefined
  let display: NodeJS.Timeout | undefined
  let watchdog: NodeJS.Timeout | undefined
  let schedule: { stop: () => void } | undefined
  const ledgerOf = (): Ledger => new Ledger({ url: chain?.url as string, chainId: chain?.chainId as number, contract: CONSENT_CONTRACT_NAME, sponsor: { account: chain?.admin.account as string, secretKey: chain?.admin.secretKey as string }, pollMs: Math.max(50, scenario.chain.blockMs / 2) })
  let ledger: Ledger | undefined

  // The workload's consent changes are the lead's: it holds every party's key.
  const startWorkload = (c: SimClock): void => {
    const mine = run.events.filter(e => e.type === 'grant' || e.type === 'revoke' || e.type === 'recover')
    schedule = runSchedule(c, mine.map(event => ({ t: event.t, event })), event => { void consent(event, c) }, [])
    const end = c.wallAt(run.durationMs)
    setTimeout(() => {
      workloadOver = true
      record.times.workloadEnd = Date.now()
      setTimeout(() => {
        if (command === 'run') {
          record.failures.push(`The replicas had not converged ${scenario.settleSeconds} s after the workload ended.`)
          command = 'finish'
        }
      }, scenario.settleSeconds * 1000).unref()
    }, Math.max(0, end - Date.now())).unref()
  }
  const consent = async (event: SimEvent, c: SimClock): Promise<void> => {
    const l = ledger as Ledger
    const sentAt = Date.now()
    const done = (r: Omit<ConsentRecord, 'sentAt' | 'doneAt' | 'phase'>): void => { record.consent.push({ ...r, sentAt, doneAt: Date.now(), phase: 'run' }) }
    try {
      if (event.type === 'grant') {
        const patient = keys.party(event.patient)
        const until = event.until === undefined ? Date.now() + 365 * 86_400_000 : c.wallAt(event.until)
        const result = await l.grant(patient.seed, { clinic: keys.party(event.clinic).id, notebook: notebookIdFor(patient.id), scope: event.scope, until })
        done({ action: 'grant', party: event.patient, clinic: event.clinic, scope: event.scope, until, block: result.event.block, gas: result.gasUsage })
      } else if (event.type === 'revoke') {
        const patient = keys.party(event.patient)
        const result = await l.revoke(patient.seed, { clinic: keys.party(event.clinic).id, notebook: notebookIdFor(patient.id) })
        done({ action: 'revoke', party: event.patient, clinic: event.clinic, block: result.event.block, gas: result.gasUsage })
      } else if (event.type === 'recover') {
        // The restored phone is approved first, then the lost one withdrawn: the notebook never has no device.
        const patient = keys.party(event.patient)
        const approved = await l.approveDevice(patient.seed, keys.device(event.device), 'phone')
        done({ action: 'approveDevice', party: event.patient, device: event.device, block: approved.event.block, gas: approved.gasUsage })
        const revoked = await l.revokeDevice(patient.seed, keys.device(event.lost).peerId)
        done({ action: 'revokeDevice', party: event.patient, device: event.lost, block: revoked.event.block, gas: revoked.gasUsage })
      }
    } catch (err) {
      record.failures.push(`${event.type} at simulated ${(event.t / 3_600_000).toFixed(1)} h failed: ${(err as Error).message}`)
    }
  }

  // Converged: for every patient, every device expected to hold the notebook reports the same heads.
  const checkConvergence = (): void => {
    if (heads.some(h => h === undefined)) return
    const model = new ConsentModel(run.world, [...setupRecords, ...record.consent])
    if (converged(run, model, heads as HeadsRow[][], Date.now())) {
      record.convergedAfterMs = Date.now() - record.times.workloadEnd
      command = 'finish'
    }
  }

  try {
    chain = await startDevChain({ dataDir: chainDir, port: 0, blockIntervalMs: scenario.chain.blockMs })
    const sponsor = { account: chain.admin.account, secretKey: chain.admin.secretKey }
    const contract = await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor })
    ledger = ledgerOf()
    let chainUrl = chain.url
    if (opts.external !== undefined) {
      // The dev chain listens on 127.0.0.1 only: shards on other machines reach it through this forwarder.
      const port = Number(new URL(chain.url).port)
      forward = new LinkProxy({ host: '127.0.0.1', port }, { latencyMs: 0, jitterMs: 0, loss: 0 }, new Random(scenario.seed, 'chain-forward'), () => true)
      await forward.start('0.0.0.0', opts.external.chainPort)
      chainUrl = `http://${opts.external.host}:${opts.external.chainPort}`
    }
    chainInfo = { url: chainUrl, chainId: chain.chainId, contract }
    record.times.chainReady = Date.now()
    const deployedAt = await chainHeight(chain.url)
    opts.launch?.(rendezvous.url, fail)
    watchdog = setInterval(() => {
      const silent = heard.findIndex((at, shard) => results[shard] === undefined && Date.now() - at > (at === started ? SHARD_START_MS : SHARD_SILENCE_MS))
      if (silent >= 0) fail(`Shard ${silent} has not reported for ${Math.round((Date.now() - (heard[silent] ?? started)) / 1000)} s; it has probably died (see its log).`)
    }, 5000)
    if (opts.progress !== undefined) {
      const show = opts.progress
      display = setInterval(() => show(runProgress(scenario, run, progress, clock, started, record, chainInfo)), opts.progressMs ?? 1000)
    }
    await allDone
    if (failure !== undefined) {
      record.failures.push(failure.message)
      record.times.finished = Date.now()
      await opts.keepFailed?.({ ...record, consent: [...setupRecords, ...record.consent] }, progress)
      throw failure
    }
    record.times.finished = Date.now()
    record.machine.load[1] = loadavg()[0] ?? 0
    record.blocks = await blocks(chain.url, deployedAt)
    return { lead: { ...record, consent: [...setupRecords, ...record.consent] }, shards: results as ShardResult[] }
  } finally {
    clearInterval(display)
    clearInterval(watchdog)
    schedule?.stop()
    sampler.stop()
    // Let the last progress answers ('finish' or 'abort') reach the shards before the rendezvous goes.
    await new Promise(resolve => setTimeout(resolve, failure === undefined ? 0 : 3000))
    await rendezvous.close()
    await forward?.close()
    await chain?.close()
    await rm(chainDir, { recursive: true, force: true })
  }
}

function runProgress (scenario: Scenario, run: Plan, shards: Array<ShardProgress | undefined>, clock: SimClock | undefined, started: number, record: LeadRecord, chain: unknown): RunProgress {
  const phases = shards.map(s => s?.phase)
  const phase: RunProgress['phase'] = chain === undefined ? 'chain' : phases.includes(undefined) ? 'setup' : (phases as Array<ShardProgress['phase']>).reduce((a, b) => ORDER.indexOf(a) <= ORDER.indexOf(b) ? a : b)
  return {
    phase,
    scenario,
    simMs: clock === undefined ? 0 : Math.max(0, Math.min(run.durationMs, clock.simAt(Date.now()))),
    durationMs: run.durationMs,
    elapsedMs: Date.now() - started,
    shards,
    devices: run.world.devices.filter(d => d.from === 0).length,
    consentTxs: record.consent.length
  }
}

const ORDER: Array<ShardProgress['phase']> = ['setup', 'start', 'run', 'settle', 'done']

async function chainHeight (url: string): Promise<number> {
  const info = await (await fetch(`${url}/getChainInfo`)).json() as { head_block: string }
  return Number(info.head_block)
}

// Every block since `from`: its time and how many transactions it carried.
async function blocks (url: string, from: number): Promise<Array<[number, number, number]>> {
  const head = await chainHeight(url)
  const rows: Array<[number, number, number]> = []
  for (let h = from; h <= head; h++) {
    const { block } = await (await fetch(`${url}/getBlockByNumber/${h}/false`)).json() as { block: { time: string, tx_count: string } }
    rows.push([h, Math.round(Number(block.time) / 1e6), Number(block.tx_count)])
  }
  return rows
}
