// A new clinic replica's first sync: whichever device opens the session, the
// notebook crosses as one message barely larger than the notebook itself (no
// summary of every change, either way), both sides then know they hold the
// same notebook, and the next reading follows at once.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createDeviceKey, type MasterKey } from '@techo/identity'
import type { Notebook } from '@techo/notebook'
import type { SyncService } from '../src/index.js'
import { connect, copyOf, grantedScene, type Device, type World } from './fixture.js'
import { until } from '../../../test/support/until.js'

// Enough changes that a summary of them (a bloom filter, ~10 bits per change) would stand out.
const READINGS = 1200
// Hello, accept, heads-only messages and frame prefixes: a few hundred bytes at most.
const OVERHEAD = 512

let world: World
let clinic: MasterKey
let phone: Device
let phoneSync: SyncService
let notebook: Notebook

test.before(async () => {
  ({ world, clinic, phone } = await grantedScene('read', []))
  phoneSync = await phone.sync()
  notebook = phoneSync.notebooks()[0]?.holder as Notebook
  // One change per reading, as a phone adds them.
  for (let i = 0; i < READINGS; i++) notebook.addVital({ kind: 'pulse', value: 50 + (i % 50), at: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString() })
})

test.after(async () => { await world.close() })

/** A new relay of the clinic whose PeerId sorts before (it opens the session) or after (the phone opens it) the phone's. */
async function newRelay (opens: 'relay' | 'phone'): Promise<Device> {
  // The key is chosen before the relay is approved: a clinic's approved relays decide where its notebooks live.
  for (;;) {
    const key = createDeviceKey()
    if ((key.peerId < phone.peerId) === (opens === 'relay')) return await world.device(clinic, 'relay', key)
  }
}

for (const opens of ['relay', 'phone'] as const) {
  test(`a new relay gets the whole notebook in one message about its saved size, when the ${opens} opens the session`, async () => {
    const whole = notebook.save().length
    const relay = await newRelay(opens)
    const relaySync = await relay.sync()
    await connect(relay, phone)
    const [result] = await relaySync.syncOnce(phone.peerId)
    assert.is(result?.stage, 'in-sync', result?.error?.message)
    const session = relaySync.peers().sessions[0]
    assert.is(session?.direction, opens === 'relay' ? 'outbound' : 'inbound', 'the intended side opened the session')
    assert.equal(copyOf(relaySync)?.heads().sort(), notebook.heads().sort(), 'the relay holds the notebook')
    assert.is(result?.stats?.chunksIn, 1, 'one chunk: the whole notebook')
    const bytesIn = result?.stats?.bytesIn ?? Infinity
    const bytesOut = result?.stats?.bytesOut ?? Infinity
    assert.ok(bytesIn <= whole + OVERHEAD, `the relay received ${bytesIn} bytes for a ${whole}-byte notebook`)
    assert.ok(bytesOut <= OVERHEAD, `the relay sent ${bytesOut} bytes while receiving it`)

    // The phone learns that the relay holds it all, so nothing holds the next reading back.
    await until(() => phoneSync.peers().sessions.some(s => s.peer === relay.peerId && s.inSync), 'the phone to see the relay in sync', 2000)
    const reading = notebook.addVital({ kind: 'temp', value: 37.1 })
    await until(() => copyOf(relaySync)?.get(reading.id) !== undefined, 'the next reading at the relay', 2000)
    await until(async () => await relay.vault.notebooks.has(notebook.id), 'the relay to save its replica', 2000)
    await relay.stop()
  })
}

test.run()
