// One shard of a run: a process that publishes its share of the chain set-up, runs its share of the
// devices as real nodes around one shared ledger view, plays its part of the workload at the agreed
// times, reports progress to the lead, and at the end hands over what it observed.
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ADMIN_ACCOUNT, ADMIN_SECRET_KEY } from '@techo/devchain'
import { errorCode } from '@techo/errors'
import { Ledger, LedgerView } from '@techo/ledger'
import { SimClock, anchorIntervalMs, simLimits } from './clock.js'
import type { ConsentRecord } from './consent-log.js'
import { SimError } from './errors.js'
import { Fleet } from './fleet.js'
import { Keys } from './keyring.js'
import { Links } from './links.js'
import { Recorder } from './recorder.js'
import { LeadClient, type Command } from './rendezvous.js'
import { Sampler } from './sampler.js'
import type { Scenario } from './scenario.js'
import { runSchedule } from './schedule.js'
import { approveAndGrant, registerParties, type SetupContext } from './setup.js'
import { stats, type ShardResult } from './shard-result.js'
import { plan, type Plan, type SimEvent } from './workload.js'

const PROGRESS_MS = 2000
const SAMPLE_MS = 2000
/** Counting sessions and bytes walks every session of every device: done this often, not at every sample. */
const COUNT_MS = 10_000
/** A shard on its own (a pod) logs a status line this often. */
const STATUS_MS = 60_000
const LEAD_SILENCE_MS = 120_000
/** How long a probe of a revoke or an expiry waits for this shard's view to show it. */
const PROBE_WAIT_MS = 60_000
/** Set-up transactions in flight at once, over all shards. */
const SETUP_IN_FLIGHT = 32

export interface ShardOptions {
  scenario: Scenario
  scenarioHash: string
  shard: number
  /** The lead's rendezvous URL. */
  lead: string
  /** Interface relays listen on (0.0.0.0 in a pod). */
  host: string
  /** The address other shards reach this one's relays at (the pod IP in a pod). */
  advertise: string
  /** Lines worth showing while a shard runs on its own (a pod's log). */
  say?: (line: string) => void
  /** Where the shard's vaults go (a fresh directory inside it); default tmpfs or the temp directory. */
  workDir?: string
}

/** What the shard tells the lead with each progress post. */
export interface ShardProgress {
  phase: 'setup' | 'start' | 'run' | 'settle' | 'done'
  txs: number
  devices: number
  connected: number
  writes: number
  receipts: number
  refusals: number
  shreds: number
  errors: number
  rssBytes: number
  cpuMs: number
  loopP99Ms: number
  /** Lateness of the latest scheduled events, ms (p99). */
  lateMs: number
  /** While settling: the heads of every replica here. */
  heads?: ShardResult['heads']
}

/** Runs shard `opts.shard` of the run led at `opts.lead`; resolves with its result once the lead says the run is over. */
export async function runShard (opts: ShardOptions): Promise<ShardResult> {
  const client = new LeadClient(opts.lead, opts.shard)
  try {
    return await shardRun(opts, client)
  } catch (err) {
    await client.failed(`shard ${opts.shard}: ${(err as Error).message}`)
    throw err
  }
}

async function shardRun (opts: ShardOptions, client: LeadClient): Promise<ShardResult> {
  const say = opts.say ?? (() => {})
  const info = await client.run(10 * 60_000)
  if (info.scenarioHash !== opts.scenarioHash) {
    throw new SimError('ERR_BAD_SHARD', `Shard ${opts.shard} read a different scenario than the lead; give every shard the same file.`)
  }
  if (opts.shard >= info.shards) throw new SimError('ERR_BAD_SHARD', `Shard ${opts.shard} does not exist in a run of ${info.shards} shards.`)
  const { scenario } = opts
  const run: Plan = plan(scenario)
  const keys = new Keys(run.world)
  const workDir = await mkdtemp(join(opts.workDir ?? (existsSync('/dev/shm') ? '/dev/shm' : tmpdir()), `techo-sim-${opts.shard}-`))
  const chain = info.chain
  const ledger = new Ledger({ url: chain.url, chainId: chain.chainId, contract: chain.contract, sponsor: { account: ADMIN_ACCOUNT, secretKey: ADMIN_SECRET_KEY }, pollMs: Math.max(50, scenario.chain.blockMs) })
  const view = new LedgerView({ url: chain.url, contract: chain.contract, pollMs: Math.max(20, Math.min(100, scenario.chain.blockMs / 2)) })
  // Every device's sync service follows this one view.
  view.setMaxListeners(0)
  const links = new Links()
  let fleet: Fleet | undefined
  const recorder = new Recorder(view, peer => keys.deviceOf(peer), notebook => fleet?.patientOf(notebook), say)
  let counted = { at: 0, sessions: 0, bytes: 0 }
  const sampler = new Sampler(() => {
    if (Date.now() - counted.at >= COUNT_MS) {
      const running = [...fleet?.running.values() ?? []]
      counted = {
        at: Date.now(),
        sessions: running.reduce((n, d) => n + d.service.peers().sessions.length, 0),
        bytes: recorder.bytes(running).reduce((n, [, i, o]) => n + i + o, 0) / 2
      }
    }
    return { devices: fleet?.running.size ?? 0, sessions: counted.sessions, bytes: counted.bytes, writes: recorder.writes.length, receipts: recorder.receipts.length }
  })
  sampler.start(SAMPLE_MS)
  const status = setInterval(() => {
    const sample = sampler.samples.at(-1)
    say(`${phase}: ${fleet?.running.size ?? 0} devices, ${recorder.writes.length} readings, ${recorder.receipts.length} arrivals, ${recorder.errors.count} errors; RSS ${Math.round((sample?.rssBytes ?? 0) / 2 ** 20)} MiB, event-loop p99 ${Math.round(sample?.loopP99Ms ?? 0)} ms`)
  }, STATUS_MS)
  let phase: ShardProgress['phase'] = 'setup'
  let txs = 0
  let lateFrom = 0
  const progress = (withHeads: boolean): ShardProgress => {
    const sample = sampler.samples.at(-1)
    const late = stats(recorder.lateness.slice(lateFrom))
    lateFrom = recorder.lateness.length
    return {
      phase,
      txs,
      devices: fleet?.running.size ?? 0,
      connected: fleet?.connectedDevices() ?? 0,
      writes: recorder.writes.length,
      receipts: recorder.receipts.length,
      refusals: recorder.refusals.length,
      shreds: recorder.shreds.length,
      errors: recorder.errors.count,
      rssBytes: sample?.rssBytes ?? 0,
      cpuMs: sample?.cpuMs ?? 0,
      loopP99Ms: sample?.loopP99Ms ?? 0,
      lateMs: late.p99,
      ...(withHeads && fleet !== undefined ? { heads: fleet.heads() } : {})
    }
  }
  // Progress goes out on its own timer; the lead's answer can end the run.
  let command: Command = 'run'
  // Read through a function: the reporter's callbacks change it while this function awaits.
  const current = (): Command => command
  let commanded!: () => void
  const ended = new Promise<void>(resolve => { commanded = resolve })
  let unheardSince = Date.now()
  const reporter = setInterval(() => {
    client.progress(progress(phase === 'settle')).then(c => {
      unheardSince = Date.now()
      command = c
      if (c !== 'run') commanded()
    }, err => {
      say(`progress not delivered: ${(err as Error).message}`)
      // A lead that stays silent this long is gone: there is nobody to finish the run for.
      if (Date.now() - unheardSince > LEAD_SILENCE_MS) {
        command = 'abort'
        commanded()
      }
    })
  }, PROGRESS_MS)

  let setup: ConsentRecord[] = []
  const started = Date.now()
  try {
    // The dev chain answers slowly past a few dozen transactions in flight (it verifies and runs them on one core).
    const ctx: SetupContext = { world: run.world, keys, ledger, contract: chain.contract, shard: opts.shard, shards: info.shards, inFlight: Math.max(4, Math.ceil(SETUP_IN_FLIGHT / info.shards)), tick: () => { txs++ } }
    setup = await registerParties(ctx)
    await client.barrier('registered', null)
    setup.push(...await approveAndGrant(ctx))
    const lastBlock = await client.barrier<number>('set-up', setup)
    say(`set-up done (${setup.length} transactions from this shard); following the chain to block ${lastBlock}`)

    phase = 'start'
    await view.start()
    await view.waitForBlock(lastBlock)
    const limitsClock = new SimClock(0, scenario.daySeconds)
    fleet = new Fleet(run.world, keys, {
      view,
      ledger: scenario.anchors ? ledger : undefined,
      anchorIntervalMs: anchorIntervalMs(limitsClock),
      limits: simLimits(limitsClock, scenario),
      monitorMs: scenario.network.monitorMs,
      workDir,
      host: opts.host,
      failed: (spec, err) => { recorder.error(errorCode(err) ?? 'internal', `${spec.name}: ${err.message}`) }
    }, links, recorder, opts.shard)
    fleet.setRelayAddresses(await client.barrier<Record<number, string>>('relays', await fleet.startRelays(opts.advertise)))
    const first = fleet.local().filter(d => d.kind !== 'relay' && d.from === 0)
    await fleet.startDevices(first)
    say(`${fleet.running.size} devices started in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    const startMs = Date.now() - started
    const startAt = await client.barrier<number>('connected', fleet.connectedDevices())

    phase = 'run'
    const clock = new SimClock(startAt, scenario.daySeconds)
    const mine = localEvents(run, opts.shard)
    const schedule = runSchedule(clock, mine.map(({ event, index }) => ({ t: event.t, event: { event, index } })), ({ event, index }) => {
      act(fleet as Fleet, recorder, event, index, scenario)
    }, recorder.lateness)
    await Promise.race([schedule.done, ended])
    schedule.stop()
    if (current() === 'run') {
      phase = 'settle'
      say('workload done; settling')
      await ended
    }
    if (current() === 'abort') throw new SimError('ERR_SHARD_FAILED', `Shard ${opts.shard} was told to stop: the run failed elsewhere.`)
    phase = 'done'
    const result: ShardResult = {
      shard: opts.shard,
      pid: process.pid,
      host: opts.advertise,
      devices: new Set([...recorder.writes.map(w => w[1]), ...fleet.local().filter(d => d.from === 0).map(d => d.index)]).size,
      startMs,
      setup,
      writes: recorder.writes,
      receipts: recorder.receipts,
      refusals: recorder.refusals,
      probes: recorder.probes,
      shreds: recorder.shreds,
      holdings: await fleet.holdings(),
      heads: fleet.heads(),
      bytes: recorder.bytes(fleet.running.values()),
      samples: sampler.samples,
      lateness: stats(recorder.lateness),
      anchors: recorder.anchors,
      errors: recorder.errors,
      bypassed: fleet.bypassed()
    }
    await client.result(result)
    return result
  } finally {
    clearInterval(reporter)
    clearInterval(status)
    sampler.stop()
    await fleet?.stop()
    await view.stop()
    await rm(workDir, { recursive: true, force: true })
  }
}

/** The events this shard acts on, with their index in the plan. */
function localEvents (run: Plan, shard: number): Array<{ event: SimEvent, index: number }> {
  const devices = run.world.devices
  const here = (device: number): boolean => devices[device]?.shard === shard
  const mine = (e: SimEvent): boolean => {
    switch (e.type) {
      case 'reading':
      case 'lose':
        return here(e.device)
      case 'offline':
      case 'online':
        return here(e.device) || (devices[e.device]?.relays.some(here) ?? false)
      case 'cut':
      case 'heal':
        return here(e.relay) || e.devices.some(here)
      case 'recover':
        return here(e.device)
      case 'probe':
        return here(e.from)
      default:
        return false
    }
  }
  return run.events.map((event, index) => ({ event, index })).filter(({ event }) => mine(event))
}

// One event, as this shard's part of it; the slow ones run on in the background.
function act (fleet: Fleet, recorder: Recorder, event: SimEvent, index: number, scenario: Scenario): void {
  const failed = (what: string) => (err: unknown): void => recorder.error('ERR_SIM_EVENT', `${what}: ${(err as Error).message}`)
  switch (event.type) {
    case 'reading':
      fleet.write(event.device, event.reading, event.vital)
      return
    case 'offline':
    case 'online':
      fleet.setOffline(event.device, event.type === 'offline')
      return
    case 'cut':
    case 'heal':
      fleet.cut(event.relay, event.devices, event.type === 'cut')
      return
    case 'lose':
      fleet.lose(event.device).catch(failed(`losing device ${event.device}`))
      return
    case 'recover':
      fleet.restore(event.device, 60_000 + 20 * scenario.chain.blockMs).catch(failed(`restoring device ${event.device}`))
      return
    case 'probe':
      void runProbe(fleet, recorder, event, index, scenario)
  }
}

// A revoke or an expiry is probed once this shard's view has it and a moment more has passed, so
// the phone's shard has applied the block too (the lead publishes the revoke when it is due, and it
// lands blocks later on a busy machine); a probe before a grant runs at once.
async function runProbe (fleet: Fleet, recorder: Recorder, event: Extract<SimEvent, { type: 'probe' }>, index: number, scenario: Scenario): Promise<void> {
  if (event.why !== 'not yet granted') {
    if (!await fleet.grantEnded(event.from, event.patient, PROBE_WAIT_MS)) {
      recorder.probes.push([index, 'skipped', Date.now(), `the grant had not ended in this shard's view ${PROBE_WAIT_MS / 1000} s after it was due`])
      return
    }
    await new Promise(resolve => setTimeout(resolve, 1000 + 4 * scenario.chain.blockMs))
  }
  const outcome = await fleet.probe(event.from, event.to, event.patient)
  recorder.probes.push([index, outcome.outcome, Date.now(), outcome.detail])
}
