// Revocation at the next block: the patient's node stops syncing with the
// clinic, the clinic's relay and practitioner crypto-shred their replicas and
// log it, the next reading reaches neither, and a new hello is refused.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { MasterKey } from '@techo/identity'
import type { Notebook } from '@techo/notebook'
import { PROTOCOL_VERSION, type SyncService } from '../src/index.js'
import { connect, copyOf, grantedScene, type Device, type World } from './fixture.js'
import { until } from '../../../test/support/until.js'
import { exchange, framed, unframe } from './raw.js'

let world: World
let patient: MasterKey
let clinic: MasterKey
let phone: Device
let relay: Device
let doctor: Device
let phoneSync: SyncService
let relaySync: SyncService
let doctorSync: SyncService
let notebook: Notebook

test.before(async () => {
  ({ world, patient, clinic, phone, devices: [relay, doctor] } = await grantedScene('read', ['relay', 'practitioner']))
  phoneSync = await phone.sync()
  relaySync = await relay.sync()
  doctorSync = await doctor.sync()
  notebook = phoneSync.notebooks()[0]?.holder as Notebook
  await connect(phone, relay)
  await connect(doctor, relay)
})

test.after(async () => { await world.close() })

const holds = (service: SyncService, id: string): boolean => copyOf(service)?.get(id) !== undefined

test('revoking the grant cuts the flow at the next block and shreds the clinic\'s replicas', async () => {
  const first = notebook.addVital({ kind: 'glucose', value: 105 })
  await until(() => holds(relaySync, first.id) && holds(doctorSync, first.id), 'the first reading at the relay and the practitioner')
  await until(async () => await relay.vault.notebooks.has(notebook.id) && await doctor.vault.notebooks.has(notebook.id), 'both replicas saved')

  const block = await world.revoke(patient, clinic)
  await Promise.all([phone.at(block), relay.at(block), doctor.at(block)])
  await until(async () => !(await relay.vault.notebooks.has(notebook.id)) && !(await doctor.vault.notebooks.has(notebook.id)), 'both replicas shredded')

  for (const device of [relay, doctor]) {
    const failure = await device.vault.notebooks.load(notebook.id, { actor: device.actor }).then(() => undefined, (e: unknown) => e)
    assert.is((failure as { code?: string }).code, 'ERR_SHREDDED', 'the replica cannot be read back')
    const shred = (await device.vault.audit.list()).find(e => e.kind === 'shred' && e.notebook === notebook.id)
    assert.match(shred?.detail ?? '', /crypto-shredded this device's replica: the patient revoked this clinic's grant/)
  }
  assert.equal(relaySync.notebooks(), [])
  assert.equal(doctorSync.notebooks(), [])
  await until(() => phoneSync.peers().sessions.length === 0, 'the phone to close its session with the relay')
  assert.ok((await phone.vault.audit.list()).some(e => e.kind === 'revoke' && e.party === clinic.id), 'the patient\'s log says sync with the clinic stopped')

  const second = notebook.addVital({ kind: 'glucose', value: 131 })
  await phoneSync.syncOnce()
  await new Promise(resolve => setTimeout(resolve, 200))
  assert.not.ok(holds(relaySync, second.id), 'the next reading does not reach the relay')
  assert.not.ok(await relay.vault.notebooks.has(notebook.id))
  assert.equal(phoneSync.peers().sessions, [])

  const outcome = await exchange(relay.node, phone.node, [framed({ type: 'hello', v: PROTOCOL_VERSION, notebook: notebook.id })])
  const frames = unframe(outcome.received)
  assert.is(frames.length, 1)
  assert.ok(frames[0]?.type === 'refuse' && /was revoked/.test(frames[0].reason), 'a new hello from the relay is refused: the grant was revoked')
})

test('a grant that runs out ends the sync and shreds the clinic\'s replica, as a revocation does', async () => {
  const other = await world.party('clinic')
  const relay2 = await world.device(other, 'relay')
  const block = await world.grant(patient, other, 'read', Date.now() + 2500)
  await Promise.all([phone.at(block), relay2.at(block)])
  const service = await relay2.sync()
  await connect(relay2, phone)
  const reading = notebook.addVital({ kind: 'temp', value: 36.9 })
  await until(() => holds(service, reading.id), 'the reading at the second clinic')
  await until(async () => await relay2.vault.notebooks.has(notebook.id), 'the second clinic\'s replica saved')
  await until(async () => !(await relay2.vault.notebooks.has(notebook.id)), 'the replica shredded when the grant ran out', 6000)
  const shred = (await relay2.vault.audit.list()).find(e => e.kind === 'shred')
  assert.match(shred?.detail ?? '', /grant expired/)
  await until(() => phoneSync.peers().sessions.every(s => s.party !== other.id), 'the phone to end the session')
  const late = notebook.addVital({ kind: 'temp', value: 37.1 })
  await phoneSync.syncOnce()
  assert.not.ok(holds(service, late.id), 'nothing reaches the clinic after its grant ran out')
})

test.run()
