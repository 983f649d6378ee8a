// Storage keys and map fields as `storage.put/mapPut/del/mapDel` accept them in an IOST contract.
import { randomBytes } from 'node:crypto'
import { masterKeyFromSeed } from '@techo/identity'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { isValidStorageKey } from '../src/index.js'

test('length is counted in UTF-8 bytes, before any character is looked at', () => {
  assert.equal(isValidStorageKey('é'.repeat(33)), { valid: false, error: 'key or field length invalid. expected [1, 64], actual 66' })
  assert.equal(isValidStorageKey('é'.repeat(32)), { valid: false, error: 'key or field has invalid char, 233' })
  assert.equal(isValidStorageKey('😀'.repeat(17)), { valid: false, error: 'key or field length invalid. expected [1, 64], actual 68' })
})

test('a bad character is named by its code point, the first one in the key', () => {
  assert.equal(isValidStorageKey('ok😀-@'), { valid: false, error: 'key or field has invalid char, 128512' })
  assert.equal(isValidStorageKey('a@b-c'), { valid: false, error: 'key or field has invalid char, 64' })
  assert.equal(isValidStorageKey('line\nbreak'), { valid: false, error: 'key or field has invalid char, 10' })
})

test('every party id (a base58 Ed25519 public key) is a valid key', () => {
  for (let i = 0; i < 50; i++) {
    const { id } = masterKeyFromSeed(randomBytes(32))
    assert.equal(isValidStorageKey(id), { valid: true }, id)
    assert.equal(isValidStorageKey(`g_${id}`), { valid: true }, 'a prefixed id still fits')
  }
})

test.run()
