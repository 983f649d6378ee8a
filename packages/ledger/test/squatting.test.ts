// Device squatting: anyone can register a party for free and knows the PeerId of every device that
// dialled its relay. Approving that PeerId first used to lock the device's owner out for good. Now
// an approval carries the device's own signature over (party, chain, contract, device), which the
// contract checks: without the device's key no party can approve it, a proof made for one party
// does not serve another, nor another deployment; the owner's approval still goes through.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createDeviceKey, signPayload, toBase58 } from '@techo/identity'
import { LedgerView, deviceApprovalCode, parseDeviceApprovalCode, proveDevice, CONSENT_CONTRACT_NAME } from '../src/index.js'
import { newParty, refusal, startConsentChain } from './contract-fixture.js'

const net = await startConsentChain()
const { ledger } = net
const owner = newParty()
const squatter = newParty()
const phone = createDeviceKey()
await ledger.registerParty(owner.seed, 'patient')
await ledger.registerParty(squatter.seed, 'patient')

/** The squatter's approval of the owner's phone with this proof, published as a hostile sponsor would: only the contract judges it. */
async function squat (proof: string): Promise<string> {
  const payload = await ledger.prepare('approveDevice', squatter.id, { party: squatter.id, device: phone.peerId, role: 'phone', chain: net.chain.chainId, proof })
  return (await refusal(ledger.submit('approveDevice', signPayload(squatter.seed, payload)))).code
}

test('without the device\'s key, no party can approve it; the owner\'s approval then goes through', async () => {
  const nonceBefore = await ledger.nextNonce(squatter.id)
  // A proof signed by the squatter's own key, or a made-up one.
  const forged = { device: phone.peerId, proof: toBase58(createDeviceKey().sign(new Uint8Array(32))) }
  assert.is((await refusal(ledger.approveDevice(squatter.seed, forged, 'phone'))).code, 'ERR_BAD_PROOF', 'the client refuses before paying')
  assert.is(await squat(forged.proof), 'ERR_BAD_PROOF')
  // The device's genuine proof, but made for its owner: it does not serve the squatter.
  const ownersProof = proveDevice(phone, await ledger.deviceBinding(owner.id))
  assert.is(await squat(ownersProof.proof), 'ERR_BAD_PROOF')
  // A proof for the squatter from another deployment of the contract, or made for another chain id
  // than the approval states (a contract cannot read its chain id, but its own id commits to it).
  const elsewhere = proveDevice(phone, { ...await ledger.deviceBinding(squatter.id), contract: `Contract${owner.id}` })
  assert.is(await squat(elsewhere.proof), 'ERR_BAD_PROOF')
  const otherChain = proveDevice(phone, { ...await ledger.deviceBinding(squatter.id), chain: 1024 })
  assert.is(await squat(otherChain.proof), 'ERR_BAD_PROOF')
  // The old form of approval, with no proof at all.
  const { chain, proof, ...noProof } = await ledger.prepare('approveDevice', squatter.id, { party: squatter.id, device: phone.peerId, role: 'phone', chain: 1, proof: forged.proof })
  assert.is((await refusal(ledger.submit('approveDevice', signPayload(squatter.seed, noProof)))).code, 'ERR_BAD_PAYLOAD')

  assert.is(await ledger.device(phone.peerId), undefined, 'the phone is nobody\'s yet')
  assert.is(await ledger.nextNonce(squatter.id), nonceBefore, 'no refused approval used a nonce')
  const approved = await ledger.approveDevice(owner.seed, ownersProof, 'phone')
  assert.is(approved.event.party, owner.id)
  assert.equal(await ledger.device(phone.peerId).then(d => [d?.party, d?.active]), [owner.id, true])

  const view = new LedgerView({ url: net.chain.url, contract: CONSENT_CONTRACT_NAME, pollMs: 20 })
  await view.start()
  assert.is(view.device(phone.peerId)?.party, owner.id)
  await view.stop()
})

test('an approval code carries the proof: <PeerId>.<signature>; a bare PeerId is not one, and says what to do', async () => {
  const proof = proveDevice(phone, await ledger.deviceBinding(owner.id))
  assert.equal(parseDeviceApprovalCode(deviceApprovalCode(proof)), proof)
  assert.throws(() => parseDeviceApprovalCode(phone.peerId), /must prove it holds its key: run `techo device code` on that device/)
  assert.throws(() => parseDeviceApprovalCode('not-a-code'), /is not a device approval code/)
})

test.after(async () => { await net.close() })

test.run()
