// A clinic with a read grant: it receives the patient's new readings as they
// are written; what it pushes back is rejected and audited; and a clinic with
// no grant at all gets a refusal and not one byte of the notebook.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Automerge from '@automerge/automerge'
import { Notebook } from '@techo/notebook'
import type { SyncService } from '../src/index.js'
import { PROTOCOL_VERSION } from '../src/index.js'
import { connect, copyOf, grantedScene, type Device, type World } from './fixture.js'
import { until } from '../../../test/support/until.js'
import { exchange, framed, unframe } from './raw.js'

let world: World
let phone: Device
let relay: Device
let phoneSync: SyncService
let relaySync: SyncService
let notebook: Notebook
/** Each hello that passed a consent check, as `answerer<-caller`. */
const authorised: string[] = []

/** The clinic relay's copy of the notebook, once it has one. */
const replica = (): Notebook | undefined => copyOf(relaySync)

test.before(async () => {
  ({ world, phone, devices: [relay] } = await grantedScene('read', ['relay']))
  phoneSync = await phone.sync()
  relaySync = await relay.sync()
  notebook = phoneSync.notebooks()[0]?.holder as Notebook
  notebook.addVital({ kind: 'bp', systolic: 128, diastolic: 82 })
  phoneSync.on('authorised', ({ peer }) => { authorised.push(`phone<-${peer === relay.peerId ? 'relay' : peer}`) })
  relaySync.on('authorised', ({ peer }) => { authorised.push(`relay<-${peer === phone.peerId ? 'phone' : peer}`) })
  await connect(phone, relay)
  await until(() => replica() !== undefined, 'the relay\'s first sync')
  // Whichever side answered the session's hello reported that it passed the consent check.
  assert.ok(authorised.includes('phone<-relay') || authorised.includes('relay<-phone'), authorised.join())
})

test.after(async () => { await world.close() })

test('a clinic with a read grant sees a new reading as soon as the patient writes it', async () => {
  const reading = notebook.addVital({ kind: 'temp', value: 37.9 })
  const written = Date.now()
  await until(() => replica()?.get(reading.id) !== undefined, 'the reading at the clinic', 3000)
  assert.ok(Date.now() - written < 1000, 'pushed at once, not at the next poll')
  const seen = replica()?.get(reading.id)
  assert.is(seen?.type, 'vital')
  assert.is((seen as { value?: number }).value, 37.9)
  assert.is(seen?.author.party, phone.party.id)
  // Both sides record it: the clinic who wrote what, the patient who received it.
  await until(async () => (await relay.vault.audit.list()).some(e => e.kind === 'write' && e.peer === phone.peerId), 'the clinic\'s write record')
  await until(async () => (await phone.vault.audit.list()).some(e => e.kind === 'read' && e.peer === relay.peerId && e.party === relay.party.id), 'the patient\'s read receipt')
})

test('readings written in quick succession all reach the clinic, however Automerge packs them', async () => {
  // Late in a session Automerge may send several changes as one entry of a sync message.
  for (let i = 0; i < 20; i++) {
    const reading = notebook.addVital({ kind: 'pulse', value: 60 + i })
    await until(() => replica()?.get(reading.id) !== undefined, 'each single reading at the clinic')
  }
  const burst = [notebook.addVital({ kind: 'pulse', value: 90 }), notebook.addVital({ kind: 'pulse', value: 91 }), notebook.addVital({ kind: 'pulse', value: 92 })]
  await until(() => burst.every(r => replica()?.get(r.id) !== undefined), 'the burst of readings at the clinic', 3000)
  assert.not.ok((await relay.vault.audit.list()).some(e => e.kind === 'rejected'), 'the clinic rejected nothing')
})

test('a read-only clinic that pushes a change is rejected: the notebook is unchanged and the audit log names it', async () => {
  const before = notebook.heads()
  const note = replica()?.addNote({ text: 'Patient reports dizziness.' })
  assert.ok(note !== undefined)
  await until(async () => (await phone.vault.audit.list()).some(e => e.kind === 'rejected' && e.peer === relay.peerId), 'the rejection in the patient\'s audit log')
  const rejected = (await phone.vault.audit.list()).find(e => e.kind === 'rejected')
  assert.match(rejected?.detail ?? '', /read access only/)
  assert.is(rejected?.party, relay.party.id)
  assert.equal(notebook.heads(), before, 'nothing of the clinic\'s change reached the patient\'s notebook')
  assert.is(notebook.get(note.id), undefined)
  const stored = await phone.vault.notebooks.load(notebook.id, { actor: phone.actor })
  assert.ok(stored !== undefined)
  assert.is(Notebook.fromDoc(stored as Automerge.Doc<never>, { actor: phone.actor, party: phone.party.id }).get(note.id), undefined, 'nor the vault')
})

test('a device of a clinic with no grant is refused, and not one notebook byte crosses the wire', async () => {
  const stranger = await world.device(await world.party('clinic'), 'relay')
  await connect(stranger, phone)
  const outcome = await exchange(stranger.node, phone.node, [framed({ type: 'hello', v: PROTOCOL_VERSION, notebook: notebook.id })])
  const frames = unframe(outcome.received)
  assert.is(frames.length, 1, 'exactly one frame came back')
  assert.is(frames[0]?.type, 'refuse')
  assert.is(frames[0]?.type === 'refuse' ? frames[0].code : '', 'not-authorised')
  assert.match(frames[0]?.type === 'refuse' ? frames[0].reason : '', /holds no grant/)
  // Every byte received is the refusal frame itself: zero bytes of sync messages or notebook content.
  assert.is(outcome.received.length, framed(frames[0] as never).length)
  await until(async () => (await phone.vault.audit.list()).some(e => e.kind === 'refused' && e.peer === stranger.peerId), 'the refusal in the audit log')
  assert.not.ok(authorised.includes(`phone<-${stranger.peerId}`), 'the refused hello was reported as authorised')

  // The stranger's own sync service reaches the same verdict before dialling: nothing to sync.
  const strangerSync = await stranger.sync()
  assert.equal(await strangerSync.syncOnce(phone.peerId), [])
})

test.run()
