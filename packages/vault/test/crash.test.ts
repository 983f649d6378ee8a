// Crash safety: a writer process is SIGKILLed at random points, many times,
// while it saves readings to a vault. After every kill the vault must open,
// hold every acknowledged reading (and at most the one save in flight), load
// without error, and hold exactly one audit event per stored reading (they are
// written in the same batch). The next writer continues in the same vault.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { openVault } from '../src/index.js'
import { allReadings, type Readings } from './fixtures/readings.js'
import { removeDir, tempDir } from './fixtures/raw.js'

const WRITER = fileURLToPath(new URL('./fixtures/crash-writer.ts', import.meta.url))
const ROUNDS = 25
const dir = tempDir()
const key = randomBytes(32)

interface Round { acked: number, compactions: number }

/** Starts a writer, kills it with SIGKILL at a random moment, and reports what it acknowledged. */
function killRound (): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dir, key.toString('hex')], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    let timer: NodeJS.Timeout | undefined
    // One round in five dies while opening and loading the vault, the rest while saving: a few ms
    // after a random number of acknowledged saves (counted, not timed, so a busy machine still
    // sees saves and compactions interrupted).
    const kill = (): void => { child.kill('SIGKILL') }
    if (Math.random() < 0.2) timer = setTimeout(kill, Math.random() * 400)
    const killAfter = Math.floor(Math.random() * 17)
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d
      const acked = out.match(/^ack /gm)?.length ?? 0
      if (timer === undefined && out.includes('start ') && acked >= killAfter) timer = setTimeout(kill, Math.random() * 5)
    })
    child.stderr.setEncoding('utf8').on('data', (d: string) => { err += d })
    child.on('error', reject)
    // 'close', not 'exit': it waits until every ack the child wrote has been read from the pipe.
    child.on('close', (_code, signal) => {
      clearTimeout(timer)
      if (signal !== 'SIGKILL') return reject(new Error(`the writer exited by itself: ${err}`))
      const acks = [...out.matchAll(/^ack (\d+)( compacted)?$/gm)]
      resolve({
        acked: acks.length === 0 ? -1 : Number(acks[acks.length - 1]![1]),
        compactions: acks.filter(a => a[2] !== undefined).length
      })
    })
  })
}

test.after(() => removeDir(dir))

test(`a writer killed ${ROUNDS} times keeps every acknowledged reading, uncorrupted, across compactions`, async () => {
  let highestAck = -1
  let compactions = 0
  let acks = 0
  for (let round = 0; round < ROUNDS; round++) {
    const r = await killRound()
    highestAck = Math.max(highestAck, r.acked)
    compactions += r.compactions
    if (r.acked >= 0) acks++

    const vault = await openVault(dir)
    try {
      await vault.unlock(key)
      const doc = await vault.notebooks.load<Readings>('crash', { actor: 'ee'.repeat(16) })
      const seqs = doc === undefined ? [] : allReadings(doc).map(o => o.seq)
      // Readings 0..n-1, each once: every acknowledged one, plus at most the save that was in flight.
      assert.equal(seqs, seqs.map((_, i) => i), `round ${round}: readings are not 0..n-1`)
      assert.ok(seqs.length >= highestAck + 1, `round ${round}: acknowledged reading ${highestAck} is missing (have ${seqs.length})`)
      assert.ok(seqs.length <= highestAck + 2, `round ${round}: more readings than acknowledged plus one in flight`)
      const audited = (await vault.audit.list({ notebook: 'crash' })).map(e => Number(e.detail.replace('reading ', '')))
      assert.equal(audited.sort((a, b) => a - b), seqs, `round ${round}: audit events differ from stored readings`)
      highestAck = seqs.length - 1
    } finally {
      await vault.close()
    }
  }
  // The kills must really have hit a working writer, saves and compactions included.
  assert.ok(acks >= ROUNDS / 4, `only ${acks} of ${ROUNDS} writers acknowledged a save`)
  assert.ok(compactions >= 3, `only ${compactions} compactions happened`)
  assert.ok(highestAck >= 50, `only ${highestAck + 1} readings were written`)
})

test.run()
