// Go's json.Marshal as the node uses it for an action's return values: the texts below are what
// Go 1.18 (go-iost v3's toolchain) writes, so the dev chain's receipts read as a real node's do.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { goJsonMarshal } from '../src/index.js'

test('a one-element return array of a contract\'s text is written as the isolator writes it', () => {
  assert.is(goJsonMarshal(['x']), '["x"]')
  assert.is(goJsonMarshal(['{"a":1}']), '["{\\"a\\":1}"]')
  assert.is(goJsonMarshal(['']), '[""]')
  assert.is(goJsonMarshal([]), '[]')
  assert.is(goJsonMarshal([true, 'Contract1']), '[true,"Contract1"]')
})

test('strings are HTML-safe, as Go escapes them, and unlike JSON.stringify', () => {
  assert.is(goJsonMarshal('<b> & </b>'), '"\\u003cb\\u003e \\u0026 \\u003c/b\\u003e"')
  assert.is(goJsonMarshal('line\u2028para\u2029'), '"line\\u2028para\\u2029"')
  assert.is(goJsonMarshal('\n\r\t\b\f\u0001\u001f'), '"\\n\\r\\t\\u0008\\u000c\\u0001\\u001f"')
  assert.is(goJsonMarshal('"\\/'), '"\\"\\\\/"')
  assert.is(goJsonMarshal('同意 ✓ 🚑 \u007f'), '"同意 ✓ 🚑 \u007f"')
})

test('a lone surrogate is written as U+FFFD (what its UTF-8 conversion holds); object keys are sorted', () => {
  assert.is(goJsonMarshal('a\ud800b'), '"a\ufffdb"')
  assert.is(goJsonMarshal({ b: 1, a: [null, 2.5, -0] }), '{"a":[null,2.5,-0],"b":1}')
  assert.throws(() => goJsonMarshal(Number.NaN), /unsupported value/)
})

test.run()
