// The official iost SDK (what the client uses to build and sign) and this package's rendering of
// the node's rules must agree on every byte: a freshly signed transaction hashes the same here as
// in the SDK, passes the node's self-check, and fails it once a single argument is altered.
import { randomBytes } from 'node:crypto'
import { createRequire } from 'node:module'
import { sha3_256 } from '@noble/hashes/sha3.js'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { base58Encode, hashTransaction, parseTransaction, verifyTransaction } from '../src/index.js'

// Just the parts of the untyped CommonJS SDK this test touches.
interface SdkSignature { _bytes (): Buffer }
interface SdkTx {
  time: number
  publisher: string
  publisher_sigs: SdkSignature[]
  setChainID (id: number): void
  addSigner (name: string, permission: string): void
  addAction (contract: string, action: string, data: string): void
  setTime (expirationSeconds: number, delay: number, serverTimeDiff: number): void
  addSign (kp: unknown): void
  addPublishSign (publisher: string, kp: unknown): void
  _base_hash (): Buffer
  _publish_hash (): Buffer
  _bytes (level: number): Buffer
}
interface Sdk {
  Tx: new (gasRatio: number, gasLimit: number) => SdkTx
  KeyPair: new (secret: Buffer, algorithm: number) => unknown
  Algorithm: { Ed25519: number }
}
const iost = createRequire(import.meta.url)('iost') as Sdk

const CHAIN_ID = 1020
const ARGUMENT = `grant-${randomBytes(6).toString('hex')}`

function signedBySdk (withCosigner: boolean): { tx: SdkTx; json: string } {
  const publisher = new iost.KeyPair(randomBytes(32), iost.Algorithm.Ed25519)
  const tx = new iost.Tx(1, 300000)
  tx.setChainID(CHAIN_ID)
  tx.addAction('techo_consent', 'grant', JSON.stringify([ARGUMENT, 'read', 1]))
  tx.setTime(90, 0, 0)
  if (withCosigner) {
    tx.addSigner('bob', 'active')
    tx.addSign(new iost.KeyPair(randomBytes(32), iost.Algorithm.Ed25519))
  }
  tx.addPublishSign('admin', publisher)
  return { tx, json: JSON.stringify(tx) }
}

// The Full encoding's tail after Publish, written with the SDK's own signature bytes: empty
// referred tx, the publisher name, the publisher signatures (go-iost `ToBytes(Full)`).
function fullHashFromSdk (tx: SdkTx): string {
  const int32 = (n: number): Buffer => { const b = Buffer.alloc(4); b.writeInt32BE(n); return b }
  const sized = (b: Buffer): Buffer => Buffer.concat([int32(b.length), b])
  const full = Buffer.concat([
    tx._bytes(1), int32(0), sized(Buffer.from(tx.publisher)),
    int32(tx.publisher_sigs.length), ...tx.publisher_sigs.map(s => sized(s._bytes()))
  ])
  return base58Encode(sha3_256(full))
}

test('a transaction signed by the SDK hashes here exactly as the SDK hashes it', () => {
  for (const withCosigner of [false, true]) {
    const { tx, json } = signedBySdk(withCosigner)
    assert.equal(hashTransaction(json), {
      hash: fullHashFromSdk(tx),
      baseHash: base58Encode(tx._base_hash()),
      publishHash: base58Encode(tx._publish_hash())
    })
  }
})

test('the time read from the JSON is the int64 the SDK signed, beyond float precision', () => {
  const { tx, json } = signedBySdk(false)
  const time = parseTransaction(json).time
  // The SDK encodes String(time); a nanosecond clock is far beyond 2^53.
  assert.is(time, BigInt(String(tx.time)))
  assert.ok(time > 2n ** 53n)
})

test('the node\'s self-check accepts a transaction the SDK signed', () => {
  assert.equal(verifyTransaction(signedBySdk(false).json, { chainId: CHAIN_ID }), { ok: true })
  assert.equal(verifyTransaction(signedBySdk(true).json, { chainId: CHAIN_ID }), { ok: true })
})

test('altering one action argument after signing is caught by the signatures', () => {
  const tampered = (json: string): string => {
    const altered = json.replace(ARGUMENT, ARGUMENT.slice(0, -1) + (ARGUMENT.endsWith('0') ? '1' : '0'))
    assert.is.not(altered, json)
    return altered
  }
  // Only a publisher: its signature covers the actions.
  assert.equal(verifyTransaction(tampered(signedBySdk(false).json), { chainId: CHAIN_ID }), { ok: false, reason: 'publisher error' })
  // With a co-signer, whose signature over the Base hash is checked first.
  assert.equal(verifyTransaction(tampered(signedBySdk(true).json), { chainId: CHAIN_ID }), { ok: false, reason: 'signer error' })
})

test('a node on another chain refuses the SDK\'s transaction, naming both chain ids', () => {
  assert.equal(verifyTransaction(signedBySdk(false).json, { chainId: 1024 }), {
    ok: false, reason: `invalid chain_id, should be 1024, yours:${CHAIN_ID}`
  })
})

test.run()
