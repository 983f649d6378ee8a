import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { IdentityError, canonicalize } from '../src/index.js'

function refusal (value: unknown): string {
  try {
    canonicalize(value)
  } catch (err) {
    assert.instance(err, IdentityError)
    assert.is((err as IdentityError).code, 'ERR_NOT_CANONICALIZABLE')
    return (err as Error).message
  }
  throw new Error('expected canonicalize to refuse the value')
}

test('RFC 8785 §3.2.2 example: literals, number forms and string escapes', () => {
  const input = '{\n  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n' +
    '  "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",\n  "literals": [null, true, false]\n}'
  const expected = '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
    '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}'
  assert.is(canonicalize(JSON.parse(input)), expected)
})

test('RFC 8785 §3.2.3 example: keys sort by UTF-16 code units, not code points', () => {
  const input = {
    '\u20ac': 'Euro Sign',
    '\r': 'Carriage Return',
    '\ufb33': 'Hebrew Letter Dalet With Dagesh',
    1: 'One',
    '\ud83d\ude00': 'Emoji: Grinning Face',
    '\u0080': 'Control',
    '\u00f6': 'Latin Small Letter O With Diaeresis'
  }
  const expected = '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
    '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}'
  assert.is(canonicalize(input), expected)
})

test('RFC 8785 Appendix B: IEEE 754 values serialise in ES shortest form', () => {
  const cases: Array<[string, string]> = [
    ['0000000000000000', '0'], ['8000000000000000', '0'], ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'], ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'], ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'], ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'], ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'], ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'], ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'], ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'], ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'], ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'], ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2']
  ]
  for (const [hex, text] of cases) {
    const value = new DataView(Uint8Array.from(Buffer.from(hex, 'hex')).buffer).getFloat64(0)
    assert.is(canonicalize(value), text, hex)
    assert.is(canonicalize([value]), `[${text}]`)
  }
})

test('control characters use lower-case \\u escapes and other text stays as is', () => {
  assert.is(canonicalize('\u0000\u001f\u007f\b\t\n\f\r'), '"\\u0000\\u001f\u007f\\b\\t\\n\\f\\r"')
  assert.is(canonicalize('患者同意 ✓ 🚑 </script>'), '"患者同意 ✓ 🚑 </script>"')
})

test('nested objects are sorted at every level and whitespace never appears', () => {
  const value = { z: { b: [1, { d: 2, c: 3 }], a: null }, a: 'x y' }
  assert.is(canonicalize(value), '{"a":"x y","z":{"a":null,"b":[1,{"c":3,"d":2}]}}')
  assert.is(canonicalize(Object.assign(Object.create(null) as object, { b: 1, a: 2 })), '{"a":2,"b":1}')
})

test('the same data in any key order gives the same text, and the text re-canonicalises to itself', () => {
  const a = canonicalize({ nonce: 3, t: 'grant', scope: 'read', expires: 1.5e12 })
  const b = canonicalize({ expires: 1.5e12, scope: 'read', t: 'grant', nonce: 3 })
  assert.is(a, b)
  assert.is(canonicalize(JSON.parse(a)), a)
})

test('values with no JSON form are refused, naming where they are', () => {
  assert.match(refusal(NaN), 'Cannot make canonical JSON of $: NaN is not a JSON number')
  assert.match(refusal({ a: [1, Infinity] }), '$.a[1]: Infinity is not a JSON number')
  assert.match(refusal({ a: -Infinity }), '$.a: -Infinity')
  assert.match(refusal(undefined), '$: undefined has no JSON form')
  assert.match(refusal({ x: { y: undefined } }), '$.x.y: undefined')
  assert.match(refusal([undefined]), '$[0]: undefined')
  assert.match(refusal({ f: () => 1 }), '$.f: a function has no JSON form')
  assert.match(refusal({ n: 10n }), '$.n: a bigint has no JSON form')
  assert.match(refusal({ s: Symbol('s') }), '$.s: a symbol')
  assert.match(refusal({ 'a b': new Date(0) }), '$["a b"]: a Date is not a plain object')
  assert.match(refusal(new Map()), 'a Map is not a plain object')
  assert.match(refusal(new Uint8Array(2)), 'a Uint8Array is not a plain object')
  class Reading { value = 1 }
  assert.match(refusal(new Reading()), 'a Reading is not a plain object')
  assert.match(refusal([1, , 3]), '$[1]: the array has a hole here')
  assert.match(refusal({ [Symbol('k')]: 1 }), 'symbol keys have no JSON form')
})

test('a lone surrogate (text with no UTF-8 form) is refused in values and keys', () => {
  assert.match(refusal('\ud800'), 'lone UTF-16 surrogate')
  assert.match(refusal({ ['k\udc00']: 1 }), 'lone UTF-16 surrogate')
  assert.is(canonicalize('\ud83d\ude00'), '"😀"')
})

test('a cycle is refused instead of overflowing the stack, but shared references are fine', () => {
  const loop: Record<string, unknown> = { a: 1 }
  loop.self = loop
  assert.match(refusal(loop), '$.self: it refers back to itself')
  const shared = { v: 1 }
  assert.is(canonicalize({ a: shared, b: [shared] }), '{"a":{"v":1},"b":[{"v":1}]}')
})

test.run()
