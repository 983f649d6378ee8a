import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createPublicKey, verify as nodeVerify } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { sha3_256 } from '@noble/hashes/sha3.js'
import {
  canonicalize, fromBase58, generateRecoveryPhrase, masterKeyFromPhrase, payloadDigest, signPayload, toBase58,
  verifyPayload, type SignedPayload
} from '../src/index.js'

const L = 2n ** 252n + 27742317777372353535851937790883648493n // the Ed25519 group order
const master = masterKeyFromPhrase(generateRecoveryPhrase())
const other = masterKeyFromPhrase(generateRecoveryPhrase())
const grant = { t: 'grant', patient: master.id, clinic: other.id, scope: 'read', nonce: 7, expires: 1767225600 }

// IOSTCrypto.sha3 as the IOST VM defines it: base58 of sha3-256 of the UTF-8 text.
const iostSha3 = (text: string): string => toBase58(sha3_256(new TextEncoder().encode(text)))

// An Ed25519 check by another implementation (OpenSSL via node:crypto) over the bytes IOST passes in.
function iostVerify (messageB58: string, signatureB58: string, publicKeyB58: string): boolean {
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(fromBase58(publicKeyB58)).toString('base64url') }, format: 'jwk' })
  return nodeVerify(null, fromBase58(messageB58), key, fromBase58(signatureB58))
}

function withSignature (signed: SignedPayload, edit: (sig: Uint8Array) => Uint8Array): SignedPayload {
  return { ...signed, signature: toBase58(edit(fromBase58(signed.signature))) }
}

test('a signed payload carries its canonical text and verifies', () => {
  const signed = signPayload(master.seed, grant)
  assert.is(signed.payload, canonicalize(grant))
  assert.is(signed.signer, master.id)
  assert.is(fromBase58(signed.signature).length, 64)
  assert.ok(verifyPayload(signed))
})

test('the digest is sha3-256 of the canonical UTF-8 bytes, whatever the key order', () => {
  const reordered = { expires: grant.expires, nonce: 7, scope: 'read', clinic: other.id, patient: master.id, t: 'grant' }
  assert.equal(payloadDigest(reordered), payloadDigest(grant))
  assert.is(toBase58(payloadDigest(grant)), iostSha3(canonicalize(grant)))
  assert.is(toBase58(payloadDigest({ note: '患者同意 ✓' })), iostSha3('{"note":"患者同意 ✓"}'))
})

test('the signature passes the IOST contract check: verify("ed25519", sha3(payload), signature, signer)', () => {
  const signed = signPayload(master.seed, grant)
  const message = iostSha3(signed.payload)
  assert.is(fromBase58(message).length, 32)
  assert.ok(iostVerify(message, signed.signature, signed.signer))
  assert.not.ok(iostVerify(iostSha3(signed.payload + ' '), signed.signature, signed.signer))
})

test('a tampered payload does not verify', () => {
  const signed = signPayload(master.seed, grant)
  assert.not.ok(verifyPayload({ ...signed, payload: signed.payload.replace('"read"', '"write"') }))
  assert.not.ok(verifyPayload({ ...signed, payload: signed.payload.replace('"nonce":7', '"nonce":8') }))
  assert.not.ok(verifyPayload({ ...signed, payload: signed.payload + ' ' }))
})

test('a signature checked against another signer does not verify', () => {
  const signed = signPayload(master.seed, grant)
  assert.not.ok(verifyPayload({ ...signed, signer: other.id }))
  const theirs = signPayload(other.seed, grant)
  assert.not.ok(verifyPayload({ ...theirs, signer: master.id }))
  assert.not.ok(verifyPayload({ ...signed, signature: theirs.signature }))
})

test('a malleated signature (S + L, same point equation) is refused', () => {
  const signed = signPayload(master.seed, grant)
  const malleated = withSignature(signed, sig => {
    const s = BigInt('0x' + Buffer.from(sig.subarray(32)).reverse().toString('hex')) + L
    const out = Uint8Array.from(sig)
    out.set(Buffer.from(s.toString(16).padStart(64, '0'), 'hex').reverse(), 32)
    return out
  })
  assert.is.not(malleated.signature, signed.signature)
  assert.not.ok(verifyPayload(malleated))
})

test('wrong lengths and bad base58 give false, never a throw', () => {
  const signed = signPayload(master.seed, grant)
  assert.not.ok(verifyPayload(withSignature(signed, sig => sig.subarray(0, 63))))
  assert.not.ok(verifyPayload(withSignature(signed, sig => Uint8Array.of(...sig, 0))))
  assert.not.ok(verifyPayload(withSignature(signed, () => new Uint8Array(0))))
  assert.not.ok(verifyPayload({ ...signed, signer: toBase58(fromBase58(signed.signer).subarray(0, 31)) }))
  assert.not.ok(verifyPayload({ ...signed, signer: toBase58(Uint8Array.of(0, ...fromBase58(signed.signer))) }))
  assert.not.ok(verifyPayload({ ...signed, signature: signed.signature.replace(/.$/, '0') }))
  assert.not.ok(verifyPayload({ ...signed, signer: 'O' + signed.signer.slice(1) }))
  assert.not.ok(verifyPayload({ ...signed, payload: 42 } as unknown as SignedPayload))
  assert.not.ok(verifyPayload(null as unknown as SignedPayload))
  assert.not.ok(verifyPayload({ ...signed, payload: '\ud800' }))
})

test('signing refuses a seed that is not 32 bytes and a payload with no canonical form', () => {
  assert.throws(() => signPayload(new Uint8Array(31), grant), (err: Error & { code?: string }) => err.code === 'ERR_BAD_SEED')
  assert.throws(() => signPayload(master.seed, { n: NaN }), (err: Error & { code?: string }) => err.code === 'ERR_NOT_CANONICALIZABLE')
})

// The IOST vectors (computed by the IOST node's own code). Every ed25519 verify case whose
// message is the sha3 of a known payload text is checked through verifyPayload.
test('verifyPayload agrees with the IOST node on every applicable verify vector', () => {
  const vectors = JSON.parse(readFileSync(new URL('../../../fixtures/iost/vectors.json', import.meta.url), 'utf8')) as {
    crypto: Array<{ id: string, op: string, algo?: string, message: string, signature?: string, publicKey?: string, payload?: string, expected: unknown }>
  }
  const payloads = vectors.crypto.flatMap(c => c.payload === undefined ? [] : [c.payload])
  let checked = 0
  for (const c of vectors.crypto) {
    if (c.op !== 'verify' || c.algo !== 'ed25519') continue
    const payload = payloads.find(p => iostSha3(p) === c.message)
    if (payload === undefined) continue
    assert.is(verifyPayload({ payload, signature: c.signature as string, signer: c.publicKey as string }), c.expected === 1, c.id)
    checked++
  }
  assert.ok(checked >= 4, `only ${checked} vectors applied`)
})

test.run()
