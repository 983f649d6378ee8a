// Misbehaving peers at the frame level: a malformed frame, a truncated frame,
// an oversized frame and a garbage sync message each get their stream reset,
// leave the notebook as it was, and the patient's node goes on serving the
// clinic it has granted.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import type { Notebook } from '@techo/notebook'
import { PROTOCOL_VERSION } from '../src/index.js'
import { connect, copyOf, grantedScene, type Device, type World } from './fixture.js'
import { until } from '../../../test/support/until.js'
import { exchange, framed, unframe, varint } from './raw.js'

let world: World
let phone: Device
let relay: Device
let intruder: Device
let notebook: Notebook

test.before(async () => {
  // The practitioner is an approved device of the clinic, so the gater lets it connect; it speaks the protocol by hand.
  ({ world, phone, devices: [relay, intruder] } = await grantedScene('write', ['relay', 'practitioner']))
  const service = await phone.sync({ limits: { maxFrameBytes: 64 * 1024, handshakeTimeoutMs: 500, tieBreakMs: 30 } })
  notebook = service.notebooks()[0]?.holder as Notebook
  notebook.addVital({ kind: 'temp', value: 36.6 })
})

test.after(async () => { await world.close() })

const hello = (): Uint8Array => framed({ type: 'hello', v: PROTOCOL_VERSION, notebook: notebook.id })

test('a frame of an unknown type is answered with a reset and nothing else', async () => {
  const before = notebook.heads()
  const outcome = await exchange(intruder.node, phone.node, [framed(Uint8Array.of(9, 1, 2, 3))])
  assert.is(outcome.ending, 'reset')
  assert.is(outcome.received.length, 0, 'not a byte of the notebook left the phone')
  assert.equal(notebook.heads(), before)
})

test('a truncated frame (the peer stops half-way and closes) is answered with a reset', async () => {
  const whole = hello()
  const outcome = await exchange(intruder.node, phone.node, [whole.subarray(0, 5)], { closeWrite: true })
  assert.is(outcome.ending, 'reset')
  assert.is(outcome.received.length, 0)
})

test('a frame announced over the size limit is refused before its bytes are read', async () => {
  // Only the length prefix is sent: the node must not wait for (or buffer) 17 MiB.
  const outcome = await exchange(intruder.node, phone.node, [varint(17 * 1024 * 1024), Uint8Array.of(4)])
  assert.is(outcome.ending, 'reset')
  assert.is(outcome.received.length, 0)
})

test('a peer that opens a stream and says nothing is cut off at the handshake limit', async () => {
  const started = Date.now()
  const outcome = await exchange(intruder.node, phone.node, [], { timeoutMs: 5000 })
  assert.is(outcome.ending, 'reset')
  assert.ok(Date.now() - started < 3000, 'the silent stream was reset after the 0.5 s handshake limit')
})

test('garbage in place of a sync message is rejected, audited, the sender told so, and the notebook is unchanged', async () => {
  const before = notebook.heads()
  const garbage = framed({ type: 'sync', message: Uint8Array.from([0x42, 0xff, 0x00, 0x13, 0x37]), proofs: [] })
  // The intruder is an approved device of a clinic with a grant, so the phone also dials it on its
  // own; a hello that crosses that dial may be refused as a duplicate session, and is said again.
  let frames: ReturnType<typeof unframe> = []
  await until(async () => {
    frames = unframe((await exchange(intruder.node, phone.node, [hello(), garbage])).received)
    const first = frames[0]
    return !(first?.type === 'refuse' && first.code === 'duplicate')
  }, 'a session that does not cross the phone\'s own dial')
  // Accepted, it may see the accept and the first sync message, but the garbage ends the session
  // with a goodbye saying why.
  assert.is(frames[0]?.type, 'accept', JSON.stringify(frames[0]))
  const bye = frames.at(-1)
  assert.ok(bye?.type === 'bye' && bye.rejected === true, JSON.stringify(bye))
  assert.match(bye.reason, 'it is not an Automerge sync message')
  assert.equal(notebook.heads(), before)
  await until(async () => (await phone.vault.audit.list({ notebook: notebook.id })).some(e => e.kind === 'rejected' && e.peer === intruder.peerId), 'the rejection in the audit log')
})

test('after all that, the phone still serves its clinic: a new reading reaches the relay', async () => {
  const relayService = await relay.sync()
  await connect(relay, phone)
  const reading = notebook.addVital({ kind: 'pulse', value: 64 })
  await until(() => copyOf(relayService)?.get(reading.id) !== undefined, 'the reading at the relay')
  await relayService.syncOnce(phone.peerId)
  assert.equal(copyOf(relayService)?.heads().sort(), notebook.heads().sort())
})

test.run()
