// Scenario files: every wrong field is named in the error, and the same seed gives the same world
// and workload while another seed gives another.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadScenario, parseScenario, plan, type SimError } from '../src/index.js'

const minimal = { seed: 's', days: 1, daySeconds: 60, clinics: { count: 2 }, patients: { count: 10 } }

function rejects (json: unknown, field: string, what: RegExp): void {
  try {
    parseScenario(json, 'my.json')
  } catch (err) {
    assert.is((err as SimError).code, 'ERR_BAD_SCENARIO')
    assert.ok((err as Error).message.startsWith(`my.json: ${field} `), (err as Error).message)
    assert.match((err as Error).message, what)
    return
  }
  assert.unreachable(`a scenario with a bad ${field} was accepted`)
}

test('a minimal scenario gets every default', () => {
  const s = parseScenario(minimal, 'dir/minimal.json')
  assert.is(s.name, 'minimal')
  assert.is(s.shards, 1)
  assert.is(s.patients.readingsPerDay, 4)
  assert.is(s.clinics.practitioners, 1)
  assert.is(s.network.idleTimeoutMs, 3 * s.network.keepaliveMs)
})

test('a wrong field is named by its path, with what it must be', () => {
  rejects({ ...minimal, days: 0 }, 'days', /must be a number from 0.01 to 365, not 0/)
  rejects({ ...minimal, patients: { count: 10, readingsPerDay: 'four' } }, 'patients.readingsPerDay', /not "four"/)
  rejects({ ...minimal, consent: { revokes: [{ day: 0.5, share: 0.1 }, { day: 2, share: 0.1 }] } }, 'consent.revokes[1].day', /from 0 to 1/)
  rejects({ ...minimal, churn: { patients: { share: 0.5, offlineHours: [3, 1] } } }, 'churn.patients.offlineHours[1]', /from 3 to/)
  rejects({ ...minimal, partitions: [{ day: 0.1, hours: 1, cut: 'everyone' }] }, 'partitions[0].cut', /one of "patients", "practitioners", "all"/)
  rejects({ ...minimal, partitions: [{ day: 0.1, hours: 1, clinics: 3 }] }, 'partitions[0].clinics', /from 1 to 2/)
  rejects({ ...minimal, network: { keepaliveMs: 5000, idleTimeoutMs: 4000 } }, 'network.idleTimeoutMs', /longer than network.keepaliveMs/)
  rejects({ ...minimal, clinic: { count: 1 } }, 'clinic', /is not a field here/)
  rejects({ ...minimal, seed: undefined }, 'seed', /missing/)
})

test('a file that is not JSON is refused with its name', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'techo-sim-scenario-'))
  try {
    await writeFile(join(dir, 'broken.json'), '{ "seed": ')
    await loadScenario(join(dir, 'broken.json')).then(() => assert.unreachable('accepted'), (err: SimError) => {
      assert.is(err.code, 'ERR_BAD_SCENARIO')
      assert.match(err.message, /broken\.json is not valid JSON/)
    })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('the same seed gives the same world and workload; another seed another workload', () => {
  const rich = {
    ...minimal,
    clinics: { count: 3, practitioners: 2 },
    patients: { count: 40, twoDevices: 0.2, readingsPerDay: 8 },
    consent: { grants: [{ day: 0.3, share: 0.2 }], revokes: [{ day: 0.5, share: 0.2 }], expiries: [{ day: 0.7, share: 0.1 }] },
    lostPhones: [{ day: 0.4, share: 0.1, recoverAfterHours: 2 }],
    churn: { patients: { share: 0.5, episodesPerDay: 2, offlineHours: [1, 3] } },
    partitions: [{ day: 0.2, hours: 2, clinics: 1, cut: 'all' }]
  }
  const a = plan(parseScenario(rich))
  const b = plan(parseScenario(rich))
  assert.equal(a.events, b.events)
  assert.equal(a.world.devices, b.world.devices)
  const kinds = new Set(a.events.map(e => e.type))
  for (const kind of ['reading', 'offline', 'online', 'cut', 'heal', 'grant', 'revoke', 'lose', 'recover', 'probe']) assert.ok(kinds.has(kind as never), `no ${kind} event`)
  const c = plan(parseScenario({ ...rich, seed: 'another' }))
  assert.not.equal(c.events, a.events)
  // Every device is online again before the end, so every replica can converge.
  const last = new Map<number, string>()
  for (const e of a.events) if (e.type === 'offline' || e.type === 'online') last.set(e.device, e.type)
  for (const [device, state] of last) assert.ok(state === 'online' || (a.world.devices[device]?.until ?? Infinity) < Infinity, `device ${device} ends offline`)
})

test.run()
