// Opening a 15k-entry notebook (ten years of readings, about four a day, each
// added in its own change as a device adds them) from the vault, decryption
// included, beside plain Automerge.load of the same document.
// Targets: ≤ 300 ms, and ≤ 15% over Automerge.load. Medians over several runs; the
// overhead is the median of each vault load minus the plain load run next to it.
//
// The vault's states: just compacted (snapshot only), and with a tail of chunks
// (the last readings, saved one by one). Then cold: the first load in a fresh
// process, which pays for WebAssembly warm-up (what a one-shot CLI command sees).
// Two documents: the real @techo/notebook Notebook (one immutable JSON string
// per entry), and for comparison the same entries in the notebook's earlier
// shape, a map per entry with a field per value (fixtures/per-field-mirror.ts),
// to show how much of the time is the document's shape rather than the vault.
//
// Run: node --import tsx test/bench/vault-open.bench.ts [runs, default 9]
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
// The root package does not depend on the workspace packages, so bare
// '@techo/vault' and '@automerge/automerge' do not resolve from test/bench.
import { openVault } from '@techo/vault'
import { Automerge } from '../../packages/vault/test/fixtures/readings.js'
import { VitalsNotebook } from '../../packages/vault/test/fixtures/notebook-readings.js'
import { PerFieldMirror } from '../../packages/vault/test/fixtures/per-field-mirror.js'

const ENTRIES = 15_000
const TAIL = 250
const RUNS = Number(process.argv[2] ?? 9)
const DEVICE = 'a1'.repeat(16)
const READER = 'b2'.repeat(16)

/** A document that grows one reading per change: the Notebook, or its per-field mirror. */
interface Subject { name: string, add: (seq: number) => void, doc: () => Automerge.Doc<unknown> }

function notebookSubject (): Subject {
  const vitals = new VitalsNotebook(DEVICE, ENTRIES)
  return { name: '@techo/notebook, one JSON string per entry', add: seq => vitals.add(seq, seq + 1), doc: () => vitals.notebook.doc }
}

function perFieldSubject (): Subject {
  const vitals = new VitalsNotebook(DEVICE, ENTRIES)
  const mirror = new PerFieldMirror(vitals.notebook, DEVICE)
  return { name: 'for comparison: the same entries as a map of fields each (schema 1)', add: seq => vitals.add(seq, seq + 1), doc: () => mirror.doc }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const f1 = (x: number): string => x.toFixed(1).padStart(6)

/** One vault open: openVault + unlock + load + close, and the load alone. */
async function vaultOpen (dir: string, key: Uint8Array): Promise<{ whole: number, load: number }> {
  const t0 = performance.now()
  const vault = await openVault(dir)
  await vault.unlock(key)
  const t1 = performance.now()
  const doc = await vault.notebooks.load('bench', { actor: READER })
  const t2 = performance.now()
  await vault.close()
  const whole = performance.now() - t0
  Automerge.free(doc!)
  return { whole, load: t2 - t1 }
}

function plainLoad (bytes: Uint8Array): number {
  const t0 = performance.now()
  const doc = Automerge.load(bytes, { actor: READER })
  const ms = performance.now() - t0
  Automerge.free(doc)
  return ms
}

async function measure (label: string, dir: string, key: Uint8Array, bytes: Uint8Array): Promise<void> {
  const whole: number[] = []
  const load: number[] = []
  const plain: number[] = []
  await vaultOpen(dir, key) // warm-up: the first Automerge load in a process is slower
  plainLoad(bytes)
  // Interleaved, in alternating order, so drift on a busy machine hits both alike.
  for (let i = 0; i < RUNS; i++) {
    if (i % 2 === 1) plain.push(plainLoad(bytes))
    const v = await vaultOpen(dir, key)
    whole.push(v.whole)
    load.push(v.load)
    if (i % 2 === 0) plain.push(plainLoad(bytes))
  }
  // Each vault load against the plain load next to it in time: steadier than comparing two medians.
  const overhead = median(load.map((v, i) => v - plain[i]!)) / median(plain) * 100
  console.log(`   ${label.padEnd(26)} ${f1(median(load))}            ${f1(median(whole))}            ${f1(median(plain))}    ${overhead.toFixed(1).padStart(5)}%     ${f1(Math.min(...load))} / ${f1(Math.min(...plain))}`)
}

/** Runs one cold open (vault or plain) in a fresh process: the load's milliseconds and, for the vault, the whole open's. */
function cold (mode: 'vault' | 'plain', path: string, keyHex: string): { whole?: number, load: number } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--cold', mode, path, keyHex], { encoding: 'utf8' })
  if (child.status !== 0) throw new Error(`the cold ${mode} run failed: ${child.stderr}`)
  return JSON.parse(child.stdout) as { whole?: number, load: number }
}

async function bench (subject: Subject, withCold: boolean): Promise<void> {
  const t0 = performance.now()
  for (let seq = 0; seq < ENTRIES - TAIL; seq++) subject.add(seq)
  const dir = mkdtempSync(join(tmpdir(), 'techo-bench-open-'))
  const key = new Uint8Array(randomBytes(32))
  const vault = await openVault(dir)
  await vault.unlock(key)
  await vault.notebooks.save('bench', subject.doc())
  await vault.notebooks.compact('bench')
  console.log(`\n${subject.name}: built ${(ENTRIES - TAIL).toLocaleString('en')} readings, one change each, in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
  console.log('   state                      vault load ms   open+unlock+load+close   Automerge.load ms   overhead   fastest vault / plain')
  await vault.close()
  await measure(`${(ENTRIES - TAIL).toLocaleString('en')} entries, compacted`, dir, key, Automerge.save(subject.doc()))

  const again = await openVault(dir)
  await again.unlock(key)
  let chunks = 0
  for (let seq = ENTRIES - TAIL; seq < ENTRIES; seq++) {
    subject.add(seq)
    chunks = (await again.notebooks.save('bench', subject.doc())).compacted ? 0 : chunks + 1
  }
  await again.close()
  const bytes = Automerge.save(subject.doc())
  await measure(`${ENTRIES.toLocaleString('en')}, ${chunks} chunks pending`, dir, key, bytes)

  if (withCold) {
    const snapshotFile = `${dir}.automerge`
    writeFileSync(snapshotFile, bytes)
    const keyHex = Buffer.from(key).toString('hex')
    const vault: number[] = []
    const whole: number[] = []
    const plain: number[] = []
    for (let i = 0; i < 3; i++) {
      const v = cold('vault', dir, keyHex)
      vault.push(v.load)
      whole.push(v.whole!)
      plain.push(cold('plain', snapshotFile, keyHex).load)
    }
    const overhead = median(vault.map((v, i) => v - plain[i]!)) / median(plain) * 100
    console.log(`   ${'cold, new process (3 runs)'.padEnd(26)} ${f1(median(vault))}            ${f1(median(whole))}            ${f1(median(plain))}    ${overhead.toFixed(1).padStart(5)}%     ${f1(Math.min(...vault))} / ${f1(Math.min(...plain))}`)
    rmSync(snapshotFile, { force: true })
  }
  console.log(`   snapshot ${(bytes.length / 1024).toFixed(0)} KiB, ${(bytes.length / ENTRIES).toFixed(1)} bytes per reading`)
  rmSync(dir, { recursive: true, force: true })
}

if (process.argv[2] === '--cold') {
  const [mode, path, keyHex] = process.argv.slice(3) as [string, string, string]
  const ms = mode === 'vault'
    ? await vaultOpen(path, new Uint8Array(Buffer.from(keyHex, 'hex')))
    : { load: plainLoad(new Uint8Array(readFileSync(path))) }
  console.log(JSON.stringify(ms))
} else {
  console.log(`vault open: ${ENTRIES.toLocaleString('en')} readings over ten years; medians of ${RUNS} runs; target: vault load ≤ 300 ms and ≤ 15% over Automerge.load`)
  await bench(notebookSubject(), true)
  await bench(perFieldSubject(), false)
}
