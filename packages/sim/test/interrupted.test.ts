// A run stopped before its end (Ctrl-C, a dead shard) still leaves what it saw: the lead's record
// with the failure among its failures, and each shard's last progress, beside a message naming them.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { simulate, SimError } from '../src/index.js'

const scenario = fileURLToPath(new URL('./fixtures/tiny.json', import.meta.url))

test('an interrupted run writes the lead\'s record and each shard\'s last progress, and says where', async () => {
  const out = await mkdtemp(join(tmpdir(), 'techo-sim-stop-'))
  try {
    const stop = new AbortController()
    const logged: string[] = []
    // Stopped once both shards are starting their nodes: each has reported progress by then.
    const run = simulate({
      scenarioPath: scenario,
      outDir: out,
      signal: stop.signal,
      progress: line => { if (/starting nodes|running/.test(line)) stop.abort() },
      progressMs: 200,
      shardLog: (shard, line) => logged.push(`${shard}: ${line}`)
    })
    const err = await run.then(() => undefined, (e: unknown) => e)
    assert.instance(err, SimError, 'the run should fail')
    assert.is((err as SimError).code, 'ERR_SHARD_FAILED')
    assert.match((err as Error).message, 'The run was interrupted.')
    assert.match((err as Error).message, join(out, 'last-progress.json'))
    const lead = JSON.parse(await readFile(join(out, 'lead.json'), 'utf8')) as { failures: string[], consent: unknown[] }
    assert.ok(lead.failures.includes('The run was interrupted.'), lead.failures.join('; '))
    assert.ok(lead.consent.length > 0, 'the set-up\'s consent records are kept')
    const last = JSON.parse(await readFile(join(out, 'last-progress.json'), 'utf8')) as Array<{ phase: string } | null>
    assert.is(last.length, 2)
    assert.ok(last.every(p => p !== null && typeof p.phase === 'string'), JSON.stringify(last))
    assert.not.ok(existsSync(join(out, 'result.json')), 'no result is claimed for an unfinished run')
  } finally {
    await rm(out, { recursive: true, force: true })
  }
})

test.run()
