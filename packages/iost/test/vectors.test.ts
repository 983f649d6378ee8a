// Runs every case of IOST's golden vectors (computed by go-iost v3.10.1's own code) through the
// project's implementation of IOST's rules. Generic over the schema in fixtures/iost/README.md:
// no case is special-cased, and TECHO_IOST_VECTORS points it at another file of that schema.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import {
  base58Decode, checkBadTx, encodedLength, encodeTransaction, hashTransaction, iostCryptoVerify,
  isValidStorageKey, parseTransaction, sha3Base58, verifyTransaction
} from '../src/index.js'

interface TxCase {
  id: string
  nodeChainId: number
  sdkJson: string
  rpcJson: string
  expected: {
    verifySelf: boolean
    verifySelfError: string | null
    checkBadTxError: string | null
    hash: string
    baseHash: string
    publishHash: string
    time: string
    expiration: string
    internalGasRatio: number
    internalGasLimit: number
    fullBytesLength: number
    baseBytesHex: string | null
    publishBytesHex: string | null
    fullBytesHex: string | null
  }
}
type CryptoCase =
  | { id: string; op: 'sha3'; message: string; expected: string }
  | { id: string; op: 'verify'; algo: string; message: string; signature: string; publicKey: string; decodedLengths?: { message: number; signature: number; publicKey: number }; expected: 0 | 1 }
interface KeyCase { id: string; key: string; expected: { valid: boolean; error: string | null } }

const path = process.env.TECHO_IOST_VECTORS ?? fileURLToPath(new URL('../../../fixtures/iost/vectors.json', import.meta.url))
const vectors = JSON.parse(readFileSync(path, 'utf8')) as { tx: TxCase[]; crypto: CryptoCase[]; storageKeys: KeyCase[] }
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex')

test('the vectors file has cases in every section, each with a unique id', () => {
  for (const section of ['tx', 'crypto', 'storageKeys'] as const) {
    assert.ok(Array.isArray(vectors[section]) && vectors[section].length > 0, `${path} has no ${section} cases`)
  }
  const ids = [...vectors.tx, ...vectors.crypto, ...vectors.storageKeys].map(c => c.id)
  assert.is(new Set(ids).size, ids.length, 'case ids are not unique')
})

for (const c of vectors.tx) {
  for (const spelling of ['sdkJson', 'rpcJson'] as const) {
    test(`tx ${c.id} (${spelling}): encoding, hashes, times, gas and verdicts match the node`, () => {
      const json = c[spelling]
      const e = c.expected
      const parsed = parseTransaction(json)
      assert.is(parsed.time.toString(), e.time, 'time')
      assert.is(parsed.expiration.toString(), e.expiration, 'expiration')
      assert.is(parsed.internalGasRatio, BigInt(e.internalGasRatio), 'internal gas ratio')
      assert.is(parsed.internalGasLimit, BigInt(e.internalGasLimit), 'internal gas limit')

      const encoded = encodeTransaction(json)
      assert.is(encoded.full.length, e.fullBytesLength, 'full encoding length')
      assert.is(encodedLength(json), e.fullBytesLength, 'full encoding length, counted without encoding')
      if (e.baseBytesHex !== null) assert.is(hex(encoded.base), e.baseBytesHex, 'base encoding')
      if (e.publishBytesHex !== null) assert.is(hex(encoded.publish), e.publishBytesHex, 'publish encoding')
      if (e.fullBytesHex !== null) assert.is(hex(encoded.full), e.fullBytesHex, 'full encoding')

      assert.equal(hashTransaction(json), { hash: e.hash, baseHash: e.baseHash, publishHash: e.publishHash })

      const verdict = verifyTransaction(json, { chainId: c.nodeChainId })
      assert.equal(verdict, e.verifySelf ? { ok: true } : { ok: false, reason: e.verifySelfError })
      assert.is(checkBadTx(json), e.checkBadTxError, 'checkBadTx')
    })
  }
}

for (const c of vectors.crypto) {
  test(`crypto ${c.id}: IOSTCrypto.${c.op} returns what the node returns`, () => {
    if (c.op === 'sha3') {
      assert.is(sha3Base58(c.message), c.expected)
      return
    }
    if (c.decodedLengths !== undefined) {
      assert.equal({
        message: base58Decode(c.message).length,
        signature: base58Decode(c.signature).length,
        publicKey: base58Decode(c.publicKey).length
      }, c.decodedLengths, 'decoded lengths')
    }
    assert.is(iostCryptoVerify(c.algo, c.message, c.signature, c.publicKey), c.expected)
  })
}

for (const c of vectors.storageKeys) {
  test(`storage key ${c.id}: accepted or refused with the node's text`, () => {
    const verdict = isValidStorageKey(c.key)
    assert.equal(verdict, c.expected.valid ? { valid: true } : { valid: false, error: c.expected.error })
  })
}

test.run()
