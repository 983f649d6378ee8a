// The checker against observations made up to break each invariant: a reading that never reached
// a device it was owed to, one that reached a device with no grant, replicas that disagree, a
// replica kept after its grant was revoked, and a probe that was let in.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { buildResult, parseScenario, plan, type LeadRecord, type ShardResult } from '../src/index.js'
import type { ConsentRecord } from '../src/consent-log.js'

// One clinic (party 0) with its relay (device 0) and a practitioner (device 1); two patients
// (parties 1 and 2) with a phone each (devices 2 and 3). Only patient 1 grants the clinic.
const scenario = parseScenario({ seed: 'check', days: 1, daySeconds: 60, shards: 1, clinics: { count: 1, practitioners: 1 }, patients: { count: 2, clinicsEach: 0 } })
const START = 1_000_000
const record = (r: Partial<ConsentRecord> & Pick<ConsentRecord, 'action' | 'party' | 'block'>): ConsentRecord => ({ gas: 0, sentAt: START, doneAt: START, phase: 'setup', ...r })

function lead (extra: ConsentRecord[] = []): LeadRecord {
  return {
    scenario,
    times: { started: START - 5000, chainReady: START - 4000, setupDone: START - 3000, startAt: START, workloadEnd: START + 60_000, finished: START + 70_000 },
    convergedAfterMs: 1000,
    consent: [
      ...[0, 1, 2].map(party => record({ action: 'registerParty', party, block: 1 })),
      ...[[0, 0], [0, 1], [1, 2], [2, 3]].map(([party, device]) => record({ action: 'approveDevice', party: party as number, device, block: 2 })),
      record({ action: 'grant', party: 1, clinic: 0, scope: 'read', until: START + 1e9, block: 3 }),
      ...extra
    ],
    blocks: [],
    samples: [],
    failures: [],
    machine: { cpus: 2, memoryBytes: 2 ** 34, node: 'v20', platform: 'linux-x64', load: [0, 0] }
  }
}

function shard (part: Partial<ShardResult>): ShardResult {
  return {
    shard: 0, pid: 1, host: '127.0.0.1', devices: 4, startMs: 0, setup: [],
    writes: [], receipts: [], refusals: [], probes: [], shreds: [], holdings: [], heads: [], bytes: [], samples: [],
    lateness: { count: 0, p50: 0, p90: 0, p99: 0, max: 0 }, anchors: { at: [], failed: 0 }, errors: { count: 0, byCode: {}, examples: [] }, bypassed: 0,
    ...part
  }
}

const converged: ShardResult['heads'] = [[0, 1, 'x'], [1, 1, 'x'], [2, 1, 'x'], [3, 2, 'y']]

test('observations that keep every invariant pass', () => {
  const result = buildResult(lead(), [shard({
    writes: [[0, 2, START + 1000, 5, 'aaaa']],
    receipts: [['aaaa', 0, START + 1010, 5], ['aaaa', 1, START + 1020, 5]],
    heads: converged
  })])
  assert.equal(result.invariants.violations, [])
  assert.is(result.measurements.readings.owed, 2)
  assert.is(result.measurements.readings.latencyMs.max, 20)
})

test('a reading that never reached a device it was owed to is a violation naming both', () => {
  const result = buildResult(lead(), [shard({ writes: [[0, 2, START + 1000, 5, 'aaaa']], receipts: [['aaaa', 0, START + 1010, 5]], heads: converged })])
  assert.equal(result.invariants.byInvariant, { delivered: 1 })
  assert.match(result.invariants.violations[0]?.message ?? '', /Reading 0 written on patient\/0\/phone\/0 .* never reached clinic\/0\/practitioner\/0/)
})

test('a reading at a device whose clinic holds no grant is a leak, with both times', () => {
  const result = buildResult(lead(), [shard({ writes: [[1, 3, START + 1000, 5, 'bbbb']], receipts: [['bbbb', 0, START + 1500, 5]], heads: converged })])
  assert.equal(result.invariants.byInvariant, { 'not-leaked': 1 })
  const violation = result.invariants.violations[0]
  assert.equal(violation?.times, [START + 1000, START + 1500])
  assert.match(violation?.message ?? '', /reached clinic\/0\/relay .* not authorised/)
})

test('replicas that disagree at the end, or a replica kept after its grant was revoked, are violations', () => {
  const revoked = lead([record({ action: 'revoke', party: 1, clinic: 0, block: 9, phase: 'run' })])
  const result = buildResult(revoked, [shard({ heads: [[2, 1, 'x'], [3, 2, 'y']], holdings: [[1, [1], []]] })])
  assert.equal(result.invariants.byInvariant, { destroyed: 1 })
  assert.match(result.invariants.violations[0]?.message ?? '', /clinic\/0\/practitioner\/0 still syncs patient\/0's notebook after its clinic's grant ended/)
  const disagree = buildResult(lead(), [shard({ heads: [[0, 1, 'x'], [1, 1, 'OTHER'], [2, 1, 'x'], [3, 2, 'y']] })])
  assert.equal(disagree.invariants.byInvariant, { converged: 1 })
})

test('a phone that lets in a probe from a clinic without a grant is a violation', () => {
  // Both patients grant the clinic halfway through: before that, its relay probes their phones.
  const probing = parseScenario({ ...JSON.parse(JSON.stringify(scenario)), consent: { grants: [{ day: 0.5, share: 1 }] } })
  const index = plan(probing).events.findIndex(e => e.type === 'probe')
  const result = buildResult({ ...lead(), scenario: probing }, [shard({ heads: converged, probes: [[index, 'accepted', START + 2000, 'the phone answered accept']] })])
  assert.equal(result.invariants.byInvariant, { 'probes-refused': 1 })
  assert.match(result.invariants.violations[0]?.message ?? '', /accepted a sync session from clinic\/0\/relay .* did not exist yet/)
})

test('a refusal the consent state did not call for is a violation; one it did is counted as matching', () => {
  const result = buildResult(lead(), [shard({
    heads: converged,
    refusals: [[2, 0, 1, START + 100, 5, 'party holds no grant'], [3, 0, 2, START + 100, 5, 'party holds no grant']]
  })])
  assert.is(result.invariants.refusals.justified, 1)
  assert.is(result.invariants.refusals.mismatched, 1)
  assert.equal(result.invariants.byInvariant, { 'refusals-match': 1 })
})

test.run()
