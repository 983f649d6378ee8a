// How a transaction JSON text is read: as the node's protobuf-JSON decoder reads a `/sendTx`
// body, so that what is hashed and checked here is what the node would hash and check.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { encodeTransaction, hashTransaction, IostTxError, parseTransaction, verifyTransaction } from '../src/index.js'

const TIME = '1700000000123456789'
const EXPIRATION = '1700000090123456789'

// An RPC-spelled transaction with each field's JSON text replaceable, and fields removable.
function txJson (overrides: Record<string, string> = {}, drop: string[] = []): string {
  const fields: Record<string, string> = {
    time: TIME,
    expiration: EXPIRATION,
    gas_ratio: '1',
    gas_limit: '100000',
    delay: '0',
    chain_id: '1020',
    actions: '[{"contract":"techo_consent","action_name":"grant","data":"[\\"clinicA\\",\\"read\\"]"}]',
    amount_limit: '[]',
    signers: '[]',
    signatures: '[]',
    publisher: '"admin"',
    publisher_sigs: '[{"algorithm":"ED25519","public_key":"mQKrdfuo9liGYUWQDdj2zCCrVciaAMt7uQ/CIeH4Bo4=","signature":"' + 'A'.repeat(86) + '=="}]',
    ...overrides
  }
  return '{' + Object.entries(fields).filter(([k]) => !drop.includes(k)).map(([k, v]) => `"${k}":${v}`).join(',') + '}'
}

function refused (json: string, mention: RegExp): void {
  try {
    parseTransaction(json)
  } catch (e) {
    assert.instance(e, IostTxError)
    assert.is((e as IostTxError).code, 'ERR_BAD_TX_JSON')
    assert.match((e as Error).message, mention)
    return
  }
  assert.unreachable(`accepted ${json.slice(0, 80)}`)
}

test('time and expiration are the exact int64 digits, which JSON.parse would round', () => {
  const json = txJson()
  const tx = parseTransaction(json)
  assert.is(tx.time, BigInt(TIME))
  assert.is(tx.expiration, BigInt(EXPIRATION))
  assert.is.not(BigInt((JSON.parse(json) as { time: number }).time), tx.time)
})

test('quoted numbers and integral exponent forms read as the same integers', () => {
  const plain = hashTransaction(txJson())
  const spelled = txJson({ time: `"${TIME}"`, delay: '"0"', chain_id: '1.020e3', gas_limit: '"100000"', expiration: '17000000901234567890e-1' })
  assert.equal(hashTransaction(spelled), plain)
})

test('non-integral and out-of-range integers are refused, naming the field', () => {
  refused(txJson({ time: '1.5' }), /time/)
  refused(txJson({ time: '"1e"' }), /time/)
  refused(txJson({ delay: '9223372036854775808' }), /delay/)
  refused(txJson({ chain_id: '4294967296' }), /chain_id/)
  refused(txJson({ chain_id: '-1' }), /chain_id/)
  refused(txJson({ gas_ratio: '1e400' }), /gas_ratio/)
  assert.is(parseTransaction(txJson({ delay: '9223372036854775807' })).delay, 2n ** 63n - 1n)
})

test('SDK and RPC spellings mix freely, but one field given twice is refused', () => {
  const mixed = txJson({ gasLimit: '100000', chainId: '1020', publisherSigs: '[]' }, ['gas_limit', 'chain_id', 'publisher_sigs'])
  assert.equal(hashTransaction(mixed), hashTransaction(txJson({ publisher_sigs: '[]' })))
  refused(txJson({ gasRatio: '2' }), /gasRatio|gas_ratio/)
})

test('unknown fields are ignored and null leaves a field unset', () => {
  const json = txJson({ reserved: 'null', note: '{"deep":[1,{"x":null}]}', amount_limit: 'null' })
  assert.equal(hashTransaction(json), hashTransaction(txJson()))
  assert.is(parseTransaction(txJson({ publisher: 'null' })).publisher, '')
})

test('malformed JSON is refused with its position, and nothing but an object is a transaction', () => {
  refused(txJson().replace('"signers":[]', '"signers":[,]'), /position \d+/)
  refused(txJson() + ' x', /position/)
  refused('[1,2]', /must be a JSON object/)
  refused(txJson({ signers: '[null]' }), /signers\[0\]/)
  refused(txJson({ publisher: '7' }), /publisher/)
})

test('unpaired surrogates are refused; paired ones are encoded as one UTF-8 character', () => {
  const data = (text: string): string => `[{"contract":"c","action_name":"a","data":"${text}"}]`
  refused(txJson({ actions: data('\\ud800') }), /surrogate/)
  refused(txJson({ actions: data('\\udc00\\ud800') }), /surrogate/)
  const tx = parseTransaction(txJson({ actions: data('\\ud83d\\ude91') }))
  assert.is(tx.actions[0]?.data, '🚑')
  const bytes = Buffer.from(encodeTransaction(tx).base).toString('hex')
  assert.ok(bytes.includes('00000004f09f9a91'), 'the data string is written as 4 UTF-8 bytes')
})

test('deeply nested unknown values are read without exhausting the stack', () => {
  const depth = 200_000
  const json = txJson({ deep: '['.repeat(depth) + ']'.repeat(depth) })
  assert.is(parseTransaction(json).publisher, 'admin')
})

test('signature bytes read the same in either base64 alphabet, padded or not; other text is refused', () => {
  const bytes = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37 + 250) & 0xff))
  const sig = (text: string): string => `[{"algorithm":2,"public_key":"","signature":"${text}"}]`
  const std = bytes.toString('base64')
  const read = (text: string): string => Buffer.from(parseTransaction(txJson({ publisher_sigs: sig(text) })).publisherSigs[0]?.signature ?? []).toString('hex')
  assert.is(read(std), bytes.toString('hex'))
  assert.is(read(bytes.toString('base64url')), bytes.toString('hex'))
  assert.is(read(std.replace(/=+$/, '')), bytes.toString('hex'))
  refused(txJson({ publisher_sigs: sig('not base64!') }), /publisher_sigs\[0\]\.signature/)
  refused(txJson({ publisher_sigs: sig(std.slice(0, -4) + 'A===') }), /signature/)
})

test('a gas ratio that is not a number reaches the check as the node\'s integer and is refused there', () => {
  const tx = parseTransaction(txJson({ gas_ratio: '"NaN"' }))
  assert.is(tx.internalGasRatio, -(2n ** 63n))
  assert.equal(verifyTransaction(tx, { chainId: 1020 }), { ok: false, reason: 'gas ratio illegal, should in [1, 100]' })
})

test('an oversized transaction is refused with its encoded size', () => {
  const data = JSON.stringify(JSON.stringify(['x'.repeat(70_000)]))
  const json = txJson({ actions: `[{"contract":"c","action_name":"a","data":${data}}]` })
  const size = encodeTransaction(json).full.length
  assert.ok(size > 65536)
  assert.equal(verifyTransaction(json, { chainId: 1020 }), { ok: false, reason: `tx size illegal, should <= 65536, got ${size}` })
})

test.run()
