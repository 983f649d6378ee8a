// What survives a reconnect: the per-peer sync state kept in the vault means a
// restarted relay receives only the readings it missed; a dropped connection
// is redialled by itself; and after sessions that changed the notebook the
// patient's node anchors the notebook's digest on chain, batched.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { digest, type Notebook } from '@techo/notebook'
import type { AuditEvent } from '@techo/vault'
import type { SyncService } from '../src/index.js'
import { connect, copyOf, grantedScene, type Device, type World } from './fixture.js'
import { until } from '../../../test/support/until.js'

let world: World
let phone: Device
let relay: Device
let phoneSync: SyncService
let relaySync: SyncService
let notebook: Notebook

test.before(async () => {
  ({ world, phone, devices: [relay] } = await grantedScene('read', ['relay']))
  phoneSync = await phone.sync({ anchor: { ledger: world.ledger, intervalMs: 300 } })
  relaySync = await relay.sync()
  notebook = phoneSync.notebooks()[0]?.holder as Notebook
})

test.after(async () => { await world.close() })

test('a restarted relay receives only the reading it missed, thanks to the sync state in its vault', async () => {
  notebook.batch(() => {
    for (let day = 1; day <= 28; day++) {
      for (const hour of ['07', '13', '19']) notebook.addVital({ kind: 'temp', value: 36 + (day % 10) / 10, at: `2025-02-${String(day).padStart(2, '0')}T${hour}:00:00Z` })
    }
  })
  for (let i = 0; i < 300; i++) notebook.addVital({ kind: 'steps', value: 4000 + i, at: `2025-03-${String(1 + (i % 28)).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:00:00Z` })
  const whole = notebook.save().length
  await connect(phone, relay)
  const [first] = await relaySync.syncOnce(phone.peerId)
  assert.is(first?.stage, 'in-sync', first?.error?.message)
  const initial = first?.stats?.bytesIn ?? 0
  assert.ok(initial >= whole, `the first sync carried the whole notebook (${initial} bytes for a ${whole}-byte notebook)`)

  await relaySync.stop()
  await relay.node.stop()
  assert.ok(await relay.vault.syncState.get(notebook.id, phone.peerId) !== undefined, 'the relay kept its sync state with the phone')
  const missed = notebook.addVital({ kind: 'temp', value: 38.2 })

  await relay.node.start()
  relaySync = await relay.sync()
  assert.is(copyOf(relaySync)?.get(missed.id), undefined, 'the restarted relay starts from its saved replica')
  await connect(relay, phone)
  const [again] = await relaySync.syncOnce(phone.peerId)
  assert.is(again?.stage, 'in-sync', again?.error?.message)
  assert.ok(copyOf(relaySync)?.get(missed.id) !== undefined, 'the missed reading arrived')
  assert.is(again?.stats?.chunksIn, 1, 'exactly one change crossed: the missed reading')
  const bytes = again?.stats?.bytesIn ?? Infinity
  assert.ok(bytes < 1024 && bytes < initial / 5, `the reconnect moved ${bytes} bytes, against ${initial} for the first sync`)
})

test('a dropped connection is redialled without anyone asking, and the next reading flows', async () => {
  await relay.node.hangUp(phone.node.peerId)
  await until(() => relaySync.peers().sessions.length === 0, 'the relay to notice the drop')
  const reading = notebook.addVital({ kind: 'pulse', value: 71 })
  await until(() => copyOf(relaySync)?.get(reading.id) !== undefined, 'the reading after the redial', 5000)
})

test('the patient\'s node anchors the notebook\'s digest after sessions changed it, batched', async () => {
  await until(() => phone.view.lastAnchor(notebook.id)?.digest === digest(notebook), 'the current digest on chain', 8000)
  const anchor = phone.view.lastAnchor(notebook.id)
  assert.ok(anchor !== undefined && anchor.seq >= 1)
  assert.is(anchor.by, phone.peerId, 'signed by the phone\'s device key')
  // Batched: far fewer anchors than the 86 changes this notebook went through.
  assert.ok(anchor.seq <= 6, `anchored ${anchor.seq} times`)
  // The view can see the anchor's block before the anchorer has its receipt and writes the audit event.
  const anchors = async (): Promise<AuditEvent[]> => (await phone.vault.audit.list()).filter(e => e.kind === 'anchor')
  await until(async () => (await anchors()).length === anchor.seq, 'the anchor in the audit log', 5000)
  const logged = await anchors()
  assert.match(logged.at(-1)?.detail ?? '', new RegExp(`anchored digest ${anchor.digest} at sequence ${anchor.seq}`))
})

test.run()
