import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { notebookIdFor } from '@techo/identity'
import { ConsentState, type ConsentEvent } from '../src/index.js'

const PATIENT = 'Augty64SUuE6K6XVWmYcciSk6gK8N6jbc1GEA2aRPcq6'
const CLINIC = 'EzN6AMw7aNAfR5Njj8Xw9VYkF2TQH4YT8JBRbWJ1TnHD'
const DEVICE = '12D3KooWHbeinjF2bYyjmT4BskNkRXQ25AvFk4eoazzMm272qyCG'
const NOTEBOOK = notebookIdFor(PATIENT)
const T0 = 1_800_000_000_000

type Fields<E> = E extends ConsentEvent ? Omit<E, 'at' | 'block' | 'tx' | 'signer'> : never

let block = 0
function event (fields: Fields<ConsentEvent>, signer: string): ConsentEvent {
  block++
  return { ...fields, at: T0 + block * 500, block, tx: `tx${block}`, signer } as ConsentEvent
}

function session (): ConsentState {
  const state = new ConsentState()
  state.apply(event({ action: 'registerParty', party: CLINIC, kind: 'clinic' }, CLINIC))
  state.apply(event({ action: 'registerParty', party: PATIENT, kind: 'patient' }, PATIENT))
  state.apply(event({ action: 'approveDevice', party: CLINIC, device: DEVICE, role: 'practitioner', key: 'k' }, CLINIC))
  state.apply(event({ action: 'grant', patient: PATIENT, notebook: NOTEBOOK, clinic: CLINIC, scope: 'write', until: T0 + 60_000 }, PATIENT))
  return state
}

test('a grant is active until its end time, then inactive without any event', () => {
  const state = session()
  assert.is(state.grant(NOTEBOOK, CLINIC, T0 + 59_999)?.active, true)
  assert.is(state.grant(NOTEBOOK, CLINIC, T0 + 60_000)?.active, false)
  assert.is(state.grant(NOTEBOOK, CLINIC, T0 + 60_000)?.revoked, false)
  assert.is(state.grant(NOTEBOOK, 'someone-else'), undefined)
})

test('revocations end a grant and a device approval; the records stay readable', () => {
  const state = session()
  assert.ok(state.isApprovedDevice(DEVICE))
  state.apply(event({ action: 'revoke', patient: PATIENT, notebook: NOTEBOOK, clinic: CLINIC }, PATIENT))
  state.apply(event({ action: 'revokeDevice', party: CLINIC, device: DEVICE }, CLINIC))
  assert.equal(state.grant(NOTEBOOK, CLINIC, T0)?.active, false)
  assert.equal(state.grant(NOTEBOOK, CLINIC, T0)?.revoked, true)
  assert.is(state.grantsForClinic(CLINIC, T0)[0]?.notebook, NOTEBOOK)
  assert.not.ok(state.isApprovedDevice(DEVICE))
  assert.is(state.device(DEVICE)?.party, CLINIC)
  assert.equal(state.devicesOf(CLINIC).map(d => [d.device, d.role, d.active]), [[DEVICE, 'practitioner', false]])
  assert.equal(state.devicesOf(PATIENT), [])
})

test('a snapshot taken as JSON restores the same answers', () => {
  const state = session()
  const anchor = event({ action: 'anchor', patient: PATIENT, notebook: NOTEBOOK, digest: 'd', seq: 7, by: DEVICE }, PATIENT)
  state.apply(anchor)
  const restored = ConsentState.fromSnapshot(JSON.parse(JSON.stringify(state.snapshot())))
  assert.equal(restored.grants(NOTEBOOK, T0), state.grants(NOTEBOOK, T0))
  assert.equal(restored.grantsForClinic(CLINIC, T0), state.grantsForClinic(CLINIC, T0))
  assert.is(restored.isApprovedDevice(DEVICE), true)
  assert.equal(restored.lastAnchor(NOTEBOOK), { digest: 'd', seq: 7, by: DEVICE, at: anchor.at })
  assert.is(restored.lastAnchorSeq(NOTEBOOK, DEVICE), 7)
  assert.equal(restored.party(PATIENT)?.kind, 'patient')
})

test('each signer\'s last anchored seq is kept apart; the notebook\'s latest anchor is the last applied', () => {
  const state = session()
  const OTHER = '12D3KooWLRPJAA5o6Z6z3ExzMNbuW6TChoATLdRBn3zsCq9B6sFX'
  state.apply(event({ action: 'anchor', patient: PATIENT, notebook: NOTEBOOK, digest: 'a', seq: 3, by: DEVICE }, PATIENT))
  state.apply(event({ action: 'anchor', patient: PATIENT, notebook: NOTEBOOK, digest: 'b', seq: 1, by: OTHER }, PATIENT))
  assert.equal([state.lastAnchorSeq(NOTEBOOK, DEVICE), state.lastAnchorSeq(NOTEBOOK, OTHER), state.lastAnchorSeq(NOTEBOOK, PATIENT)], [3, 1, 0])
  assert.equal(state.lastAnchor(NOTEBOOK)?.by, OTHER)
})

test('a snapshot written before the sequence ran per signer restores, with no signer\'s seq known', () => {
  const state = session()
  state.apply(event({ action: 'anchor', patient: PATIENT, notebook: NOTEBOOK, digest: 'd', seq: 7, by: DEVICE }, PATIENT))
  const { anchorSeqs, ...old } = state.snapshot()
  assert.ok(anchorSeqs !== undefined)
  const restored = ConsentState.fromSnapshot(JSON.parse(JSON.stringify(old)))
  assert.is(restored.lastAnchor(NOTEBOOK)?.seq, 7)
  assert.is(restored.lastAnchorSeq(NOTEBOOK, DEVICE), 0)
})

test.run()
