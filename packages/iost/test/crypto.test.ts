// IOSTCrypto as a contract sees it, and signature checks as the node makes them: Go's Ed25519
// (cofactorless, non-canonical keys accepted, R compared byte for byte), decred's secp256k1
// (low-S only), and base58 that turns invalid text into empty bytes.
import { randomBytes } from 'node:crypto'
import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { sha3_256 } from '@noble/hashes/sha3.js'
import { masterKeyFromSeed, signPayload } from '@techo/identity'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { base58Decode, base58Encode, encodeTransaction, iostCryptoVerify, sha3Base58, verifyTransaction } from '../src/index.js'

const b58 = base58Encode
const P = 2n ** 255n - 19n
const N = secp256k1.Point.Fn.ORDER

function littleEndian32 (n: bigint): Uint8Array {
  return Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn))
}

test('a payload signed by @techo/identity passes the contract\'s check; any change to it fails', () => {
  const seed = randomBytes(32)
  const signed = signPayload(seed, { t: 'grant', clinic: 'clinicA', scope: 'read', nonce: 1 })
  assert.is(signed.signer, masterKeyFromSeed(seed).id)
  assert.is(iostCryptoVerify('ed25519', sha3Base58(signed.payload), signed.signature, signed.signer), 1)
  const altered = signed.payload.replace('"read"', '"write"')
  assert.is(iostCryptoVerify('ed25519', sha3Base58(altered), signed.signature, signed.signer), 0)
})

test('sha3Base58 hashes the UTF-8 bytes of the text', () => {
  const text = '同意 ✓ 🚑'
  assert.is(sha3Base58(text), b58(sha3_256(Buffer.from(text, 'utf8'))))
})

test('base58 that is not base58 decodes to empty bytes, so it checks as an empty message', () => {
  assert.is(base58Decode('0OIl').length, 0)
  assert.is(base58Decode('').length, 0)
  assert.equal(Array.from(base58Decode('11z')), [0, 0, 57])
  const secret = ed25519.utils.randomSecretKey()
  const emptySig = b58(ed25519.sign(new Uint8Array(0), secret))
  const pub = b58(ed25519.getPublicKey(secret))
  assert.is(iostCryptoVerify('ed25519', 'not base58!', emptySig, pub), 1)
  assert.is(iostCryptoVerify('ed25519', b58(Uint8Array.of(1)), emptySig, pub), 0)
})

test('Ed25519: a non-canonical S (S + L) is refused although the curve equation still holds', () => {
  const secret = ed25519.utils.randomSecretKey()
  const message = sha3_256(randomBytes(20))
  const sig = ed25519.sign(message, secret)
  const s = sig.subarray(32).reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n)
  const malleated = Uint8Array.from([...sig.subarray(0, 32), ...littleEndian32(s + ed25519.Point.Fn.ORDER)])
  const pub = b58(ed25519.getPublicKey(secret))
  assert.is(iostCryptoVerify('ed25519', b58(message), b58(sig), pub), 1)
  assert.is(iostCryptoVerify('ed25519', b58(message), b58(malleated), pub), 0)
})

test('Ed25519: as in Go, a non-canonically encoded key is accepted and R must match byte for byte', () => {
  // The neutral point (x = 0, y = 1) written as y = p + 1, which strict RFC 8032 decoders refuse
  // and Go's decoder accepts. With A neutral, [S]B is R for any message.
  const neutral = littleEndian32(P + 1n)
  const s = 123456789n
  const r = ed25519.Point.BASE.multiply(s).toBytes()
  const sig = Uint8Array.from([...r, ...littleEndian32(s)])
  assert.not.ok(ed25519.verify(sig, Uint8Array.of(7), neutral, { zip215: false }), 'strict decoders refuse it')
  assert.is(iostCryptoVerify('ed25519', b58(Uint8Array.of(7)), b58(sig), b58(neutral)), 1)
  // R = neutral with its sign bit set decodes to the same point; Go compares bytes and refuses it.
  const canonicalNeutral = littleEndian32(1n)
  const signBitSet = Uint8Array.from(canonicalNeutral)
  signBitSet[31] = 0x80
  const zeroS = new Uint8Array(32)
  assert.is(iostCryptoVerify('ed25519', b58(Uint8Array.of(7)), b58(Uint8Array.from([...canonicalNeutral, ...zeroS])), b58(canonicalNeutral)), 1)
  assert.is(iostCryptoVerify('ed25519', b58(Uint8Array.of(7)), b58(Uint8Array.from([...signBitSet, ...zeroS])), b58(canonicalNeutral)), 0)
})

test('secp256k1: low-S signatures verify with compressed, uncompressed and hybrid keys', () => {
  const secret = secp256k1.utils.randomSecretKey()
  const digest = sha3_256(randomBytes(20))
  const sig = secp256k1.sign(digest, secret, { prehash: false, lowS: true })
  const uncompressed = secp256k1.getPublicKey(secret, false)
  const hybrid = Uint8Array.from(uncompressed)
  hybrid[0] = 0x06 | ((uncompressed[64] as number) & 1)
  const wrongParity = Uint8Array.from(hybrid)
  wrongParity[0] = (hybrid[0] as number) ^ 1
  for (const key of [secp256k1.getPublicKey(secret, true), uncompressed, hybrid]) {
    assert.is(iostCryptoVerify('secp256k1', b58(digest), b58(sig), b58(key)), 1)
  }
  assert.is(iostCryptoVerify('secp256k1', b58(digest), b58(sig), b58(wrongParity)), 0)
  // The message is read from its first 32 bytes; bytes past them do not matter.
  assert.is(iostCryptoVerify('secp256k1', b58(Uint8Array.from([...digest, 1, 2, 3])), b58(sig), b58(uncompressed)), 1)
})

test('secp256k1: the high-S twin of a valid signature and a short signature are refused', () => {
  const secret = secp256k1.utils.randomSecretKey()
  const digest = sha3_256(randomBytes(20))
  const sig = secp256k1.sign(digest, secret, { prehash: false, lowS: true })
  const { r, s } = secp256k1.Signature.fromBytes(sig, 'compact')
  const highS = new secp256k1.Signature(r, N - s).toBytes('compact')
  const pub = b58(secp256k1.getPublicKey(secret, true))
  assert.ok(secp256k1.verify(highS, digest, secp256k1.getPublicKey(secret), { prehash: false, lowS: false }), 'the twin satisfies the equation')
  assert.is(iostCryptoVerify('secp256k1', b58(digest), b58(highS), pub), 0)
  assert.is(iostCryptoVerify('secp256k1', b58(digest), b58(sig.subarray(1)), pub), 0)
})

test('in a transaction, algorithm 2 is Ed25519 and every other byte checks as secp256k1', () => {
  const secret = secp256k1.utils.randomSecretKey()
  const publicKey = Buffer.from(secp256k1.getPublicKey(secret, true)).toString('base64')
  const signedWith = (algorithm: string): string => {
    const json = (signature: string): string => '{"time":1,"expiration":2,"gas_ratio":1,"gas_limit":10000,"chain_id":1020,' +
      '"actions":[{"contract":"c","action_name":"a","data":"[]"}],"publisher":"admin",' +
      `"publisher_sigs":[{"algorithm":${algorithm},"public_key":"${publicKey}","signature":"${signature}"}]}`
    // The Publish encoding does not cover publisher signatures, so the unsigned text gives it.
    const publishHash = sha3_256(encodeTransaction(json('')).publish)
    return json(Buffer.from(secp256k1.sign(publishHash, secret, { prehash: false, lowS: true })).toString('base64'))
  }
  assert.equal(verifyTransaction(signedWith('"SECP256K1"'), { chainId: 1020 }), { ok: true })
  assert.equal(verifyTransaction(signedWith('"UNKNOWN"'), { chainId: 1020 }), { ok: true })
  assert.equal(verifyTransaction(signedWith('257'), { chainId: 1020 }), { ok: true })
  assert.equal(verifyTransaction(signedWith('"ED25519"'), { chainId: 1020 }), { ok: false, reason: 'publisher error' })
  assert.equal(verifyTransaction(signedWith('258'), { chainId: 1020 }), { ok: false, reason: 'publisher error' })
})

test('only the exact names "ed25519" and "secp256k1" are algorithms', () => {
  const secret = ed25519.utils.randomSecretKey()
  const message = sha3_256(randomBytes(8))
  const args = [b58(message), b58(ed25519.sign(message, secret)), b58(ed25519.getPublicKey(secret))] as const
  assert.is(iostCryptoVerify('ed25519', ...args), 1)
  for (const algo of ['Ed25519', 'ED25519', 'ed25519 ', '']) assert.is(iostCryptoVerify(algo, ...args), 0)
})

test.run()
