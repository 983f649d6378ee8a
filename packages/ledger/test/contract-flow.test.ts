// The consent flow end to end on a real dev chain through the real SDK: every change is read
// back from the chain's storage, as `techo clinics` and `techo audit --chain` will read it.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createDeviceKey, toBase58, notebookIdFor } from '@techo/identity'
import { CONSENT_CONTRACT_NAME, LedgerReader, LedgerView } from '../src/index.js'
import { newParty, refusal, startConsentChain } from './contract-fixture.js'

const net = await startConsentChain()
const { ledger } = net
const clinic = newParty()
const patient = newParty()
const practitionerKey = createDeviceKey()
const practitioner = practitionerKey.peerId
const notebook = notebookIdFor(patient.id)
const until = Date.now() + 90 * 86_400_000

test('the linked name resolves to the deployed contract id, and either reaches the same state', async () => {
  assert.is(await ledger.contractId(), net.contractId)
  const byId = new LedgerReader({ url: net.chain.url, contract: net.contractId })
  assert.is(await byId.contractId(), net.contractId)
  assert.ok(await byId.deployedAt() >= 0)
})

test('a clinic registers and approves a practitioner device; both read back from the chain', async () => {
  const registered = await ledger.registerParty(clinic.seed, 'clinic')
  assert.is(registered.event.party, clinic.id)
  assert.is(registered.event.kind, 'clinic')
  assert.is(registered.event.tx, registered.txHash)
  assert.equal(await ledger.party(clinic.id), { kind: 'clinic', at: registered.event.at })

  const approved = await ledger.approveDevice(clinic.seed, practitionerKey, 'practitioner')
  assert.is(approved.event.device, practitioner)
  const device = await ledger.device(practitioner)
  assert.is(device?.party, clinic.id)
  assert.is(device?.role, 'practitioner')
  assert.is(device?.active, true)
  assert.is(await ledger.nextNonce(clinic.id), 3)
})

test('registering the same party twice is refused and changes nothing', async () => {
  const err = await refusal(ledger.registerParty(clinic.seed, 'patient'))
  assert.is(err.code, 'ERR_ALREADY_REGISTERED')
  assert.match(err.message, clinic.id)
  assert.is((await ledger.party(clinic.id))?.kind, 'clinic')
  assert.is(await ledger.nextNonce(clinic.id), 3)
})

test('a patient registers, grants the clinic read access, and revokes it; each state reads back', async () => {
  assert.is(await ledger.party(patient.id), undefined)
  await ledger.registerParty(patient.seed, 'patient')
  assert.is(await ledger.grant(notebook, clinic.id), undefined)

  const granted = await ledger.grant(patient.seed, { clinic: clinic.id, notebook, scope: 'read', until })
  assert.is(granted.event.scope, 'read')
  const grant = await ledger.grant(notebook, clinic.id)
  assert.is(grant?.patient, patient.id)
  assert.is(grant?.scope, 'read')
  assert.is(grant?.until, until)
  assert.is(grant?.active, true)
  assert.equal((await ledger.grants(notebook)).map(g => [g.clinic, g.scope, g.active]), [[clinic.id, 'read', true]])
  assert.equal((await ledger.grantsForClinic(clinic.id)).map(g => [g.notebook, g.active]), [[notebook, true]])

  const revoked = await ledger.revoke(patient.seed, { clinic: clinic.id, notebook })
  assert.ok(revoked.event.block > granted.event.block)
  const after = await ledger.grant(notebook, clinic.id)
  assert.is(after?.active, false)
  assert.is(after?.revoked, true)
  assert.equal((await ledger.grantsForClinic(clinic.id)).map(g => [g.notebook, g.active]), [[notebook, false]])

  const again = await refusal(ledger.revoke(patient.seed, { clinic: clinic.id, notebook }))
  assert.is(again.code, 'ERR_NO_GRANT')
})

test('a patient device anchors the notebook digest; each signer\'s sequence must rise and a revoked device may not anchor', async () => {
  const phoneKey = createDeviceKey()
  const phone = phoneKey.peerId
  await ledger.approveDevice(patient.seed, phoneKey, 'phone')
  const digest = toBase58(crypto.getRandomValues(new Uint8Array(32)))
  const anchored = await ledger.anchor(phoneKey, { notebook, digest, seq: 1 })
  assert.is(anchored.event.by, phone)
  assert.is(anchored.event.patient, patient.id)
  assert.equal(await ledger.lastAnchor(notebook), { digest, seq: 1, by: phone, at: anchored.event.at })

  const replayed = await refusal(ledger.anchor(phoneKey, { notebook, digest, seq: 1 }))
  assert.is(replayed.code, 'ERR_STALE_SEQUENCE')
  assert.match(replayed.message, phone)
  // The master key is a signer of its own: the phone's seq 1 does not stand in its way.
  await ledger.anchor(patient.seed, { notebook, digest, seq: 1 })
  assert.is((await ledger.lastAnchor(notebook))?.by, patient.id)
  assert.is(await ledger.lastAnchorSeq(notebook, patient.id), 1)
  assert.is(await ledger.lastAnchorSeq(notebook, phone), 1)

  await ledger.revokeDevice(patient.seed, phone)
  assert.is((await ledger.device(phone))?.active, false)
  const revoked = await refusal(ledger.anchor(phoneKey, { notebook, digest, seq: 2 }))
  assert.is(revoked.code, 'ERR_NOT_AUTHORISED')
  assert.equal(await ledger.lastAnchor(notebook).then(a => [a?.by, a?.seq]), [patient.id, 1])
})

test('two devices of one patient anchor the same seq one after another: both land, the second is the notebook\'s latest, and neither may reuse its own seq', async () => {
  const [tablet, laptop] = [createDeviceKey(), createDeviceKey()]
  for (const device of [tablet, laptop]) await ledger.approveDevice(patient.seed, device, 'phone')
  const [first, second] = [toBase58(crypto.getRandomValues(new Uint8Array(32))), toBase58(crypto.getRandomValues(new Uint8Array(32)))]
  await ledger.anchor(tablet, { notebook, digest: first, seq: 5 })
  const landed = await ledger.anchor(laptop, { notebook, digest: second, seq: 5 })
  assert.equal(await ledger.lastAnchor(notebook), { digest: second, seq: 5, by: laptop.peerId, at: landed.event.at })
  assert.is(await ledger.lastAnchorSeq(notebook, tablet.peerId), 5)
  assert.is(await ledger.lastAnchorSeq(notebook, laptop.peerId), 5)

  for (const [device, seq] of [[tablet, 5], [laptop, 4]] as const) {
    const stale = await refusal(ledger.anchor(device, { notebook, digest: first, seq }))
    assert.is(stale.code, 'ERR_STALE_SEQUENCE')
  }
  assert.is((await ledger.lastAnchor(notebook))?.digest, second)
  const last = await ledger.anchor(tablet, { notebook, digest: first, seq: 6 })
  assert.equal(await ledger.lastAnchor(notebook).then(a => [a?.by, a?.seq]), [tablet.peerId, 6])

  // A view replays these blocks under its own copy of the rules: it believes them and counts alike.
  const view = new LedgerView({ url: net.chain.url, contract: CONSENT_CONTRACT_NAME, pollMs: 20 })
  await view.start()
  await view.waitForBlock(last.event.block)
  assert.equal([view.lastAnchorSeq(notebook, tablet.peerId), view.lastAnchorSeq(notebook, laptop.peerId), view.lastAnchorSeq(notebook, patient.id)], [6, 5, 1])
  assert.equal(view.lastAnchor(notebook), await ledger.lastAnchor(notebook))
  await view.stop()
})

test('one signer\'s concurrent actions each get the next nonce and all land', async () => {
  const clinics = [newParty(), newParty(), newParty()]
  await Promise.all(clinics.map(async c => await ledger.registerParty(c.seed, 'clinic')))
  const before = await ledger.nextNonce(patient.id)
  const results = await Promise.all(clinics.map(async c => await ledger.grant(patient.seed, { clinic: c.id, notebook, scope: 'write', until })))
  assert.is(new Set(results.map(r => r.txHash)).size, 3)
  assert.is(await ledger.nextNonce(patient.id), before + 3)
  assert.equal((await ledger.grants(notebook)).filter(g => g.active).map(g => g.clinic).sort(), clinics.map(c => c.id).sort())
})

test('history reads back every event of each party, oldest first', async () => {
  const patientHistory = await ledger.history(patient.id)
  assert.equal(patientHistory.map(e => e.action), [
    'registerParty', 'grant', 'revoke', 'approveDevice', 'anchor', 'anchor', 'revokeDevice',
    'approveDevice', 'approveDevice', 'anchor', 'anchor', 'anchor', 'grant', 'grant', 'grant'
  ])
  assert.ok(patientHistory.every((e, i) => i === 0 || e.block >= (patientHistory[i - 1]?.block ?? 0)))
  const clinicHistory = await ledger.history(clinic.id)
  assert.equal(clinicHistory.map(e => e.action), ['registerParty', 'approveDevice', 'grant', 'revoke'])
  const grant = clinicHistory[2]
  assert.ok(grant?.action === 'grant' && grant.patient === patient.id && grant.notebook === notebook && grant.scope === 'read')
  assert.equal(await ledger.history(newParty().id), [])
})

test.after(async () => { await net.close() })

test.run()
