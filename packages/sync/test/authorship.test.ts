// Authorship proven by signatures: a clinic with a write grant cannot hide a patient's entry behind
// its own copy of the id, cannot pass off a change under the patient's actor with a signature it
// forged, and cannot push entries over the size limits; each attempt is rejected before it changes
// anything, written to the patient's audit log once, and not sent again until the sender's copy changes.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import * as Automerge from '@automerge/automerge'
import type { MasterKey } from '@techo/identity'
import type { Notebook } from '@techo/notebook'
import { PROTOCOL_VERSION, signChange, type SyncService } from '../src/index.js'
import { grantedScene, practitionerOf, rejectionBy, rejectionsOf, type Device, type World } from './fixture.js'
import { exchange, framed, unframe } from './raw.js'
import { until } from '../../../test/support/until.js'

type Doc = Record<string, any>

let world: World
let clinic: MasterKey
let phone: Device
let phoneSync: SyncService
let notebook: Notebook
let reading: { id: string }

test.before(async () => {
  ({ world, clinic, phone } = await grantedScene('write', []))
  phoneSync = await phone.sync()
  notebook = phoneSync.notebooks()[0]?.holder as Notebook
  reading = notebook.addVital({ kind: 'bp', systolic: 182, diastolic: 110 })
})

test.after(async () => { await world.close() })

async function practitioner (): Promise<{ device: Device, service: SyncService, copy: Notebook }> {
  return await practitionerOf(world, clinic, phone)
}

const rejections = async (device: Device): Promise<string[]> => await rejectionsOf(phone, device)
const rejection = async (device: Device): Promise<string> => await rejectionBy(phone, device)

// The entry string stored under `id` in the practitioner's own bucket (a raw write, bypassing its Notebook API).
function shadow (copy: Notebook, actor: string, id: string, body: Record<string, unknown>): void {
  copy.setDoc(Automerge.change(copy.doc as Automerge.Doc<Doc>, d => {
    d.entries[actor] ??= {}
    d.entries[actor]['2026'] ??= {}
    d.entries[actor]['2026']['01'] ??= {}
    d.entries[actor]['2026']['01']['01'] ??= {}
    d.entries[actor]['2026']['01']['01'][id] = new Automerge.ImmutableString(JSON.stringify(body))
  }) as never)
}

test('a clinic reusing the id of the patient\'s entry (to shadow it) is rejected, and the patient\'s reading stands', async () => {
  const { device, copy } = await practitioner()
  const before = notebook.heads()
  shadow(copy, device.actor, reading.id, {
    type: 'vital', kind: 'bp', systolic: 118, diastolic: 76, at: '2026-01-01T08:00:00Z', recorded: '2026-01-01T08:00:00Z', author: { device: device.actor, party: clinic.id }
  })
  assert.match(await rejection(device), new RegExp(`it adds an entry with id ${reading.id}, which party ${phone.party.id} already holds`))
  assert.equal(notebook.heads(), before)
  const shown = notebook.query({ type: 'vital', kind: 'bp' })
  assert.equal(shown.map(e => [(e as { systolic: number }).systolic, e.author.party]), [[182, phone.party.id]])
  assert.is((notebook.get(reading.id) as { systolic: number }).systolic, 182)
})

test('a rejected change is audited once, and sent again only when the sender\'s copy changes', async () => {
  const { device, service, copy } = await practitioner()
  const huge = copy.addNote({ text: 'x'.repeat(70 * 1024) })
  assert.match(await rejection(device), new RegExp(`it writes entry ${huge.id} of \\d+ bytes \\(at most 65536\\)`))
  assert.is(notebook.get(huge.id), undefined)
  // The phone said why it refused: the practitioner's session ends without a redial.
  await until(() => service.peers().sessions.length === 0, 'the practitioner\'s session to end')
  assert.equal(service.peers().retrying, [], 'no redial while its copy is unchanged')
  // A new note changes its copy: it tries again, is refused again for the same entry, and the log still says it once.
  copy.addNote({ text: 'A small note.' })
  await until(() => service.peers().sessions.length > 0 || service.peers().retrying.length > 0, 'a new attempt')
  await until(() => service.peers().sessions.length === 0 && service.peers().retrying.length === 0, 'the second refusal')
  assert.is((await rejections(device)).length, 1, 'written to the audit log once')
  assert.is(notebook.get(huge.id), undefined)
})

test('a change under the patient\'s actor with a signature the sender forged is rejected as forged', async () => {
  const intruder = await world.device(clinic, 'practitioner')
  const forged = Automerge.change(Automerge.clone(notebook.doc as Automerge.Doc<Doc>, { actor: phone.actor }), d => {
    d.entries[phone.actor]['1999'] = {}
  })
  const change = Automerge.getLastLocalChange(forged) as Uint8Array
  const { hash } = Automerge.decodeChange(change)
  // A signature by the intruder's own key, presented as the patient's phone's.
  const proof = { ...signChange(intruder.key, notebook.id, hash), device: phone.peerId }
  const message = Automerge.encodeSyncMessage({ heads: [hash], need: [], have: [], changes: [change] })
  const before = notebook.heads()
  // The phone may be opening its own session to the newly connected device: until it gives up, a hello is a duplicate.
  let frames: ReturnType<typeof unframe> = []
  await until(async () => {
    const outcome = await exchange(intruder.node, phone.node, [framed({ type: 'hello', v: PROTOCOL_VERSION, notebook: notebook.id }), framed({ type: 'sync', message, proofs: [proof] })])
    frames = unframe(outcome.received)
    return frames[0]?.type === 'accept'
  }, 'the phone to accept the intruder\'s session')
  const bye = frames.at(-1)
  assert.ok(bye?.type === 'bye' && bye.rejected === true, JSON.stringify(bye))
  assert.match(bye.reason, `the signature of device ${phone.peerId} on change ${hash.slice(0, 12)} is forged`)
  assert.equal(notebook.heads(), before)
})

test.run()
