// Changes judged by who signed them, not by who delivered them: a clinic relay forwards the
// patient's own devices' changes, so two phones that only ever meet through the relay converge, and
// a phone restored after the old one was lost (and its approval withdrawn) gets the whole notebook
// back from the relay.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { MasterKey } from '@techo/identity'
import type { Notebook } from '@techo/notebook'
import type { SyncService } from '../src/index.js'
import { connect, copyOf, grantedScene, type Device, type World } from './fixture.js'
import { until } from '../../../test/support/until.js'

let world: World
let patient: MasterKey
let phone: Device
let relay: Device
let phoneSync: SyncService
let relaySync: SyncService
let notebook: Notebook

test.before(async () => {
  ({ world, patient, phone, devices: [relay] } = await grantedScene('read', ['relay']))
  phoneSync = await phone.sync()
  relaySync = await relay.sync()
  notebook = phoneSync.notebooks()[0]?.holder as Notebook
  await connect(phone, relay)
})

test.after(async () => { await world.close() })

const own = (service: SyncService): Notebook => service.notebooks()[0]?.holder as Notebook

test('two phones of the patient that meet only through the clinic relay converge, each change signed by the phone that made it', async () => {
  const tablet = await world.device(patient, 'phone')
  const tabletSync = await tablet.sync()
  await connect(tablet, relay)
  const fromPhone = notebook.addVital({ kind: 'pulse', value: 71 })
  await until(() => own(tabletSync).get(fromPhone.id) !== undefined, 'the phone\'s reading on the tablet')
  const fromTablet = own(tabletSync).addVital({ kind: 'pulse', value: 88 })
  await until(() => notebook.get(fromTablet.id) !== undefined, 'the tablet\'s reading on the phone')
  assert.equal(tablet.node.getConnections(phone.node.peerId), [], 'the phones never connected to each other')
  assert.equal(own(tabletSync).heads().sort(), notebook.heads().sort())
  assert.equal(notebook.get(fromTablet.id)?.author.device, tablet.actor)
  assert.equal(own(tabletSync).get(fromPhone.id)?.author.device, phone.actor)
  // Nothing was refused along the way.
  for (const device of [phone, relay, tablet]) {
    assert.equal((await device.vault.audit.list()).filter(e => e.kind === 'rejected'), [], `no rejection at ${device.peerId}`)
  }
  await tablet.stop()
})

test('a phone restored after the old one was lost and revoked gets the whole notebook back from the relay', async () => {
  const readings = [notebook.addVital({ kind: 'bp', systolic: 131, diastolic: 84 }), notebook.addAllergy({ code: 'peanut', criticality: 'high' })]
  await until(() => readings.every(r => copyOf(relaySync)?.get(r.id) !== undefined), 'the readings at the relay')
  const held = notebook.query().map(e => e.id).sort()
  // The old phone is gone, and its approval withdrawn on chain.
  await phone.stop()
  const revoked = await world.ledger.revokeDevice(patient.seed, phone.peerId)
  await relay.at(revoked.event.block)
  // The new phone: the same patient, a new device key, approved.
  const restored = await world.device(patient, 'phone')
  const restoredSync = await restored.sync()
  await connect(restored, relay)
  await until(() => held.every(id => own(restoredSync).get(id) !== undefined), 'the notebook back on the new phone')
  assert.equal(own(restoredSync).query().map(e => e.id).sort(), held)
  assert.is(own(restoredSync).get(readings[0]?.id as string)?.author.device, phone.actor, 'still the old phone\'s reading')
  // And the new phone's own readings reach the relay.
  const next = own(restoredSync).addVital({ kind: 'temp', value: 36.9 })
  await until(() => copyOf(relaySync)?.get(next.id) !== undefined, 'the new phone\'s reading at the relay')
})

test.run()
