// Damaged files never abort the process and never pass for a smaller notebook. Byte by byte, a
// real vault's LevelDB files (tables, the log holding the last save, the MANIFEST, CURRENT) are
// flipped in a copy that is then opened as a command opens it. Before the vault checked its files,
// 2 in 24 such opens died in LevelDB's compaction (SIGABRT, table_builder.cc:97) and a flip
// anywhere in the log silently dropped the last reading. Every open must now either load the whole
// notebook or refuse with ERR_DAMAGED_VAULT, naming the file, saying how to recover, and leaving the
// copy exactly as it found it.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { cpSync, readdirSync, statSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openVault } from '../src/index.js'
import { rejectsWith } from './fixtures/expect.js'
import { addReadings, allReadings, emptyReadings, type Readings } from './fixtures/readings.js'
import { removeDir, tempDir } from './fixtures/raw.js'

const SWEEPER = fileURLToPath(new URL('./fixtures/flip-sweep.ts', import.meta.url))
const HOLDER = fileURLToPath(new URL('./fixtures/hold-open.ts', import.meta.url))
const PHONE = 'cd'.repeat(16)
const OFFSETS_PER_FILE = 24
const dir = tempDir()
const key = randomBytes(32)
let readings = 0

const cut = `${dir}-cut`
const held = `${dir}-held`
test.after(() => { for (const d of [dir, `${dir}-flipped`, cut, held]) removeDir(d) })

/** A vault as months of use leave it: tables on two levels, more waiting to be compacted, and the last save only in the log. */
async function buildVault (): Promise<void> {
  let doc = emptyReadings(PHONE)
  for (let session = 0; session < 7; session++) {
    const vault = await openVault(dir, { compaction: { maxChunks: 6 } })
    await vault.unlock(key)
    for (let save = 0; save < 5; save++) {
      doc = addReadings(doc, readings, readings + 3, PHONE)
      readings += 3
      await vault.notebooks.save('nb', doc, { audit: [{ at: new Date().toISOString(), kind: 'write', notebook: 'nb', detail: `readings to ${readings}` }] })
    }
    await vault.close()
  }
}

/** Runs the sweep child over `cases`; resolves to its result lines, or fails naming the case it died on. */
function sweep (cases: Array<[string, number]>): Promise<Array<Record<string, any>>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SWEEPER, dir, key.toString('hex'), JSON.stringify(cases)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => { out += d })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d })
    child.on('error', reject)
    child.on('close', (code, signal) => {
      const lines = out.split('\n')
      if (code !== 0) {
        const last = lines.filter(l => l.startsWith('case ')).pop()
        return reject(new Error(`the opening process died (${signal ?? `exit ${code}`}) at ${last}: ${err.slice(-400)}`))
      }
      resolve(lines.filter(l => l.startsWith('{')).map(l => JSON.parse(l) as Record<string, any>))
    })
  })
}

test('a flipped byte in any LevelDB file is reported as damage or changes nothing, and never aborts', async () => {
  await buildVault()
  const files = readdirSync(dir).filter(n => /^(\d+\.(ldb|log)|MANIFEST-\d+|CURRENT)$/.test(n))
  assert.ok(files.filter(n => n.endsWith('.ldb')).length >= 2, `too few tables: ${files.join(' ')}`)
  assert.ok(files.some(n => n.endsWith('.log') && statSync(join(dir, n)).size > 0), 'the last save is not in the log')
  const cases: Array<[string, number]> = []
  for (const file of files) {
    const size = statSync(join(dir, file)).size
    const offsets = new Set(Array.from({ length: OFFSETS_PER_FILE }, (_, i) => Math.floor((i + 0.5) * size / OFFSETS_PER_FILE)))
    // A table's footer, a log's first header, a file's last byte: where lengths and markers sit.
    for (const at of [0, 4, 5, 6, size - 1, size - 9, size - 48]) if (at >= 0 && at < size) offsets.add(at)
    for (const offset of offsets) cases.push([file, offset])
  }

  const results = await sweep(cases)
  assert.is(results.length, cases.length)
  const everything = Array.from({ length: readings }, (_, i) => i)
  let refused = 0
  for (const r of results) {
    const where = `${r.file} byte ${r.offset}`
    assert.is(r.unexpected, undefined, `${where}: ${r.unexpected}`)
    if (r.code === undefined) {
      assert.equal(r.seqs, everything, `${where}: the notebook loaded without some readings`)
      continue
    }
    refused++
    assert.is(r.code, 'ERR_DAMAGED_VAULT', `${where}: ${r.message}`)
    assert.match(r.message, 'techo recover', where)
    assert.match(r.message, 'clinics', where)
    assert.ok(r.untouched, `${where}: the damaged copy was changed by opening it`)
  }
  // Nearly every byte of these files is covered by a checksum: most flips must be caught.
  assert.ok(refused >= results.length * 0.8, `only ${refused} of ${results.length} flips were reported`)
})

test('a log cut short is damage after a clean close, and the trace of a crash after a killed process', async () => {
  cpSync(dir, cut, { recursive: true })
  const log = readdirSync(cut).find(n => n.endsWith('.log') && statSync(join(cut, n)).size > 0)!
  truncateSync(join(cut, log), statSync(join(cut, log)).size - 3)
  const err = await rejectsWith(openVault(cut, { create: false }), 'ERR_DAMAGED_VAULT')
  assert.match(err.message, `in ${log}, its last record`)

  // A process killed while it held a vault leaves the vault's session marker saying so; a log cut
  // short under that marker is a write that was never acknowledged, dropped as LevelDB drops it.
  cpSync(dir, held, { recursive: true })
  const holder = spawn(process.execPath, ['--import', 'tsx', HOLDER, held], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    holder.stdout.setEncoding('utf8').on('data', (d: string) => { if (d.includes('open')) resolve() })
    holder.on('exit', code => reject(new Error(`the holder exited early (${code})`)))
  })
  holder.kill('SIGKILL')
  await once(holder, 'exit')
  cpSync(join(held, 'TECHO-SESSION'), join(cut, 'TECHO-SESSION'))
  const vault = await openVault(cut, { create: false })
  try {
    await vault.unlock(key)
    const seqs = allReadings((await vault.notebooks.load<Readings>('nb', { actor: PHONE }))!).map(r => r.seq)
    assert.equal(seqs, Array.from({ length: readings - 3 }, (_, i) => i), 'all but the save that was cut short')
  } finally {
    await vault.close()
  }
})

test.run()
