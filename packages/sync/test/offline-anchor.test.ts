// Offline edits are anchored too: a patient's node with no clinic online puts the digest of its
// notebook on chain after readings made here, batched, and anchors again after the next edit. Each
// device's anchors run in a sequence of their own, so two devices of one patient anchoring at the
// same moment both land, and a device whose view lags behind its own last anchor goes past it.
// Edits are anchored without a later edit when the chain approves the device after them, and when
// an anchor failed and the chain answers again.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { digest, type Notebook } from '@techo/notebook'
import type { AnchorLedger } from '../src/index.js'
import { grantedScene, startWorld, type World } from './fixture.js'
import { until } from '../../../test/support/until.js'

const worlds: World[] = []

test.after(async () => { await Promise.all(worlds.map(async w => await w.close())) })

test('readings made with no clinic online are anchored, batched; the next edit is anchored again, past this device\'s own anchor its view has not seen', async () => {
  const { world, phone } = await grantedScene('read', [])
  worlds.push(world)
  const sync = await phone.sync({ anchor: { ledger: world.ledger, intervalMs: 200 } })
  const notebook = sync.notebooks()[0]?.holder as Notebook
  for (let i = 0; i < 20; i++) notebook.addVital({ kind: 'pulse', value: 60 + i })
  await until(() => phone.view.lastAnchor(notebook.id)?.digest === digest(notebook), 'the offline readings anchored')
  const first = phone.view.lastAnchor(notebook.id)?.seq ?? 0
  assert.ok(first <= 2, `twenty readings anchored ${first} times`)
  notebook.addNote({ text: 'Dizzy in the morning.' })
  await until(() => phone.view.lastAnchor(notebook.id)?.digest === digest(notebook), 'the note anchored')
  assert.is(phone.view.lastAnchor(notebook.id)?.seq, first + 1)

  // This device's key anchors the next sequence elsewhere (as a node restored from a backup might)
  // just before a reading here, which this view may not have seen when the anchor is signed; the
  // chain refuses the reused number as stale and the next interval anchors past it.
  await world.ledger.anchor(phone.key, { notebook: notebook.id, digest: digest(notebook), seq: first + 2 })
  notebook.addVital({ kind: 'pulse', value: 90 })
  await until(() => phone.view.lastAnchor(notebook.id)?.digest === digest(notebook), 'the reading anchored past the device\'s own sequence')
  assert.is(phone.view.lastAnchor(notebook.id)?.seq, first + 3)
  await sync.stop()
})

test('readings made before the chain approved this device are anchored once its view sees the approval, with no edit after it', async () => {
  const world = await startWorld()
  worlds.push(world)
  const patient = await world.party('patient')
  const phone = await world.device(patient, 'phone', undefined, false)
  const sync = await phone.sync({ anchor: { ledger: world.ledger, intervalMs: 200 } })
  const notebook = sync.notebooks()[0]?.holder as Notebook
  notebook.addVital({ kind: 'pulse', value: 61 })
  notebook.addVital({ kind: 'pulse', value: 62 })
  const approval = await world.ledger.approveDevice(patient.seed, phone.key, 'phone')
  await phone.at(approval.event.block)
  await until(() => phone.view.lastAnchor(notebook.id)?.digest === digest(notebook), 'the readings anchored after the approval')
  await sync.stop()
})

test('an anchor that failed (the chain unreachable) is tried again until it lands, with no edit after it', async () => {
  const { world, phone } = await grantedScene('read', [])
  worlds.push(world)
  let refused = 0
  const ledger: AnchorLedger = {
    anchor: async (signer, anchor) => {
      // A fault a test cannot cause on a shared chain without stopping it for every device: the first two attempts do not reach it.
      if (refused < 2) {
        refused++
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1'), { code: 'ECONNREFUSED' })
      }
      return await world.ledger.anchor(signer, anchor)
    }
  }
  const sync = await phone.sync({ anchor: { ledger, intervalMs: 200 } })
  const notebook = sync.notebooks()[0]?.holder as Notebook
  notebook.addVital({ kind: 'pulse', value: 64 })
  await until(() => phone.view.lastAnchor(notebook.id)?.digest === digest(notebook), 'the reading anchored once the chain answered')
  assert.is(refused, 2)
  await sync.stop()
})

test('two devices of one patient editing at the same moment anchor at once, and the chain refuses neither', async () => {
  const { world, patient, phone } = await grantedScene('read', [])
  worlds.push(world)
  const tablet = await world.device(patient, 'phone')
  const devices = [phone, tablet]
  const refusals: string[] = []
  const ledger: AnchorLedger = {
    anchor: async (signer, anchor) => await world.ledger.anchor(signer, anchor).catch((err: Error & { code?: string }) => {
      refusals.push(`${signer.peerId} seq ${anchor.seq}: ${err.code ?? err.message}`)
      throw err
    })
  }
  const anchored: string[] = []
  const services = await Promise.all(devices.map(async device => {
    const service = await device.sync({ anchor: { ledger, intervalMs: 200 } })
    service.on('anchored', ({ seq }) => { anchored.push(`${device.peerId} ${seq}`) })
    return service
  }))
  const notebooks = services.map(s => s.notebooks()[0]?.holder as Notebook)
  const notebook = notebooks[0]?.id as string

  // Each round both devices edit together, so both anchor in the same instant with the same number.
  for (const round of [1, 2]) {
    notebooks.forEach((n, i) => { n.addVital({ kind: 'pulse', value: 60 + 10 * round + i }) })
    // A service reports its anchor once its transaction is final, and the phone's view has the block
    // when it has polled for it: either may come first, so both are awaited.
    await until(() => refusals.length > 0 || devices.every(d => anchored.includes(`${d.peerId} ${round}`) && phone.view.lastAnchorSeq(notebook, d.peerId) === round), `both devices' anchors of round ${round}`)
    assert.equal(refusals, [])
  }
  assert.equal(anchored.sort(), devices.flatMap(d => [`${d.peerId} 1`, `${d.peerId} 2`]).sort())
  assert.ok(devices.some(d => phone.view.lastAnchor(notebook)?.by === d.peerId))
  await Promise.all(services.map(async s => await s.stop()))
})

test.run()
