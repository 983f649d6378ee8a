// The phone sponsor of a serving clinic, which anyone may call without a token and whose
// transactions the clinic pays for: a patient's phone registers, approves itself, grants the clinic,
// anchors, revokes and removes a lost phone through it; anything else (a clinic's registration, a
// grant to another clinic, removing another party's device or a device that is not a phone, a
// replay, a forged or foreign payload) is refused with a clear error before anything is published;
// and the budgets turn away a flood.
import { startDevChain, type DevChain } from '@techo/devchain'
import { createDeviceKey, generateRecoveryPhrase, masterKeyFromPhrase, masterKeyFromSeed, notebookIdFor, toBase58, type MasterKey } from '@techo/identity'
import {
  CONSENT_CONTRACT_NAME, Ledger, LedgerReader, LedgerView, buildPayload, deployConsentContract, proveDevice, signConsentPayload,
  type ActionFields, type ConsentAction
} from '@techo/ledger'
import { randomBytes } from 'node:crypto'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { until } from '../../test/support/until.js'
import type { ChainConfig } from '../src/cli/chain-settings.js'
import { PHONE_API, phoneRoutes } from '../src/daemon/phone-routes.js'
import type { ApiRoute } from '../src/daemon/routes.js'
import { SponsorBudget } from '../src/daemon/sponsor-budget.js'

let chain: DevChain
let config: ChainConfig
let reader: LedgerReader
let view: LedgerView
let sponsor: ApiRoute
let clinic: string
let clinicKey: MasterKey
let other: string
const patient = masterKeyFromPhrase(generateRecoveryPhrase())

test.before(async () => {
  chain = await startDevChain({ port: 0, blockIntervalMs: 50 })
  const account = { account: chain.admin.account, secretKey: chain.admin.secretKey }
  await deployConsentContract({ url: chain.url, chainId: chain.chainId, sponsor: account })
  config = { url: chain.url, contract: CONSENT_CONTRACT_NAME, chainId: chain.chainId, sponsor: account }
  const ledger = new Ledger(config)
  const [a, b] = [masterKeyFromPhrase(generateRecoveryPhrase()), masterKeyFromPhrase(generateRecoveryPhrase())]
  await Promise.all([ledger.registerParty(a.seed, 'clinic'), ledger.registerParty(b.seed, 'clinic')])
  ;[clinic, other, clinicKey] = [a.id, b.id, a]
  reader = new LedgerReader(config)
  view = new LedgerView({ url: chain.url, contract: CONSENT_CONTRACT_NAME, pollMs: 20 })
  await view.start()
  const routes = phoneRoutes(config, () => ({ role: 'relay', party: clinic, peerId: 'unused', websockets: [] }), () => view)
  sponsor = routes.find(r => r.path === `${PHONE_API}/sponsor`) as ApiRoute
})

test.after(async () => {
  await view?.stop()
  await chain?.close()
})

/** A payload `key` signed for `action`, with its next nonce, as the phone's page builds one. */
async function signed<A extends ConsentAction> (key: MasterKey, action: A, fields: ActionFields[A], envelope: { contract?: string, nonce?: number } = {}): Promise<Record<string, unknown>> {
  const payload = buildPayload(action, fields, {
    contract: envelope.contract ?? await reader.contractId(),
    signer: key.id,
    nonce: envelope.nonce ?? await reader.nextNonce(key.id),
    expires: Date.now() + 60_000
  })
  return { action, ...signConsentPayload(key.seed, payload) }
}

async function ask (body: Record<string, unknown>): Promise<unknown> {
  return await sponsor.handle({ params: {}, query: new URLSearchParams(), body, send: () => {} })
}

/** Asserts the sponsor refuses `body` with `status` and `code`, and its message says `why`. */
async function refused (body: Record<string, unknown>, status: number, code: string, why: RegExp): Promise<void> {
  const err = await ask(body).then(() => undefined, (e: unknown) => e as { status: number, code: string, message: string })
  assert.ok(err !== undefined, `refused: ${JSON.stringify(body.action)}`)
  assert.is(err.code, code, err.message)
  assert.is(err.status, status)
  assert.match(err.message, why)
}

test('a patient\'s phone registers, approves itself, grants this clinic, anchors, revokes and removes a lost phone through the sponsor', async () => {
  await ask(await signed(patient, 'registerParty', { kind: 'patient' }))
  assert.is((await reader.party(patient.id))?.kind, 'patient')
  const device = createDeviceKey()
  const proof = proveDevice(device, await reader.deviceBinding(patient.id, chain.chainId))
  await ask(await signed(patient, 'approveDevice', { party: patient.id, device: proof.device, role: 'phone', chain: chain.chainId, proof: proof.proof }))
  const notebook = notebookIdFor(patient.id)
  await ask(await signed(patient, 'grant', { notebook, clinic, scope: 'write', until: Date.now() + 86_400_000 }))
  assert.is((await reader.grant(notebook, clinic))?.active, true)
  // The phone signs its anchors with its device key (the seed half of its libp2p private key).
  const deviceSigner = masterKeyFromSeed(device.raw.subarray(0, 32))
  await ask(await signed(deviceSigner, 'anchor', { notebook, digest: toBase58(randomBytes(32)), seq: 1, device: device.peerId }))
  assert.is((await reader.lastAnchor(notebook))?.seq, 1)
  await ask(await signed(patient, 'revoke', { notebook, clinic }))
  assert.is((await reader.grant(notebook, clinic))?.revoked, true)
  // The phone is lost: the patient, restored on another, removes it.
  await ask(await signed(patient, 'revokeDevice', { party: patient.id, device: device.peerId }))
  assert.is((await reader.device(device.peerId))?.active, false)
})

test('what a patient\'s phone does not send is refused before anything is published', async () => {
  const stranger = masterKeyFromPhrase(generateRecoveryPhrase())
  const notebook = notebookIdFor(patient.id)
  // Devices that are not a patient's phone, approved with the chain account, not the sponsor.
  const ledger = new Ledger(config)
  const [patientRelay, clinicDevice] = [createDeviceKey(), createDeviceKey()]
  await ledger.approveDevice(patient.seed, patientRelay, 'relay')
  await ledger.approveDevice(clinicKey.seed, clinicDevice, 'practitioner')
  await until(() => view.device(patientRelay.peerId) !== undefined && view.device(clinicDevice.peerId) !== undefined, 'the sponsor\'s view to have both devices')
  const nonce = await reader.nextNonce(patient.id)
  await refused(await signed(stranger, 'registerParty', { kind: 'clinic' }), 403, 'ERR_NOT_SPONSORED', /registering a clinic/)
  await refused(await signed(patient, 'grant', { notebook, clinic: other, scope: 'read', until: Date.now() + 86_400_000 }), 403, 'ERR_NOT_SPONSORED', /grants to itself only/)
  await refused(await signed(patient, 'revokeDevice', { party: patient.id, device: clinicDevice.peerId }), 403, 'ERR_NOT_SPONSORED', /\(ERR_NOT_AUTHORISED\): Device \S+ is not a device of party/)
  await refused(await signed(patient, 'revokeDevice', { party: patient.id, device: patientRelay.peerId }), 403, 'ERR_NOT_SPONSORED', /removing a relay; only a patient's own phone/)
  await refused(await signed(clinicKey, 'revokeDevice', { party: clinic, device: clinicDevice.peerId }), 403, 'ERR_NOT_SPONSORED', /registered as a clinic, not a patient/)
  await refused(await signed(stranger, 'grant', { notebook: notebookIdFor(stranger.id), clinic, scope: 'read', until: Date.now() + 86_400_000 }), 403, 'ERR_NOT_SPONSORED', /would refuse it \(ERR_NOT_REGISTERED\): \S+ is not registered/)
  await refused(await signed(patient, 'revoke', { notebook, clinic }), 403, 'ERR_NOT_SPONSORED', /\(ERR_NO_GRANT\): Clinic \S+ holds no active grant/)
  await refused(await signed(patient, 'registerParty', { kind: 'patient' }), 403, 'ERR_NOT_SPONSORED', /\(ERR_ALREADY_REGISTERED\): Party \S+ is already registered/)
  // The registration the first test published, with its nonce used up, sent again.
  await refused(await signed(patient, 'registerParty', { kind: 'patient' }, { nonce: 1 }), 403, 'ERR_NOT_SPONSORED', /used up already/)
  await refused(await signed(patient, 'grant', { notebook, clinic, scope: 'read', until: Date.now() + 86_400_000 }, { nonce: 2 }), 403, 'ERR_NOT_SPONSORED', /used up already/)
  // What the contract checks beyond the envelope: a device's proof must be for this patient.
  const device = createDeviceKey()
  const theirs = proveDevice(device, await reader.deviceBinding(stranger.id, chain.chainId))
  await refused(await signed(patient, 'approveDevice', { party: patient.id, device: theirs.device, role: 'phone', chain: chain.chainId, proof: theirs.proof }), 403, 'ERR_NOT_SPONSORED', /\(ERR_BAD_PROOF\): Device \S+ did not prove it holds its key/)
  // A nonce ahead of this node's view: a phone that read a newer block; told to come back, not refused for good.
  await refused(await signed(patient, 'grant', { notebook, clinic, scope: 'read', until: Date.now() + 86_400_000 }, { nonce: nonce + 3 }), 503, 'ERR_CHAIN_BEHIND', /Try again shortly/)
  const forged = await signed(patient, 'grant', { notebook, clinic, scope: 'read', until: Date.now() + 86_400_000 })
  await refused({ ...forged, signature: (await signed(stranger, 'registerParty', { kind: 'patient' })).signature }, 403, 'ERR_NOT_SPONSORED', /signature does not match/)
  await refused(await signed(patient, 'grant', { notebook, clinic, scope: 'read', until: Date.now() + 86_400_000 }, { contract: `Contract${'1'.repeat(44)}` }), 400, 'ERR_BAD_FIELD', /signed for another contract or chain/)
  await refused({ action: 'grant', payload: 'x'.repeat(2000), signature: 's', signer: patient.id }, 400, 'ERR_BAD_FIELD', /at most 1024/)
  await refused({ action: 'transfer', payload: '{}', signature: 's', signer: patient.id }, 400, 'ERR_BAD_FIELD', /"action" must be one of/)
  assert.is(await reader.nextNonce(patient.id), nonce, 'nothing of the patient\'s was published')
  assert.is(await reader.party(stranger.id), undefined)
})

test('the budgets turn away a flood from one patient, too many new patients and too many requests at once, spending nothing on them', async () => {
  const budget = new SponsorBudget()
  let published = 0
  const publish = async (): Promise<void> => { published++ }
  for (let i = 0; i < 10; i++) await budget.spend({ patient: 'p1', registers: false }, publish)
  await budget.spend({ patient: 'p1', registers: false }, publish).then(() => assert.unreachable('an 11th in a minute'), (err: { status: number, code: string, message: string }) => {
    assert.is(err.status, 429)
    assert.is(err.code, 'ERR_RATE_LIMITED')
    assert.match(err.message, /patient p1 sent 10 consent transactions in the last minute\. Try again in \d+ s\./)
  })
  await budget.spend({ patient: 'p2', registers: true }, publish)
  assert.is(published, 11, 'another patient is served; the refused request published nothing')
  const waiting: Array<() => void> = []
  const slow = budget.spend({ patient: 'p3', registers: false }, async () => { await new Promise<void>(resolve => { waiting.push(resolve) }) })
  const crowd = Array.from({ length: 7 }, async (_, i) => await budget.spend({ patient: `q${i}`, registers: false }, async () => { await new Promise<void>(resolve => { waiting.push(resolve) }) }))
  await budget.spend({ patient: 'p4', registers: false }, publish).then(() => assert.unreachable('a ninth at once'), (err: { code: string, message: string }) => {
    assert.is(err.code, 'ERR_RATE_LIMITED')
    assert.match(err.message, /being published through this clinic right now/)
  })
  for (const resolve of waiting) resolve()
  await Promise.all([slow, ...crowd])
})

test.run()
