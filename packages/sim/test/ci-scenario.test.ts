// The simulator end to end, as CI runs it: a small scenario (tens of real nodes in two shard
// processes joined over TCP, around a dev chain) with churn, a partition, a grant and a revoke.
// Every invariant must hold, and the run must have exercised what it claims to: readings delivered
// across shards, a partition healed, replicas destroyed after the revoke, probes refused.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { resultFromFiles, simulate, type SimResult } from '../src/index.js'

const scenario = fileURLToPath(new URL('./fixtures/ci.json', import.meta.url))
let out: string
let result: SimResult

test.before(async () => {
  out = await mkdtemp(join(tmpdir(), 'techo-sim-ci-'))
  result = (await simulate({ scenarioPath: scenario, outDir: out })).result
})

test.after(async () => { await rm(out, { recursive: true, force: true }) })

test('every invariant holds', () => {
  assert.equal(result.invariants.violations, [], result.invariants.violations.slice(0, 3).map(v => v.message).join('\n'))
  assert.ok(result.invariants.ok)
})

test('readings reached every authorised device, across shards, and every replica converged', () => {
  const { readings, convergence } = result.measurements
  assert.ok(readings.written > 0, 'no reading was written')
  assert.ok(readings.delivered > readings.written, 'readings did not fan out to the clinics')
  assert.is(readings.delivered, readings.owed - Object.values(result.invariants.excused).reduce((a, b) => a + b, 0))
  assert.ok(convergence.finalMs !== undefined, 'the replicas never converged after the workload')
  assert.ok(convergence.events.some(e => e[0] === 'heal'), 'no partition healed')
  assert.is(result.world.shards, 2)
})

test('revoked replicas were destroyed, and clinics without a grant were refused', () => {
  assert.ok(result.invariants.destroyed.count > 0, 'no replica was destroyed after the revoke')
  const { probes, refusals } = result.invariants
  assert.ok(probes.run > 0, 'no probe ran')
  assert.is(probes.refused, probes.run)
  assert.is(refusals.mismatched, 0)
  assert.ok(result.measurements.chain.actions.some(a => a.action === 'revoke' && a.phase === 'run'), 'no revoke reached the chain')
})

test('the run wrote its JSON result and a self-contained HTML report, and the raw files merge back to the same verdict', async () => {
  for (const file of ['result.json', 'report.html', 'lead.json', 'shard-0.json', 'shard-1.json']) assert.ok(existsSync(join(out, file)), `${file} missing`)
  const html = await readFile(join(out, 'report.html'), 'utf8')
  assert.match(html, /<svg/)
  assert.not.match(html, /<script|https?:\/\/(?!www\.w3\.org)/)
  const again = await resultFromFiles([out])
  assert.equal(again.invariants.byInvariant, result.invariants.byInvariant)
  assert.is(again.measurements.readings.delivered, result.measurements.readings.delivered)
})

test.run()
