// A clinic with several relays: each patient's notebook lives on two of them (placement.ts), which
// patients and practitioners find from the chain and the DHT alone. A relay joining takes over only
// the notebooks that now rank it (the old holder hands each off, then shreds its copy); a relay
// stopping costs no patient their service and no reading: the other holder has it all.
import type * as Automerge from '@automerge/automerge'
import { createDeviceKey, type DeviceKey, type MasterKey } from '@techo/identity'
import { Notebook } from '@techo/notebook'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { placeNotebook } from '../src/placement.js'
import type { SyncService } from '../src/index.js'
import { connect, startWorld, type Device, type World } from './fixture.js'
import { until } from '../../../test/support/until.js'

const PATIENTS = 5
// Devices find every relay but the first through the DHT, each lookup allowed 10 s: on a loaded
// machine a lookup can time out and be retried a few times before the relay answers.
const FOUND_IN_MS = 90_000

interface Patient { master: MasterKey, phone: Device, sync: SyncService, notebook: Notebook, readings: string[] }

let world: World
let clinic: MasterKey
const relays: Device[] = []
const patients: Patient[] = []
let practitioner: Device
let practitionerSync: SyncService

test.before(async () => {
  world = await startWorld()
  clinic = await world.party('clinic')
  for (let i = 0; i < 3; i++) relays.push(await world.device(clinic, 'relay'))
  practitioner = await world.device(clinic, 'practitioner')
  let last = 0
  for (let i = 0; i < PATIENTS; i++) {
    const master = await world.party('patient')
    const phone = await world.device(master, 'phone')
    last = await world.grant(master, clinic, 'read')
    patients.push({ master, phone, sync: undefined as unknown as SyncService, notebook: undefined as unknown as Notebook, readings: [] })
  }
  await Promise.all([...relays, practitioner, ...patients.map(p => p.phone)].map(async d => await d.at(last)))
  // The relays know each other (as a hospital's would); everyone else knows one relay, the first, and finds the rest.
  for (const relay of relays) await relay.sync()
  await connect(relays[1] as Device, relays[0] as Device)
  await connect(relays[2] as Device, relays[0] as Device)
  await connect(relays[2] as Device, relays[1] as Device)
  for (const p of patients) {
    p.sync = await p.phone.sync()
    p.notebook = p.sync.notebooks()[0]?.holder as Notebook
    await connect(p.phone, relays[0] as Device)
  }
  practitionerSync = await practitioner.sync()
  await connect(practitioner, relays[0] as Device)
})

test.after(async () => { await world.close() })

const live = (): Device[] => relays.filter(r => r.service?.running === true)
const placed = (id: string): Device[] => placeNotebook(id, relays.filter(r => r.service !== undefined).map(r => r.peerId)).map(peer => relays.find(r => r.peerId === peer) as Device)

/** Whether `relay` has stored every one of the patient's readings (what survives the relay's process). */
async function storesAll (relay: Device, p: Patient): Promise<boolean> {
  if (!(await relay.vault.notebooks.has(p.notebook.id))) return false
  const doc = await relay.vault.notebooks.load(p.notebook.id, { actor: relay.actor }).catch(() => undefined)
  if (doc === undefined) return false
  const copy = Notebook.fromDoc(doc as Automerge.Doc<never>, { actor: relay.actor, party: clinic.id })
  return p.readings.every(id => copy.get(id) !== undefined)
}

function addReadings (value: number): void {
  for (const p of patients) p.readings.push(p.notebook.addVital({ kind: 'pulse', value }).id)
}

test('each patient\'s readings reach the two relays their notebook is placed on, found through the first, and no other relay', async () => {
  addReadings(70)
  for (const p of patients) {
    const [a, b] = placed(p.notebook.id) as [Device, Device]
    await until(async () => await storesAll(a, p) && await storesAll(b, p), `patient ${p.master.id}'s readings on both its relays`, FOUND_IN_MS)
    for (const other of relays.filter(r => r !== a && r !== b)) {
      assert.not.ok(await other.vault.notebooks.has(p.notebook.id), 'a relay the notebook is not placed on keeps none of it')
      assert.not.ok(other.service?.held().some(n => n.id === p.notebook.id), 'nor lists it')
    }
  }
})

test('a fourth relay takes over only the notebooks that now rank it: the leaving relay hands each over, then shreds its copy', async () => {
  const before = new Map(patients.map(p => [p.notebook.id, placed(p.notebook.id)]))
  const fourth = await world.device(clinic, 'relay', keyTakingSome())
  relays.push(fourth)
  await fourth.sync()
  await connect(fourth, relays[0] as Device)
  let moved = 0
  for (const p of patients) {
    const now = placed(p.notebook.id)
    const old = before.get(p.notebook.id) as Device[]
    if (!now.includes(fourth)) {
      assert.equal(now, old, 'a notebook that does not rank the new relay stays where it was')
      continue
    }
    moved++
    const leaving = old.find(r => !now.includes(r)) as Device
    await until(async () => await storesAll(fourth, p), `patient ${p.master.id}'s readings handed to the new relay`, FOUND_IN_MS)
    await until(async () => !(await leaving.vault.notebooks.has(p.notebook.id)), 'the leaving relay\'s copy shredded')
    const shred = (await leaving.vault.audit.list()).find(e => e.kind === 'shred' && e.notebook === p.notebook.id)
    assert.match(shred?.detail ?? '', 'moved to the clinic\'s relays')
    for (const stays of now.filter(r => r !== fourth)) assert.ok(await storesAll(stays, p), 'the other holder keeps it')
  }
  for (const p of patients) {
    if (!placed(p.notebook.id).includes(fourth)) assert.not.ok(await fourth.vault.notebooks.has(p.notebook.id), 'the new relay holds only what ranks it')
  }
  console.log(`    ${moved} of ${PATIENTS} notebooks moved to the fourth relay`)
})

test('a relay stops mid-run: every patient keeps syncing with its other relay, and the practitioner reads every reading with the patients offline', async () => {
  // The relay that holds the most notebooks goes down without a goodbye.
  const down = [...live()].sort((a, b) => count(b) - count(a))[0] as Device
  const affected = patients.filter(p => placed(p.notebook.id).includes(down))
  console.log(`    relay ${relays.indexOf(down)} (of ${relays.length}) stops`)
  assert.ok(affected.length > 0, 'the stopped relay held some notebooks')
  await down.stop()
  addReadings(71)
  for (const p of patients) {
    for (const relay of placed(p.notebook.id).filter(r => r !== down)) {
      await until(async () => await storesAll(relay, p), `patient ${p.master.id}'s new reading on its surviving relay`, FOUND_IN_MS)
    }
  }
  // The patients go offline; the practitioner, who knows only the first relay, reads from whichever holder answers.
  for (const p of patients) await p.phone.stop()
  for (const p of patients) {
    const opened = await practitionerSync.open(p.notebook.id)
    assert.ok(opened !== undefined, 'the practitioner may open the notebook')
    // Until its first sync a replica's holder is a bare document; a Notebook takes its place after it.
    const notebook = (): Notebook | undefined => {
      const holder = practitionerSync.notebook(p.notebook.id)?.holder
      return holder instanceof Notebook ? holder : undefined
    }
    await until(() => p.readings.every(id => notebook()?.get(id) !== undefined), `every reading of patient ${p.master.id} at the practitioner`, FOUND_IN_MS)
  }
  console.log(`    relay down held ${affected.length} of ${PATIENTS} notebooks; none lost`)
})

/** A relay key that some but not all of the notebooks rank among their two best: the test sees both kinds. */
function keyTakingSome (): DeviceKey {
  const now = relays.map(r => r.peerId)
  for (;;) {
    const key = createDeviceKey()
    const taken = patients.filter(p => placeNotebook(p.notebook.id, [...now, key.peerId]).includes(key.peerId)).length
    if (taken > 0 && taken < patients.length) return key
  }
}

function count (relay: Device): number {
  return patients.filter(p => placed(p.notebook.id).includes(relay)).length
}

test.run()
