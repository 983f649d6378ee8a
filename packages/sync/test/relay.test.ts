// The clinic topology: the relay holds a replica of the notebook, so a doctor
// reads it while the patient's phone is off, and the doctor's note reaches the
// phone through the relay once it is back; after a partition every replica
// converges on the same notebook.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Automerge from '@automerge/automerge'
import type { Notebook } from '@techo/notebook'
import type { SyncService } from '../src/index.js'
import { connect, copyOf, grantedScene, heal, partition, type Device, type World } from './fixture.js'
import { until } from '../../../test/support/until.js'

let world: World
let phone: Device
let relay: Device
let doctor: Device
let phoneSync: SyncService
let relaySync: SyncService
let doctorSync: SyncService
let notebook: Notebook

test.before(async () => {
  ({ world, phone, devices: [relay, doctor] } = await grantedScene('write', ['relay', 'practitioner']))
  phoneSync = await phone.sync()
  relaySync = await relay.sync()
  notebook = phoneSync.notebooks()[0]?.holder as Notebook
})

test.after(async () => { await world.close() })

test('with the phone off, the doctor reads the notebook from the relay; the doctor\'s note reaches the phone through the relay when it is back', async () => {
  await connect(phone, relay)
  const reading = notebook.addVital({ kind: 'spo2', value: 93 })
  await until(() => copyOf(relaySync)?.get(reading.id) !== undefined, 'the reading at the relay')
  // The daemon saves its own edits; the phone is then switched off.
  await phone.vault.notebooks.save(notebook.id, notebook.doc)
  await phoneSync.stop()
  await phone.node.stop()

  doctorSync = await doctor.sync()
  await connect(doctor, relay)
  await until(() => copyOf(doctorSync)?.get(reading.id) !== undefined, 'the reading at the doctor, from the relay')
  assert.is(doctor.node.getConnections(phone.node.peerId).length, 0, 'the doctor never talked to the phone')
  const note = copyOf(doctorSync)?.addNote({ title: 'Low SpO2', text: 'Call the patient about the 93% reading.' })
  assert.ok(note !== undefined)
  await until(() => copyOf(relaySync)?.get(note.id) !== undefined, 'the note at the relay')

  await phone.node.start()
  phoneSync = await phone.sync()
  notebook = phoneSync.notebooks()[0]?.holder as Notebook
  assert.ok(notebook.get(reading.id) !== undefined, 'the phone kept its reading across the restart')
  await connect(phone, relay)
  await until(() => notebook.get(note.id) !== undefined, 'the doctor\'s note at the phone')
  assert.is(notebook.get(note.id)?.author.party, doctor.party.id)
  assert.is(notebook.get(note.id)?.author.device, doctor.actor)
})

test('partition then heal: the phone, the relay and the doctor converge on one notebook', async () => {
  await connect(doctor, phone)
  await partition(phone, relay)
  await partition(doctor, relay)
  await partition(phone, doctor)
  const reading = notebook.addVital({ kind: 'pulse', value: 88 })
  const note = copyOf(doctorSync)?.addNote({ text: 'Written while the clinic network was down.' })
  assert.ok(note !== undefined)
  await new Promise(resolve => setTimeout(resolve, 200))
  assert.is(copyOf(relaySync)?.get(reading.id), undefined, 'the partition held')

  await heal(phone, relay)
  await heal(doctor, relay)
  await heal(phone, doctor)
  const heads = (doc: Automerge.Doc<unknown> | undefined): string => doc === undefined ? '' : Automerge.getHeads(doc).sort().join()
  await until(() => {
    const all = [notebook.doc, copyOf(relaySync)?.doc, copyOf(doctorSync)?.doc].map(d => heads(d as Automerge.Doc<unknown>))
    return all.every(h => h === all[0])
  }, 'the three replicas to converge')
  for (const copy of [notebook, copyOf(relaySync), copyOf(doctorSync)]) {
    assert.ok(copy?.get(reading.id) !== undefined && copy.get(note.id) !== undefined, 'every replica holds both edits')
  }
})

test.run()
