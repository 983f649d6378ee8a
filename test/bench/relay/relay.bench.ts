// A clinic relay at hospital scale (issue 13): a relay holding 1,000, 10,000 and 50,000 stored
// notebooks of a few hundred readings, 100 of whose patients are active. For each: the relay's
// start-up (vault, ledger view from its checkpoint, node, sync service) and its memory, in a process
// of its own; the latency of one reading from a patient's phone to the relay having applied it,
// median and p99, beside the same with 100 stored notebooks, all active; and the time to open a
// cold replica. Real parts throughout: the dev chain, the relay's LevelDB vault, ledger-gated libp2p
// over loopback TCP. The stored notebooks are generated once and cached (stored.ts).
//
//   node --conditions=source --import tsx test/bench/relay/relay.bench.ts [sizes=100,1000,10000,50000] [readings=300]
//
// 100 stored (all active) is the latency baseline; readings 0 leaves the phones out (start-up,
// memory and cold opens only).
//
// Figures only. Targets: start-up ≤ 5 s and memory ≤ 1 GB at 50,000 stored; latency within 1.5× of
// the 100-replica figure; a cold replica opens in ≤ 100 ms.
import { fork, type ChildProcess } from 'node:child_process'
import { writeFile, readFile } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join } from 'node:path'
import { startDevChain } from '@techo/devchain'
import { CONSENT_CONTRACT_NAME, LedgerView, type ViewCheckpoint } from '@techo/ledger'
import { notebookIdFor } from '@techo/identity'
import type { FromRelay, Memory, StartUp, ToRelay } from './messages.js'
import { inStep, startPhone, stopPhone, type Phone } from './phones.js'
import { storedSet, type StoredSet } from './stored.js'

const SIZES = (process.argv[2] ?? '100,1000,10000,50000').split(',').map(Number)
const READINGS = Number(process.argv[3] ?? 300)
const ENTRIES = 300
const ACTIVE = 100
const COLD = 50

interface Figures {
  stored: number
  active: number
  startUp: StartUp
  memory: { before: Memory, ready: Memory, active: Memory, cold: Memory }
  latency: number[]
  /** Readings not applied within 30 s. */
  lost: number
  cold: number[]
  load: string
}

const say = (line: string): void => { console.log(line) }
const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`
const ms = (n: number | undefined): string => n === undefined ? '—' : `${n.toFixed(n < 10 ? 1 : 0)} ms`
const pct = (xs: number[], p: number): number | undefined => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]
const iso = (t: number): string => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z')

const rows: Figures[] = []
for (const stored of SIZES) {
  const set = await storedSet(stored, ENTRIES, ACTIVE, say)
  const figures = await measure(set)
  rows.push(figures)
  report(figures, rows.find(r => r.stored === ACTIVE && r.latency.length > 0))
}

async function measure (set: StoredSet): Promise<Figures> {
  const relay = fork(new URL('./relay-node.ts', import.meta.url).pathname, [String(set.stored), String(set.entries), String(set.active.length)], {
    execArgv: ['--conditions=source', '--import', 'tsx']
  })
  await reply(relay, 'loaded')
  const chain = await startDevChain({ dataDir: set.chainDir, port: 0, blockIntervalMs: 50 })
  const phones: Phone[] = []
  let view: LedgerView | undefined
  try {
    const ready = await ask(relay, { type: 'start', url: chain.url }, 'ready')
    view = await phonesView(set, chain.url)
    say(`${set.stored} stored: relay ready in ${ms(ready.startUp.total)}`)
    const starting = performance.now()
    // Ten at a time: a hundred handshakes at once time out on a busy 2-core machine.
    for (let i = 0; i < (READINGS > 0 ? set.active.length : 0); i += 10) {
      phones.push(...await Promise.all(set.active.slice(i, i + 10).map(async patient => await startPhone(patient, view as LedgerView, ready.addresses))))
    }
    // Every phone in step with the relay (its replica opened for the session) before anything is timed.
    for (let i = 0; i < phones.length; i += 10) await Promise.all(phones.slice(i, i + 10).map(async phone => await inStep(phone, ready.peerId)))
    say(`  ${phones.length} phones connected and in step with the relay in ${ms(performance.now() - starting)}`)
    const active = await ask(relay, { type: 'memory' }, 'memory')
    if (active.open < phones.length) throw new Error(`Only ${active.open} replicas are open at the relay for ${ACTIVE} active patients.`)
    const { times: latency, lost } = await readings(relay, phones)
    const cold = await ask(relay, { type: 'cold', count: COLD }, 'cold')
    const afterCold = await ask(relay, { type: 'memory' }, 'memory')
    return {
      stored: set.stored,
      active: phones.length,
      startUp: ready.startUp,
      memory: { before: ready.memory.before, ready: ready.memory.after, active: active.memory, cold: afterCold.memory },
      latency,
      lost,
      cold: cold.ms,
      load: loadavg().map(l => l.toFixed(2)).join(' ')
    }
  } finally {
    await Promise.allSettled(phones.map(stopPhone))
    if (relay.connected) await ask(relay, { type: 'stop' }, 'stopped')
    if (view !== undefined) {
      await writeFile(join(set.chainDir, '..', 'phones-checkpoint.json'), JSON.stringify(view.checkpoint()))
      await view.stop()
    }
    await chain.close()
  }
}

// Round-robin over the active patients, one reading at a time: the time from the phone's addVital
// to the relay reporting the change applied to that patient's replica. A reading not applied within
// 30 s (a session lost and waiting to reconnect) is counted apart, not timed.
async function readings (relay: ChildProcess, phones: Phone[]): Promise<{ times: number[], lost: number }> {
  const times: number[] = []
  let lost = 0
  for (let i = 0; i < (phones.length > 0 ? READINGS : 0); i++) {
    const phone = phones[i % phones.length] as Phone
    const id = notebookIdFor(phone.notebook.patientId)
    let seen: (m: FromRelay) => void = () => {}
    const applied = new Promise<boolean>(resolve => {
      seen = m => { if (m.type === 'change' && m.notebook === id) resolve(true) }
      relay.on('message', seen)
      setTimeout(() => { resolve(false) }, 30_000).unref()
    })
    const started = performance.now()
    phone.notebook.addVital({ kind: 'pulse', value: 60 + (i % 30), at: iso(Date.now() - 60_000) })
    if (await applied) times.push(performance.now() - started)
    else lost++
    relay.off('message', seen)
    // Let the acknowledgements settle, so each reading is measured on its own.
    await new Promise(resolve => setTimeout(resolve, 5))
  }
  return { times, lost }
}

// The phones' shared view resumes where the last run's stopped (the chain grows by its blocks each run).
async function phonesView (set: StoredSet, url: string): Promise<LedgerView> {
  const file = join(set.chainDir, '..', 'phones-checkpoint.json')
  const resume = existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) as ViewCheckpoint : undefined
  const view = new LedgerView({ url, contract: CONSENT_CONTRACT_NAME, ...(resume === undefined ? {} : { resume }) })
  // Every phone's sync service follows it.
  view.setMaxListeners(ACTIVE * 2)
  await view.start()
  return view
}

async function ask<T extends FromRelay['type']> (relay: ChildProcess, message: ToRelay, type: T): Promise<Extract<FromRelay, { type: T }>> {
  const answer = reply(relay, type)
  relay.send(message)
  return await answer
}

async function reply<T extends FromRelay['type']> (relay: ChildProcess, type: T): Promise<Extract<FromRelay, { type: T }>> {
  return await new Promise((resolve, reject) => {
    const seen = (m: FromRelay): void => {
      if (m.type !== type) return
      relay.off('message', seen)
      relay.off('exit', exited)
      resolve(m as Extract<FromRelay, { type: T }>)
    }
    const exited = (code: number | null): void => { reject(new Error(`The relay exited (${String(code)}) before it answered ${type}.`)) }
    relay.on('message', seen)
    relay.once('exit', exited)
  })
}

function report (f: Figures, baseline: Figures | undefined): void {
  const s = f.startUp
  const median = pct(f.latency, 0.5)
  const base = baseline === undefined ? undefined : pct(baseline.latency, 0.5)
  const ratio = median === undefined || base === undefined ? '' : `; ${(median / base).toFixed(2)}× the ${baseline?.stored}-replica median ${ms(base)}, p99 ${ms(pct(baseline?.latency ?? [], 0.99))}`
  console.log(`\n${f.stored} stored notebooks of ${ENTRIES} readings, ${f.active} active (load average ${f.load})`)
  console.log(`  start-up ${ms(s.total)}: vault ${ms(s.vault)}, checkpoint ${ms(s.checkpoint)}, view ${ms(s.view)} (${s.blocks} blocks caught up), node ${ms(s.node)}, sync ${ms(s.sync)}   (target at 50,000: ≤ 5 s)`)
  console.log(`  memory (resident): ${mb(f.memory.before.rss)} before start, ${mb(f.memory.ready.rss)} ready, ${mb(f.memory.active.rss)} with ${f.active} active, ${mb(f.memory.cold.rss)} after ${f.cold.length} cold opens; heap ${mb(f.memory.active.heap)} with ${f.active} active   (target at 50,000: ≤ 1 GB)`)
  console.log(`  reading latency (${f.latency.length} readings, ${f.lost} not applied within 30 s): median ${ms(median)}, p99 ${ms(pct(f.latency, 0.99))}${ratio}   (target: ≤ 1.5× the 100-replica median)`)
  console.log(`  cold replica open (${f.cold.length}): median ${ms(pct(f.cold, 0.5))}, p99 ${ms(pct(f.cold, 0.99))}, max ${ms(f.cold.length === 0 ? undefined : Math.max(...f.cold))}   (target: ≤ 100 ms)`)
}
