import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { randomBytes } from 'node:crypto'
import {
  IdentityError, generateRecoveryPhrase, masterKeyFromPhrase, unwrapKey, wrapKey, wrappingKeyPair, wrappingPublicKeyFor
} from '../src/index.js'

const patient = masterKeyFromPhrase(generateRecoveryPhrase())
const clinic = masterKeyFromPhrase(generateRecoveryPhrase())

function unwrapError (secretKey: Uint8Array, wrapped: Uint8Array): IdentityError {
  try {
    unwrapKey(secretKey, wrapped)
  } catch (err) {
    assert.instance(err, IdentityError)
    return err as IdentityError
  }
  throw new Error('expected unwrapKey to refuse')
}

test('a key wrapped for a party unwraps with that party\'s seed-derived secret', () => {
  const notebookKey = Uint8Array.from(randomBytes(32))
  const { publicKey, secretKey } = wrappingKeyPair(clinic.seed)
  const wrapped = wrapKey(publicKey, notebookKey)
  assert.is(wrapped[0], 1)
  assert.equal(unwrapKey(secretKey, wrapped), notebookKey)
})

test('the wrapping key pair is deterministic and its public half follows from the party id alone', () => {
  assert.equal(wrappingKeyPair(clinic.seed), wrappingKeyPair(clinic.seed))
  assert.equal(wrappingPublicKeyFor(clinic.publicKey), wrappingKeyPair(clinic.seed).publicKey)
  assert.not.equal(wrappingKeyPair(patient.seed).publicKey, wrappingKeyPair(clinic.seed).publicKey)
})

test('wrapping the same key twice gives different bytes (a fresh ephemeral key each time)', () => {
  const key = Uint8Array.from(randomBytes(32))
  const pub = wrappingPublicKeyFor(clinic.publicKey)
  assert.not.equal(wrapKey(pub, key), wrapKey(pub, key))
})

test('only the recipient can unwrap', () => {
  const wrapped = wrapKey(wrappingPublicKeyFor(clinic.publicKey), Uint8Array.from(randomBytes(32)))
  const err = unwrapError(wrappingKeyPair(patient.seed).secretKey, wrapped)
  assert.is(err.code, 'ERR_UNWRAP_FAILED')
  assert.match(err.message, 'wrapped for a different key')
})

test('any altered byte (ephemeral key, ciphertext or tag) makes unwrapping fail', () => {
  const { publicKey, secretKey } = wrappingKeyPair(clinic.seed)
  const wrapped = wrapKey(publicKey, Uint8Array.from(randomBytes(32)))
  for (let i = 1; i < wrapped.length; i++) {
    const bad = Uint8Array.from(wrapped)
    bad[i] = (bad[i] as number) ^ 0x01
    assert.is(unwrapError(secretKey, bad).code, 'ERR_UNWRAP_FAILED', `byte ${i}`)
  }
})

test('an unknown version or truncated bytes are named', () => {
  const { publicKey, secretKey } = wrappingKeyPair(clinic.seed)
  const wrapped = wrapKey(publicKey, Uint8Array.from(randomBytes(32)))
  const v2 = Uint8Array.from(wrapped)
  v2[0] = 2
  assert.match(unwrapError(secretKey, v2).message, 'format version 2')
  for (const cut of [0, 1, 33, 49, wrapped.length - 1]) {
    assert.is(unwrapError(secretKey, wrapped.subarray(0, cut)).code, 'ERR_UNWRAP_FAILED', `cut at ${cut}`)
  }
})

test('bad inputs to wrapKey are refused before anything is produced', () => {
  const pub = wrappingPublicKeyFor(clinic.publicKey)
  assert.throws(() => wrapKey(pub, new Uint8Array(0)), (err: IdentityError) => err.code === 'ERR_BAD_KEY')
  assert.throws(() => wrapKey(new Uint8Array(31), new Uint8Array(32)), (err: IdentityError) => err.code === 'ERR_BAD_PUBLIC_KEY')
  // u = 0 is a small-order point: the shared secret would be all zeros.
  assert.throws(() => wrapKey(new Uint8Array(32), new Uint8Array(32)), (err: IdentityError) => err.code === 'ERR_BAD_PUBLIC_KEY')
  assert.throws(() => wrappingPublicKeyFor(new Uint8Array(32).fill(0xff)), (err: IdentityError) => err.code === 'ERR_BAD_PUBLIC_KEY')
  assert.throws(() => wrappingKeyPair(new Uint8Array(16)), (err: IdentityError) => err.code === 'ERR_BAD_SEED')
})

test.run()
