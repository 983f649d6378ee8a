import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256 } from '@noble/hashes/sha2.js'
import {
  IdentityError, createKeystore, deviceKeyFromBytes, masterKeyFromPhrase, openKeystore, sealKeystore,
  type Keystore
} from '../src/index.js'

const PASS = 'correct horse battery staple'

async function failure (work: Promise<unknown>): Promise<IdentityError> {
  try {
    await work
  } catch (err) {
    assert.instance(err, IdentityError)
    return err as IdentityError
  }
  throw new Error('expected the call to be refused')
}

async function openError (sealed: Uint8Array, passphrase = PASS): Promise<IdentityError> {
  return failure(openKeystore(sealed, passphrase))
}

// Rewrites the trailing checksum, as a deliberate editor (not random corruption) would.
function resealChecksum (sealed: Uint8Array): Uint8Array {
  const out = Uint8Array.from(sealed)
  out.set(sha256(out.subarray(0, out.length - 32)), out.length - 32)
  return out
}

const { keystore: patient, phrase } = await createKeystore({ party: 'patient' })
const sealed = await sealKeystore(patient, PASS, { cost: 'test' })

test('a new patient keystore holds the master key of the phrase it shows once, a device key and a vault key', async () => {
  assert.type(phrase, 'string')
  const master = masterKeyFromPhrase(phrase as string)
  assert.is(patient.masterId, master.id)
  assert.equal(patient.masterSeed, master.seed)
  assert.is(patient.vaultKey.length, 32)
  assert.match(deviceKeyFromBytes(patient.device).peerId, /^12D3KooW/)
  assert.ok(Date.parse(patient.createdAt) <= Date.now())
})

test('restoring from the phrase gives the same party with a new device, and shows no phrase', async () => {
  const restored = await createKeystore({ party: 'patient', phrase: (phrase as string).toUpperCase() })
  assert.is(restored.phrase, undefined)
  assert.is(restored.keystore.masterId, patient.masterId)
  assert.not.equal(restored.keystore.device, patient.device)
  assert.not.equal(restored.keystore.vaultKey, patient.vaultKey)
})

test('a practitioner device keystore names its clinic but holds no master seed', async () => {
  const { keystore: clinic } = await createKeystore({ party: 'clinic' })
  const device = await createKeystore({ party: 'clinic', masterId: clinic.masterId })
  assert.is(device.phrase, undefined)
  assert.is(device.keystore.masterSeed, undefined)
  assert.is(device.keystore.masterId, clinic.masterId)
  const back = await openKeystore(await sealKeystore(device.keystore, PASS, { cost: 'test' }), PASS)
  assert.equal(back, device.keystore)
  assert.is((await failure(createKeystore({ party: 'clinic', masterId: 'not-an-id' }))).code, 'ERR_BAD_KEYSTORE')
})

test('seal then open gives back every field', async () => {
  const back = await openKeystore(sealed, PASS)
  assert.equal(back, patient)
})

test('sealed bytes written to a file and read back open again', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'techo-identity-'))
  try {
    await writeFile(join(dir, 'keystore'), sealed)
    assert.equal(await openKeystore(await readFile(join(dir, 'keystore')), PASS), patient)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

test('the passphrase is matched after Unicode normalisation (composed or decomposed accents)', async () => {
  const box = await sealKeystore(patient, 'caf\u00e9 au lait', { cost: 'test' })
  assert.equal(await openKeystore(box, 'cafe\u0301 au lait'), patient)
})

test('a wrong passphrase says so, and nothing else', async () => {
  for (const wrong of ['correct horse battery stapler', 'Correct horse battery staple', '']) {
    const err = await openError(sealed, wrong)
    assert.is(err.code, 'ERR_WRONG_PASSPHRASE', wrong)
    assert.is(err.message, 'The passphrase is wrong.')
  }
})

test('truncated sealed bytes are reported as damaged, not as a wrong passphrase', async () => {
  for (const cut of [0, 4, 8, 56, 57, 100, sealed.length - 33, sealed.length - 1]) {
    const err = await openError(sealed.subarray(0, cut))
    assert.is(err.code, 'ERR_DAMAGED_KEYSTORE', `cut at ${cut}`)
    assert.match(err.message, 'is truncated')
  }
  assert.match((await openError(sealed.subarray(0, sealed.length - 1))).message, `${sealed.length - 1} of its ${sealed.length} bytes remain`)
  assert.match((await openError(Uint8Array.of(...sealed, 0))).message, 'checksum does not match')
})

test('a flipped bit anywhere is reported as damaged, naming what is wrong', async () => {
  const regions: Array<[string, number, string | RegExp]> = [
    ['magic', 0, 'Techo keystore marker'], ['format', 8, 'checksum'], ['scrypt N', 10, 'checksum'],
    ['salt', 13, 'checksum'], ['nonce', 30, 'checksum'], ['length', 56, /checksum|truncated/],
    ['ciphertext', 60, 'checksum'], ['tag', sealed.length - 40, 'checksum'], ['checksum', sealed.length - 1, 'checksum']
  ]
  for (const [region, at, says] of regions) {
    const bad = Uint8Array.from(sealed)
    bad[at] = (bad[at] as number) ^ 0x04
    const err = await openError(bad)
    assert.is(err.code, 'ERR_DAMAGED_KEYSTORE', region)
    assert.match(err.message, says, region)
  }
})

test('a doctored header with a recomputed checksum is still refused, and quickly', async () => {
  const huge = Uint8Array.from(sealed)
  huge[10] = 30 // scrypt N = 2^30: 128 GiB of memory if it were tried
  const started = Date.now()
  assert.match((await openError(resealChecksum(huge))).message, 'outside the accepted range')
  assert.ok(Date.now() - started < 1000)
  const salted = Uint8Array.from(sealed)
  salted[20] = (salted[20] as number) ^ 1 // another salt derives another key: indistinguishable from a wrong passphrase
  assert.is((await openError(resealChecksum(salted))).code, 'ERR_WRONG_PASSPHRASE')
  const future = Uint8Array.from(sealed)
  future[8] = 2
  const err = await openError(resealChecksum(future))
  assert.is(err.code, 'ERR_UNSUPPORTED_KEYSTORE')
  assert.match(err.message, 'update Techo')
})

test('the interactive cost is written into the header and opening reads it from there', async () => {
  const box = await sealKeystore(patient, PASS)
  assert.is(box[10], 17)
  assert.is(box[11], 8)
  assert.is(box[12], 1)
  assert.is(sealed[10], 10)
  assert.equal(await openKeystore(box, PASS), patient)
})

test('sealing refuses an empty passphrase or an unsound keystore, and leaves the keystore untouched', async () => {
  const before = structuredClone(patient)
  for (const empty of ['', '   ']) {
    assert.is((await failure(sealKeystore(patient, empty, { cost: 'test' }))).code, 'ERR_WEAK_PASSPHRASE')
  }
  const { keystore: someoneElse } = await createKeystore({ party: 'patient' })
  const broken: Array<[Keystore, string]> = [
    [{ ...patient, masterSeed: someoneElse.masterSeed as Uint8Array }, 'masterSeed does not belong to its masterId'],
    [{ ...patient, vaultKey: new Uint8Array(16) }, 'vaultKey is not 32 bytes'],
    [{ ...patient, device: new Uint8Array(10) }, 'device key is not a sound Ed25519 device key'],
    [{ ...patient, party: 'doctor' } as unknown as Keystore, 'party is "doctor"'],
    [{ ...patient, createdAt: 'yesterday' }, 'createdAt is not an ISO 8601 time']
  ]
  for (const [ks, says] of broken) {
    const err = await failure(sealKeystore(ks, PASS, { cost: 'test' }))
    assert.is(err.code, 'ERR_BAD_KEYSTORE')
    assert.match(err.message, says)
  }
  assert.equal(patient, before)
})

test.run()
