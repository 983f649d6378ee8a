// Append one reading to notebooks of 1k, 10k and 100k entries: the notebook's bucketed shape
// against a naive flat map of every entry, plus bytes per reading on disk and on the wire.
//
//   node --import tsx test/bench/notebook-append.bench.ts            # 1k, 10k, 100k
//   TECHO_BENCH_SIZES=1000,10000 node --import tsx test/bench/notebook-append.bench.ts
//
// Figures only: nothing here asserts a time. Targets (issue 2): median ≤ 1 ms, 100k ≤ 1.5× the 1k figure.
import { randomBytes } from 'node:crypto'
import { Notebook, type VitalInput } from '@techo/notebook'
import { FlatShape, bytesSince } from '../../packages/notebook/test/fixtures/flat-shape.js'

const SIZES = (process.env.TECHO_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number)
const APPENDS = 300
// The flat shape gets slow enough at 100k (~0.1 s per append) that fewer samples must do.
const FLAT_APPENDS = (n: number): number => n >= 100_000 ? 30 : APPENDS
const END = Date.parse('2025-01-01T00:00:00Z')
const SPAN = 10 * 365 * 86_400_000
const BATCH = 1000

// Any base58 Ed25519 public key will do as the patient (who is also the writing party here).
const PATIENT = '8Vq1jzX3kQ2Fh9sT7pLmNb4cRw6yDx5eG1aZuKoHiJf'
const hex = (n: number): string => randomBytes(n).toString('hex')
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

// A realistic mix: mostly blood pressure, pulse and weight, some of everything else.
function reading (i: number, at: string): VitalInput {
  switch (i % 8) {
    case 0: case 1: return { kind: 'bp', systolic: 110 + (i % 30), diastolic: 70 + (i % 15), at }
    case 2: case 3: return { kind: 'pulse', value: 55 + (i % 40), at }
    case 4: return { kind: 'weight', value: 60 + (i % 100) / 10, at }
    case 5: return { kind: 'temp', value: 36 + (i % 15) / 10, at }
    case 6: return { kind: 'glucose', value: 80 + (i % 60), at }
    default: return { kind: 'steps', value: 2000 + (i % 9000), at }
  }
}

function stats (samples: number[]): { median: number, p99: number } {
  const s = [...samples].sort((a, b) => a - b)
  return { median: s[Math.floor(s.length / 2)] as number, p99: s[Math.min(s.length - 1, Math.floor(s.length * 0.99))] as number }
}

const ms = (x: number): string => `${x.toFixed(3)} ms`

// N readings spread evenly over the ten years before END, written in bulk changes.
function buildNotebook (n: number): Notebook {
  const nb = Notebook.create({ patientId: PATIENT, actor: hex(16), party: PATIENT, now: () => new Date(END) })
  for (let start = 0; start < n; start += BATCH) {
    nb.batch(() => {
      for (let i = start; i < Math.min(n, start + BATCH); i++) nb.addVital(reading(i, iso(END - SPAN + Math.floor(i * SPAN / n))))
    })
  }
  return nb
}

// The same readings in the naive shape: one flat map holding every entry.
function buildFlat (n: number, entryFor: (i: number) => unknown): FlatShape {
  const flat = new FlatShape()
  for (let start = 0; start < n; start += BATCH) {
    const batch: Array<[string, unknown]> = []
    for (let i = start; i < Math.min(n, start + BATCH); i++) batch.push([hex(10), entryFor(i)])
    flat.addMany(batch)
  }
  return flat
}

console.log(`notebook append benchmark: ${SIZES.join(', ')} entries over ten years; ${APPENDS} appends each (node ${process.version})`)
const results: Array<{ n: number, median: number }> = []
for (const n of SIZES) {
  let t = performance.now()
  const nb = buildNotebook(n)
  const buildMs = performance.now() - t
  const saved = nb.save().length

  // Appends land in the last weeks, a dozen a day, as a heavy user's would.
  let changeBytes = 0
  const off = nb.onChange(({ doc, before }) => { changeBytes += bytesSince(doc, before) })
  const times: number[] = []
  for (let j = 0; j < APPENDS; j++) {
    const input = reading(j, iso(END - (APPENDS - j) * 2 * 3_600_000))
    t = performance.now()
    nb.addVital(input)
    times.push(performance.now() - t)
  }
  off()
  const bucketed = stats(times)

  // Reading one month back opens only that month's buckets; reading everything opens them all.
  const queryTimes: number[] = []
  let monthEntries = 0
  for (let j = 0; j < 20; j++) {
    t = performance.now()
    monthEntries = nb.query({ since: '2020-06-01', until: '2020-07-01' }).length
    queryTimes.push(performance.now() - t)
  }
  // The first full read checks every entry; later reads find each one already checked (parse only).
  t = performance.now()
  const everything = nb.query().length
  const allMs = performance.now() - t
  t = performance.now()
  nb.query()
  const againMs = performance.now() - t
  results.push({ n, median: bucketed.median })

  // The flat shape, with the same entries, each one JSON string as the notebook stores it.
  const device = hex(16)
  const entryFor = (i: number): unknown => {
    const { at, ...r } = reading(i, iso(END - SPAN + Math.floor(i * SPAN / n)))
    return { type: 'vital', ...r, at, recorded: iso(END), author: { device, party: PATIENT } }
  }
  t = performance.now()
  const flat = buildFlat(n, entryFor)
  const flatBuildMs = performance.now() - t
  const flatTimes: number[] = []
  for (let j = 0; j < FLAT_APPENDS(n); j++) {
    const entry = entryFor(j)
    t = performance.now()
    flat.add(hex(10), entry)
    flatTimes.push(performance.now() - t)
  }
  const flatStats = stats(flatTimes)

  console.log(`\n${n.toLocaleString('en')} entries`)
  console.log(`  notebook (device/year/month/day):    append median ${ms(bucketed.median)}, p99 ${ms(bucketed.p99)}  [built in ${(buildMs / 1000).toFixed(1)} s]`)
  console.log(`  naive flat map:                       append median ${ms(flatStats.median)}, p99 ${ms(flatStats.p99)}  [${FLAT_APPENDS(n)} appends; built in ${(flatBuildMs / 1000).toFixed(1)} s]`)
  console.log(`  query one month: median ${ms(stats(queryTimes).median)} (${monthEntries} entries); query all ${everything.toLocaleString('en')} entries: ${ms(allMs)} first, ${ms(againMs)} again`)
  console.log(`  bytes per reading: ${(saved / n).toFixed(1)} B in Automerge.save (${(saved / 1024).toFixed(0)} KiB total), ${(changeBytes / APPENDS).toFixed(0)} B per incremental change`)
}

const first = results[0]
const last = results[results.length - 1]
if (first !== undefined && last !== undefined && last.n !== first.n) {
  console.log(`\n${last.n.toLocaleString('en')} vs ${first.n.toLocaleString('en')}: median append ratio ${(last.median / first.median).toFixed(2)}× (target ≤ 1.5×); worst median ${ms(Math.max(...results.map(r => r.median)))} (target ≤ 1 ms)`)
}
