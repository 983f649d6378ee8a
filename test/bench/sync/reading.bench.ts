// One reading, patient → clinic, over loopback TCP: the time from the patient's
// Notebook.addVital to the clinic relay having applied it (its sync service's
// 'change' event), on a notebook of ten years of readings, and the bytes that
// cross the wire per reading (both directions, frames and acknowledgements).
// Real parts: the dev chain, ledger-gated libp2p nodes, vaults in temp dirs.
//
//   node --import tsx test/bench/sync/reading.bench.ts [readings, default 300] [entries, default 15000]
//
// Figures only. Target (issue 4): median ≤ 20 ms.
import type { Notebook, VitalInput } from '@techo/notebook'
import { connect, copyOf, startWorld } from '../../../packages/sync/test/fixture.js'

const READINGS = Number(process.argv[2] ?? 300)
const ENTRIES = Number(process.argv[3] ?? 15_000)
const END = Date.parse('2025-01-01T00:00:00Z')
const SPAN = 10 * 365 * 86_400_000

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')
const reading = (i: number, at: string): VitalInput => i % 2 === 0
  ? { kind: 'bp', systolic: 110 + (i % 30), diastolic: 70 + (i % 15), at }
  : { kind: 'pulse', value: 55 + (i % 40), at }
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] as number

const world = await startWorld()
try {
  const patient = await world.party('patient')
  const clinic = await world.party('clinic')
  const phone = await world.device(patient, 'phone')
  const relay = await world.device(clinic, 'relay')
  const block = await world.grant(patient, clinic, 'read')
  await Promise.all([phone.at(block), relay.at(block)])
  const phoneSync = await phone.sync()
  const notebook = phoneSync.notebooks()[0]?.holder as Notebook
  // Ten years of history, about four readings a day, in batches (building it one change at a time takes a while).
  for (let i = 0; i < ENTRIES; i += 25) {
    notebook.batch(() => { for (let j = i; j < Math.min(ENTRIES, i + 25); j++) notebook.addVital(reading(j, iso(END - SPAN + Math.floor(j * SPAN / ENTRIES)))) })
  }
  const relaySync = await relay.sync()
  await connect(phone, relay)
  await relaySync.syncOnce(phone.peerId)
  if (copyOf(relaySync) === undefined) throw new Error('the relay did not receive the notebook')

  const wire = (): number => relaySync.peers().sessions.reduce((n, s) => n + s.stats.bytesIn + s.stats.bytesOut, 0)
  const applied = async (): Promise<void> => await new Promise(resolve => relaySync.once('change', () => resolve()))
  const latencies: number[] = []
  const before = wire()
  for (let i = 0; i < READINGS; i++) {
    const arrived = applied()
    const t0 = performance.now()
    notebook.addVital(reading(i, iso(Date.now() - 60_000)))
    await arrived
    latencies.push(performance.now() - t0)
    // Let the acknowledgements settle, so each reading is measured on its own.
    await new Promise(resolve => setTimeout(resolve, 5))
  }
  await new Promise(resolve => setTimeout(resolve, 100))
  const perReading = (wire() - before) / READINGS

  console.log(`sync reading latency, patient → clinic relay over loopback TCP (${ENTRIES}-entry notebook, ${READINGS} readings)`)
  console.log(`  median ${pct(latencies, 0.5).toFixed(2)} ms   p99 ${pct(latencies, 0.99).toFixed(2)} ms   max ${Math.max(...latencies).toFixed(2)} ms   (target: median ≤ 20 ms)`)
  console.log(`  bytes on the wire per reading: ${perReading.toFixed(0)} (both directions, length prefixes included)`)
} finally {
  await world.close()
}
