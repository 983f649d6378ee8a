// Appending one reading to @techo/notebook notebooks of 1k, 10k and 100k entries,
// including the encrypted vault write (vault.notebooks.save, fsynced by default):
// median and p99. Targets: median ≤ 1 ms, and the 100k median ≤ 1.5× the 1k one.
// Also bytes on disk per reading: while recent readings are chunks, and once
// they are compacted into the snapshot.
//
// Run: node --import tsx test/bench/vault-append.bench.ts [appends per run, default 500]
//      TECHO_BENCH_SIZES=1000,10000 node --import tsx test/bench/vault-append.bench.ts   (shorter)
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
// The root package does not depend on the workspace packages, so bare
// '@techo/vault' and '@techo/notebook' do not resolve from test/bench.
import { openVault } from '@techo/vault'
import { VitalsNotebook } from '../../packages/vault/test/fixtures/notebook-readings.js'

const APPENDS = Number(process.argv[2] ?? 500)
const WARMUP = 20
const SIZES = (process.env.TECHO_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number)
// The history is written in bulk changes of this many readings (as an import would), to build it fast.
const BULK = 1000

interface Run {
  median: number
  p99: number
  max: number
  notebookMedian: number
  saveMedian: number
  compactions: number
  recordBytes: number
  growthBytes: number
  dbBytes: number
}

function percentile (sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!
}

function dirBytes (dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0)
}

/** Saves the notebook into a new vault, then times APPENDS appends of one reading each, save included. */
async function run (vitals: VitalsNotebook, next: number, durable: boolean): Promise<Run> {
  const nb = vitals.notebook
  const dir = mkdtempSync(join(tmpdir(), 'techo-bench-append-'))
  const vault = await openVault(dir, { durable })
  await vault.unlock(new Uint8Array(randomBytes(32)))
  await vault.notebooks.save(nb.id, nb.doc)
  for (let i = 0; i < WARMUP; i++, next++) {
    vitals.add(next, next + 1)
    await vault.notebooks.save(nb.id, nb.doc)
  }
  await vault.notebooks.compact(nb.id)
  const before = dirBytes(dir)

  const total: number[] = []
  const notebook: number[] = []
  const save: number[] = []
  let compactions = 0
  let recordBytes = 0
  for (let i = 0; i < APPENDS; i++, next++) {
    const t0 = performance.now()
    vitals.add(next, next + 1)
    const t1 = performance.now()
    const result = await vault.notebooks.save(nb.id, nb.doc)
    total.push(performance.now() - t0)
    notebook.push(t1 - t0)
    save.push(total[total.length - 1]! - (t1 - t0))
    if (result.compacted) compactions++
    else recordBytes += result.bytes
  }
  const growthBytes = (dirBytes(dir) - before) / APPENDS
  // Folds the chunks and compacts LevelDB's files, so replaced records no longer count.
  await vault.notebooks.compact(nb.id)
  await vault.close()
  const dbBytes = dirBytes(dir) / next
  rmSync(dir, { recursive: true, force: true })
  total.sort((a, b) => a - b)
  notebook.sort((a, b) => a - b)
  save.sort((a, b) => a - b)
  return {
    median: percentile(total, 0.5),
    p99: percentile(total, 0.99),
    max: total[total.length - 1]!,
    notebookMedian: percentile(notebook, 0.5),
    saveMedian: percentile(save, 0.5),
    compactions,
    recordBytes: recordBytes / Math.max(1, APPENDS - compactions),
    growthBytes,
    dbBytes
  }
}

const ms = (x: number): string => x.toFixed(3).padStart(8)
const bytes = (x: number): string => x.toFixed(0).padStart(7)

console.log(`vault append: one reading (Notebook.addVital) then vault.notebooks.save; ${APPENDS} appends per run (node ${process.version})`)
const results: Array<{ size: number, durable: Run, fast: Run, snapshot: number }> = []
for (const size of SIZES) {
  const t0 = performance.now()
  const vitals = new VitalsNotebook('a1'.repeat(16), size + 2 * (WARMUP + APPENDS))
  for (let seq = 0; seq < size; seq += BULK) vitals.add(seq, Math.min(size, seq + BULK))
  const built = (performance.now() - t0) / 1000
  const snapshot = vitals.notebook.save().length / size
  const durable = await run(vitals, size, true)
  const fast = await run(vitals, size + WARMUP + APPENDS, false)
  results.push({ size, durable, fast, snapshot })
  console.log(`  built ${size.toLocaleString('en')} entries in ${built.toFixed(1)} s`)
}

for (const mode of ['durable', 'fast'] as const) {
  console.log(`\n${mode === 'durable' ? 'durable: fsync before save resolves (the default)' : 'not durable: no fsync (simulations)'}`)
  console.log('   entries   median ms     p99 ms     max ms   addVital alone   vault save alone   compactions  (medians of the parts)')
  for (const r of results) {
    const f = r[mode]
    console.log(`   ${String(r.size).padStart(7)}    ${ms(f.median)}   ${ms(f.p99)}   ${ms(f.max)}         ${ms(f.notebookMedian)}           ${ms(f.saveMedian)}   ${String(f.compactions).padStart(11)}`)
  }
  const first = results[0]![mode].median
  const last = results[results.length - 1]![mode].median
  const sizes = `${results[results.length - 1]!.size.toLocaleString('en')} / ${results[0]!.size.toLocaleString('en')}`
  console.log(`   median ${sizes} = ${(last / first).toFixed(2)} (target for 100k / 1k ≤ 1.5); largest median ${Math.max(...results.map(r => r[mode].median)).toFixed(3)} ms (target ≤ 1 ms)`)
}

console.log('\nbytes on disk per reading (durable runs)')
console.log('   entries   chunk + head record written   db growth while chunks   Automerge snapshot   whole db compacted')
for (const r of results) {
  console.log(`   ${String(r.size).padStart(7)}                       ${bytes(r.durable.recordBytes)}                  ${bytes(r.durable.growthBytes)}              ${bytes(r.snapshot)}              ${bytes(r.durable.dbBytes)}`)
}
