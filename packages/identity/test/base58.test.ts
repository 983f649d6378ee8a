import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { IdentityError, fromBase58, toBase58 } from '../src/index.js'

test('bytes survive a base58 round trip, leading zero bytes included', () => {
  for (const bytes of [new Uint8Array(0), Uint8Array.of(0, 0, 1, 2), crypto.getRandomValues(new Uint8Array(32)), new Uint8Array(64).fill(255)]) {
    assert.equal(fromBase58(toBase58(bytes)), bytes)
  }
  assert.is(toBase58(Uint8Array.of(0, 0, 1)), '112')
})

test('base58 uses the Bitcoin alphabet (the one IOST uses)', () => {
  // "hello iost" hashed by IOST: a known value from the IOST vectors, decoded and re-encoded.
  const b58 = '7MQv4YJAj6EKw3osWZfBcoFZwx7cuspBhh8Xti5KkS14'
  assert.is(fromBase58(b58).length, 32)
  assert.is(toBase58(fromBase58(b58)), b58)
})

test('text that is not base58 names the bad character and where it is', () => {
  for (const [text, bad, at] of [['abc0def', '0', 3], ['OIl', 'O', 0], ['12 3', ' ', 2], ['ab-c', '-', 2]] as const) {
    try {
      fromBase58(text)
      assert.unreachable(`${text} should be refused`)
    } catch (err) {
      assert.instance(err, IdentityError)
      assert.is((err as IdentityError).code, 'ERR_BAD_BASE58')
      assert.match((err as Error).message, `has ${JSON.stringify(bad)} at position ${at}`)
    }
  }
})

test('a long bad input is shortened in the message', () => {
  const long = 'A'.repeat(100) + '0'
  try {
    fromBase58(long)
    assert.unreachable()
  } catch (err) {
    assert.match((err as Error).message, '(101 characters)')
    assert.ok((err as Error).message.length < 160)
  }
})

test.run()
