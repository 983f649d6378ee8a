// Attacks on consent, each sent to a real dev chain and refused by the contract itself (the
// payloads go out through `submit`, which publishes whatever it is given, as a hostile
// sponsor would). Each refusal must be a clear LedgerError and must leave the state and the
// signer's nonce as they were.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createDeviceKey, signPayload, toBase58, notebookIdFor } from '@techo/identity'
import { proveDevice, type ConsentPayload, type LedgerError } from '../src/index.js'
import { ChainNodes } from '../src/nodes.js'
import { Publisher } from '../src/publisher.js'
import { newParty, refusal, startConsentChain } from './contract-fixture.js'

const net = await startConsentChain()
const { ledger } = net
const clinic = newParty()
const patient = newParty()
const attacker = newParty()
const notebook = notebookIdFor(patient.id)
const until = Date.now() + 30 * 86_400_000
await ledger.registerParty(clinic.seed, 'clinic')
await ledger.registerParty(patient.seed, 'patient')
await ledger.registerParty(attacker.seed, 'clinic')

const grantFields = { clinic: clinic.id, notebook, scope: 'read' as const, until }

/** What a refused attempt must leave as it was: the grant and the patient's next nonce. */
async function stateNow (): Promise<unknown> {
  return { grant: await ledger.grant(notebook, clinic.id), nonce: await ledger.nextNonce(patient.id) }
}

test('a forged signature (the attacker signs a payload naming the patient) is refused', async () => {
  const before = await stateNow()
  const payload = await ledger.prepare('grant', patient.id, grantFields)
  const forged = signPayload(attacker.seed, payload)
  const err = await refusal(ledger.submit('grant', forged))
  assert.is(err.code, 'ERR_BAD_SIGNATURE')
  assert.match(err.message, /signature does not match/)
  assert.ok(err.txHash !== undefined)
  assert.equal(await stateNow(), before)
})

test('a sponsor altering a signed payload (read widened to write) is refused', async () => {
  const before = await stateNow()
  const payload = await ledger.prepare('grant', patient.id, grantFields)
  const signed = signPayload(patient.seed, payload)
  const altered = { ...signed, payload: signed.payload.replace('"scope":"read"', '"scope":"write"') }
  assert.is.not(altered.payload, signed.payload)
  const err = await refusal(ledger.submit('grant', altered))
  assert.is(err.code, 'ERR_BAD_SIGNATURE')
  assert.equal(await stateNow(), before)
})

test('a replayed payload (same nonce) is refused the second time', async () => {
  const payload = await ledger.prepare('grant', patient.id, grantFields)
  const signed = signPayload(patient.seed, payload)
  await ledger.submit('grant', signed)
  const err = await refusal(ledger.submit('grant', signed))
  assert.is(err.code, 'ERR_STALE_NONCE')
  assert.match(err.message, `nonce is ${payload.nonce} but the signer's next nonce is ${payload.nonce + 1}`)
  await ledger.revoke(patient.seed, { clinic: clinic.id, notebook })
})

test('an expired payload is refused', async () => {
  const payload = await ledger.prepare('revoke', patient.id, { clinic: clinic.id, notebook })
  const signed = signPayload(patient.seed, { ...payload, expires: Date.now() - 1000 })
  const err = await refusal(ledger.submit('revoke', signed))
  assert.is(err.code, 'ERR_EXPIRED')
  assert.is(await ledger.nextNonce(patient.id), payload.nonce)
})

test('a payload for another contract, or for another action, is refused', async () => {
  const before = await stateNow()
  const payload = await ledger.prepare('grant', patient.id, grantFields)
  const elsewhere = await refusal(ledger.submit('grant', signPayload(patient.seed, { ...payload, contract: `Contract${attacker.id}` })))
  assert.is(elsewhere.code, 'ERR_BAD_PAYLOAD')
  assert.match(elsewhere.message, /another contract or chain/)
  const misrouted = await refusal(ledger.submit('revoke', signPayload(patient.seed, payload)))
  assert.is(misrouted.code, 'ERR_BAD_PAYLOAD')
  assert.match(misrouted.message, /signed for the action "grant", not "revoke"/)
  assert.equal(await stateNow(), before)
})

test('a grant to an unregistered clinic is refused', async () => {
  const stranger = newParty()
  const err = await refusal(ledger.grant(patient.seed, { ...grantFields, clinic: stranger.id }))
  assert.is(err.code, 'ERR_NOT_REGISTERED')
  assert.match(err.message, `Clinic ${stranger.id} is not registered`)
  assert.equal(await ledger.grantsForClinic(stranger.id), [])
})

test('a grant to a party registered as a patient is refused', async () => {
  const other = newParty()
  await ledger.registerParty(other.seed, 'patient')
  const err = await refusal(ledger.grant(patient.seed, { ...grantFields, clinic: other.id }))
  assert.is(err.code, 'ERR_NOT_REGISTERED')
  assert.match(err.message, 'registered as a patient, not a clinic')
})

test('a device approval not signed by its party\'s master key is refused', async () => {
  const practitionerKey = createDeviceKey()
  const practitioner = practitionerKey.peerId
  await ledger.approveDevice(clinic.seed, practitionerKey, 'practitioner')
  // The rogue device proves possession for the clinic, so only who signs the approval is wrong.
  const rogueKey = createDeviceKey()
  const rogue = rogueKey.peerId
  const binding = await ledger.deviceBinding(clinic.id)
  const fields = { party: clinic.id, device: rogue, role: 'relay' as const, chain: binding.chain, proof: proveDevice(rogueKey, binding).proof }

  // The clinic's own approved device signs an approval in the clinic's name.
  const deviceSeed = practitionerKey.raw.subarray(0, 32)
  const deviceSigner = toBase58(practitionerKey.publicKey)
  const byDevice = await ledger.prepare('approveDevice', deviceSigner, fields)
  const err = await refusal(ledger.submit('approveDevice', signPayload(deviceSeed, byDevice)))
  assert.is(err.code, 'ERR_NOT_AUTHORISED')
  assert.match(err.message, /must be signed by its party's master key/)

  // Another registered clinic signs an approval in the clinic's name.
  const byOther = await ledger.prepare('approveDevice', attacker.id, fields)
  assert.is((await refusal(ledger.submit('approveDevice', signPayload(attacker.seed, byOther)))).code, 'ERR_NOT_AUTHORISED')

  // Another clinic approves the clinic's existing device for itself (even with the device's own
  // proof for it), or revokes it.
  assert.is((await refusal(ledger.approveDevice(attacker.seed, practitionerKey, 'relay'))).code, 'ERR_NOT_AUTHORISED')
  assert.is((await refusal(ledger.revokeDevice(attacker.seed, practitioner))).code, 'ERR_NOT_AUTHORISED')

  assert.is(await ledger.device(rogue), undefined)
  assert.equal(await ledger.device(practitioner).then(d => [d?.party, d?.role, d?.active]), [clinic.id, 'practitioner', true])
})

test('an oversized payload is refused before anything else is looked at', async () => {
  const before = await stateNow()
  const payload = await ledger.prepare('grant', patient.id, grantFields)
  const padded = signPayload(patient.seed, { ...payload, memo: 'x'.repeat(1100) })
  const err = await refusal(ledger.submit('grant', padded))
  assert.is(err.code, 'ERR_PAYLOAD_TOO_LARGE')
  assert.match(err.message, /the limit is 1024/)
  assert.equal(await stateNow(), before)
})

test('a payload with a field the contract does not know is refused', async () => {
  const before = await stateNow()
  const payload = await ledger.prepare('grant', patient.id, grantFields)
  const err = await refusal(ledger.submit('grant', signPayload(patient.seed, { ...payload, diagnosis: 'asthma' })))
  assert.is(err.code, 'ERR_BAD_PAYLOAD')
  assert.match(err.message, 'unknown field "diagnosis"')
  assert.equal(await stateNow(), before)
})

test('a patient cannot grant, revoke or anchor another patient\'s notebook, before or after its owner first uses it', async () => {
  const owner = newParty()
  const squatter = newParty()
  const squatterPhone = createDeviceKey()
  await ledger.registerParty(owner.seed, 'patient')
  await ledger.registerParty(squatter.seed, 'patient')
  await ledger.approveDevice(squatter.seed, squatterPhone, 'phone')
  const victim = notebookIdFor(owner.id)
  const digest = toBase58(crypto.getRandomValues(new Uint8Array(32)))
  const victimState = async (): Promise<unknown> => ({
    grants: await ledger.grants(victim), anchor: await ledger.lastAnchor(victim), squatterNonce: await ledger.nextNonce(squatter.id)
  })
  // The squatter signs a payload for its own notebook, then swaps in the victim's id, as a client
  // that skips the ledger's own checks would: only the contract stands in the way.
  const squat = async (action: 'grant' | 'revoke' | 'anchor', own: ConsentPayload): Promise<LedgerError> =>
    await refusal(ledger.submit(action, signPayload(squatter.seed, { ...own, notebook: victim })))
  const refusedAsNotOwner = (err: LedgerError): void => {
    assert.is(err.code, 'ERR_NOT_AUTHORISED')
    assert.match(err.message, `Notebook ${victim} is not the notebook of patient ${squatter.id}`)
  }
  const ownNotebook = notebookIdFor(squatter.id)

  // Before the owner has ever granted or anchored: nothing to claim, nothing taken.
  const before = await victimState()
  assert.equal(before, { grants: [], anchor: undefined, squatterNonce: 3 })
  const early = await refusal(ledger.grant(squatter.seed, { ...grantFields, notebook: victim, scope: 'write' }))
  assert.is(early.code, 'ERR_BAD_INPUT', 'the client refuses before signing')
  assert.match(early.message, `${victim} is not the notebook of ${squatter.id}`)
  refusedAsNotOwner(await squat('grant', await ledger.prepare('grant', squatter.id, { ...grantFields, notebook: ownNotebook, scope: 'write' })))
  refusedAsNotOwner(await squat('anchor', await ledger.prepare('anchor', squatter.id, { notebook: ownNotebook, digest, seq: 1 })))
  // The squatter's own approved device stands for the squatter, not for the victim.
  refusedAsNotOwner(await refusal(ledger.anchor(squatterPhone, { notebook: victim, digest, seq: 1 })))
  assert.equal(await victimState(), before)

  // The owner's first grant still succeeds, and the squatter cannot revoke it.
  const granted = await ledger.grant(owner.seed, { ...grantFields, notebook: victim })
  assert.is(granted.event.patient, owner.id)
  refusedAsNotOwner(await squat('revoke', await ledger.prepare('revoke', squatter.id, { clinic: clinic.id, notebook: ownNotebook })))
  const grant = await ledger.grant(victim, clinic.id)
  assert.equal([grant?.patient, grant?.scope, grant?.active], [owner.id, 'read', true])

  // Nor did any squatter anchor take a sequence number: the owner's first anchor is seq 1.
  const anchored = await ledger.anchor(owner.seed, { notebook: victim, digest, seq: 1 })
  assert.equal(await ledger.lastAnchor(victim), { digest, seq: 1, by: owner.id, at: anchored.event.at })
  assert.is(await ledger.nextNonce(squatter.id), 3, 'no refused payload used up a squatter nonce')
})

test('another contract cannot call the consent contract for a party, even with the party\'s own signed payload', async () => {
  const before = await stateNow()
  // A wrapper that relays what it is given: its receipts would sit in a block without the call
  // that carries the signed payload, so the contract refuses every call that is not a transaction's own.
  const code = `class Relay { init () {} relay (payload, signature) { return blockchain.call('${net.contractId}', 'grant', [payload, signature]) } }\nmodule.exports = Relay`
  const abi = { lang: 'javascript', version: '1.0.0', abi: [{ name: 'relay', args: ['string', 'string'], amountLimit: [] }] }
  const publisher = new Publisher(new ChainNodes(net.chain.url), net.sponsor, { chainId: net.chain.chainId, gasRatio: 1, gasLimit: 4_000_000, expirationSeconds: 90, timeoutMs: 30_000, pollMs: 20 })
  const { txHash } = await publisher.publish([{ contract: 'system.iost', action: 'setCode', args: [JSON.stringify({ ID: '', info: abi, code })] }])
  const signed = signPayload(patient.seed, await ledger.prepare('grant', patient.id, grantFields))
  const err = await refusal(publisher.publish([{ contract: `Contract${txHash}`, action: 'relay', args: [signed.payload, signed.signature] }]))
  assert.is(err.code, 'ERR_NOT_AUTHORISED')
  assert.match(err.message, 'takes calls from transactions only, not from other contracts')
  assert.equal(await stateNow(), before)
})

test.after(async () => { await net.close() })

test.run()
