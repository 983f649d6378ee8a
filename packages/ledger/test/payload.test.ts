import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { canonicalize, createDeviceKey, generateRecoveryPhrase, masterKeyFromPhrase, toBase58, notebookIdFor } from '@techo/identity'
import { iostCryptoVerify, sha3Base58 } from '@techo/iost'
import { LedgerError, MAX_PAYLOAD_CHARS, buildPayload, signConsentPayload, type ConsentPayload } from '../src/index.js'

const patient = masterKeyFromPhrase(generateRecoveryPhrase())
const clinic = masterKeyFromPhrase(generateRecoveryPhrase())
const patientDevice = createDeviceKey()
const contract = `Contract${clinic.id}`
const envelope = { contract, signer: patient.id, nonce: 1, expires: Date.now() + 60_000 }
const grant = { notebook: notebookIdFor(patient.id), clinic: clinic.id, scope: 'read' as const, until: Date.now() + 86_400_000 }
const proof = toBase58(new Uint8Array(64).fill(0xff))

function refusal (fn: () => unknown): LedgerError {
  try {
    fn()
  } catch (err) {
    assert.instance(err, LedgerError)
    return err as LedgerError
  }
  throw new Error('expected a LedgerError')
}

test('a grant payload carries exactly the envelope and the grant, and verifies the way the contract checks it', () => {
  const payload = buildPayload('grant', grant, envelope)
  assert.equal(Object.keys(payload).sort(), ['action', 'clinic', 'contract', 'expires', 'nonce', 'notebook', 'scope', 'signer', 'until'])
  assert.is(payload.action, 'grant')
  const signed = signConsentPayload(patient.seed, payload)
  assert.is(signed.payload, canonicalize(payload))
  assert.is(iostCryptoVerify('ed25519', sha3Base58(signed.payload), signed.signature, signed.signer), 1)
  // One changed character (a sponsor widening the scope) no longer verifies.
  const widened = signed.payload.replace('"read"', '"write"')
  assert.is(iostCryptoVerify('ed25519', sha3Base58(widened), signed.signature, signed.signer), 0)
})

test('a device-signed anchor names the device, and the largest valid payloads stay under the contract limit', async () => {
  const device = createDeviceKey().peerId
  // The longest notebook id: "nb" and the 44-character base58 of a 32-byte hash. The client
  // cannot know a device's patient, so it checks only the form; the contract checks the owner.
  const longestNotebook = 'nb' + toBase58(new Uint8Array(32).fill(0xff))
  assert.is(longestNotebook.length, 46)
  const payload = buildPayload('anchor', { notebook: longestNotebook, digest: patient.id, seq: Number.MAX_SAFE_INTEGER, device }, {
    ...envelope, nonce: Number.MAX_SAFE_INTEGER, expires: Number.MAX_SAFE_INTEGER
  })
  assert.is(payload.device, device)
  const longest: ConsentPayload[] = [
    payload,
    buildPayload('grant', { ...grant, scope: 'write', until: Number.MAX_SAFE_INTEGER }, envelope),
    buildPayload('approveDevice', { party: patient.id, device, role: 'practitioner', chain: Number.MAX_SAFE_INTEGER, proof }, envelope)
  ]
  for (const p of longest) assert.ok(canonicalize(p).length < MAX_PAYLOAD_CHARS, `${p.action} is ${canonicalize(p).length} characters`)
})

test('each bad field is refused before signing, with ERR_BAD_INPUT naming it', async () => {
  const cases: Array<[() => unknown, RegExp]> = [
    [() => buildPayload('grant', { ...grant, scope: 'admin' as 'read' }, envelope), /scope "admin" is not one of "read", "write"/],
    [() => buildPayload('grant', { ...grant, notebook: 'nb-with-dash' }, envelope), /notebook id "nb-with-dash" is not a notebook id/],
    // The old 20-byte form of a notebook id is no notebook id any more, even where only the form is checked.
    [() => buildPayload('anchor', { notebook: 'nb' + toBase58(new Uint8Array(20).fill(7)), digest: patient.id, seq: 1, device: patientDevice.peerId }, envelope), /is not a notebook id/],
    [() => buildPayload('grant', { ...grant, until: Date.now() - 1000 }, envelope), /already in the past/],
    [() => buildPayload('grant', { ...grant, clinic: 'not-a-key' }, envelope), /clinic "not-a-key" is not a party id/],
    [() => buildPayload('grant', { ...grant, note: 'flu' } as typeof grant, envelope), /no field "note"/],
    [() => buildPayload('grant', grant, { ...envelope, contract: 'techo_consent' }), /not a contract id/],
    [() => buildPayload('grant', grant, { ...envelope, nonce: 0 }), /nonce 0 is not a positive whole number/],
    [() => buildPayload('approveDevice', { party: clinic.id, device: 'QmNotAnEd25519PeerId', role: 'practitioner', chain: 1020, proof }, envelope), /device is not usable/],
    [() => buildPayload('approveDevice', { party: clinic.id, device: patientDevice.peerId, role: 'doctor' as 'relay', chain: 1020, proof }, envelope), /role "doctor"/],
    [() => buildPayload('approveDevice', { party: clinic.id, device: patientDevice.peerId, role: 'relay', chain: 1020, proof: 'abc' }, envelope), /proof of possession "abc" is not base58 of a 64-byte signature/],
    [() => buildPayload('anchor', { notebook: grant.notebook, digest: 'abc', seq: 1 }, envelope), /digest "abc" is not base58 of a 32-byte hash/]
  ]
  for (const [fn, message] of cases) {
    const err = refusal(fn)
    assert.is(err.code, 'ERR_BAD_INPUT')
    assert.match(err.message, message)
  }
})

test('a grant, revoke or master-key anchor on a notebook that is not the signer\'s own is refused before signing', () => {
  const others = notebookIdFor(clinic.id)
  const cases: Array<() => unknown> = [
    () => buildPayload('grant', { ...grant, notebook: others }, envelope),
    () => buildPayload('revoke', { notebook: others, clinic: clinic.id }, envelope),
    () => buildPayload('anchor', { notebook: others, digest: patient.id, seq: 1 }, envelope)
  ]
  for (const fn of cases) {
    const err = refusal(fn)
    assert.is(err.code, 'ERR_BAD_INPUT')
    assert.match(err.message, `${others} is not the notebook of ${patient.id}`)
  }
  assert.is(buildPayload('revoke', { notebook: grant.notebook, clinic: clinic.id }, envelope).notebook, grant.notebook)
})

test('signing with a key that is not the payload\'s signer is refused', () => {
  const err = refusal(() => signConsentPayload(clinic.seed, buildPayload('grant', grant, envelope)))
  assert.is(err.code, 'ERR_BAD_INPUT')
  assert.match(err.message, patient.id)
})

test.run()
