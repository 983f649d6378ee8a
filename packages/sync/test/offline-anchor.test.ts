// Offline edits are anchored too: a patient's node with no clinic online puts the digest of its
// notebook on chain after readings made here, batched, and anchors again after the next edit; a
// sequence number taken by the patient's other device does not stop it.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { digest, type Notebook } from '@techo/notebook'
import { grantedScene, type World } from './fixture.js'
import { until } from '../../../test/support/until.js'

let world: World

test.after(async () => { await world?.close() })

test('readings made with no clinic online are anchored, batched; the next edit is anchored again, past another device\'s sequence', async () => {
  let phone
  ({ world, phone } = await grantedScene('read', []))
  const sync = await phone.sync({ anchor: { ledger: world.ledger, intervalMs: 200 } })
  const notebook = sync.notebooks()[0]?.holder as Notebook
  for (let i = 0; i < 20; i++) notebook.addVital({ kind: 'pulse', value: 60 + i })
  await until(() => phone.view.lastAnchor(notebook.id)?.digest === digest(notebook), 'the offline readings anchored')
  const first = phone.view.lastAnchor(notebook.id)?.seq ?? 0
  assert.ok(first <= 2, `twenty readings anchored ${first} times`)
  notebook.addNote({ text: 'Dizzy in the morning.' })
  await until(() => phone.view.lastAnchor(notebook.id)?.digest === digest(notebook), 'the note anchored')
  assert.is(phone.view.lastAnchor(notebook.id)?.seq, first + 1)

  // Another device of the patient takes the next sequence just before a reading here (this view may
  // not have seen it yet when the anchor is signed); this device anchors past it.
  await world.ledger.anchor(phone.key, { notebook: notebook.id, digest: digest(notebook), seq: first + 2 })
  notebook.addVital({ kind: 'pulse', value: 90 })
  await until(() => phone.view.lastAnchor(notebook.id)?.digest === digest(notebook), 'the reading anchored past the other device\'s sequence')
  assert.is(phone.view.lastAnchor(notebook.id)?.seq, first + 3)
  await sync.stop()
})

test.run()
