// A clinic relay's cost follows the patients who are active: it starts holding many notebooks with
// none open, opens a patient's replica when the patient's device connects, closes it again once
// idle (saved, and opened again from the vault on the next session), keeps at most its limit open,
// and shreds a revoked patient's replica whether it is open or not.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { MasterKey } from '@techo/identity'
import type { Notebook } from '@techo/notebook'
import type { SyncService } from '../src/index.js'
import { FAST, connect, heal, partition, startWorld, type Device, type World } from './fixture.js'
import { until } from '../../../test/support/until.js'

const LIMITS = { ...FAST, replicaIdleMs: 200, maxOpenReplicas: 2 }

let world: World
let clinic: MasterKey
let relay: Device
let relaySync: SyncService
const patients: Array<{ master: MasterKey, phone: Device, sync: SyncService, notebook: Notebook }> = []

test.before(async () => {
  world = await startWorld()
  clinic = await world.party('clinic')
  relay = await world.device(clinic, 'relay')
  let last = 0
  for (let i = 0; i < 3; i++) {
    const master = await world.party('patient')
    const phone = await world.device(master, 'phone')
    last = await world.grant(master, clinic, 'read')
    const sync = await phone.sync()
    patients.push({ master, phone, sync, notebook: sync.notebooks()[0]?.holder as Notebook })
  }
  await Promise.all([relay, ...patients.map(p => p.phone)].map(async d => await d.at(last)))
  relaySync = await relay.sync({ limits: LIMITS })
})

test.after(async () => { await world.close() })

const stored = async (notebook: Notebook): Promise<boolean> => await relay.vault.notebooks.has(notebook.id)

test('the relay starts holding every granted notebook with none open; each connecting patient opens its own', async () => {
  assert.equal(relaySync.counts(), { held: 3, open: 0 })
  for (const p of patients) {
    p.notebook.addVital({ kind: 'pulse', value: 70 })
    await connect(p.phone, relay)
    await until(async () => await stored(p.notebook), 'the patient\'s replica saved at the relay')
    assert.ok(relaySync.notebooks().some(n => n.id === p.notebook.id), 'opened for the session')
  }
})

test('idle replicas close (saved), and open again from the vault for the next session', async () => {
  // The phones go away (out of reach: neither side can dial the other).
  for (const p of patients) await partition(p.phone, relay)
  await until(() => relaySync.counts().open === 0, 'the idle replicas to close')
  const [first] = patients as [typeof patients[number]]
  const reading = first.notebook.addVital({ kind: 'pulse', value: 72 })
  await heal(first.phone, relay)
  await until(() => relaySync.notebooks().some(n => n.id === first.notebook.id && (n.holder as Notebook).get(reading.id) !== undefined), 'the next reading in the reopened replica')
  await partition(first.phone, relay)
  assert.is(relaySync.counts().held, 3)
})

test('no more than the limit stay open: opening one more closes the least recently used', async () => {
  // Restarted with a long idle limit: on a busy machine, opening three could outlast a short one.
  await relaySync.stop()
  relaySync = await relay.sync({ limits: { ...LIMITS, replicaIdleMs: 10 * 60_000 } })
  const ids = patients.map(p => p.notebook.id)
  for (const id of ids) assert.ok(await relaySync.open(id) !== undefined, `opened ${id}`)
  assert.is(relaySync.counts().open, LIMITS.maxOpenReplicas)
  assert.equal(relaySync.notebooks().map(n => n.id).sort(), ids.slice(1).sort(), 'the first one opened was closed')
  assert.is(relaySync.counts().held, 3)
})

test('a revoke shreds a replica that is not open, without opening it', async () => {
  const [first] = patients as [typeof patients[number]]
  assert.not.ok(relaySync.notebooks().some(n => n.id === first.notebook.id), 'closed before the revoke')
  const block = await world.revoke(first.master, clinic)
  await relay.at(block)
  await until(async () => !(await stored(first.notebook)), 'the closed replica shredded')
  const shred = (await relay.vault.audit.list()).find(e => e.kind === 'shred' && e.notebook === first.notebook.id)
  assert.match(shred?.detail ?? '', 'the patient revoked this clinic\'s grant')
  assert.equal(relaySync.counts(), { held: 2, open: 2 })
})

test.run()
