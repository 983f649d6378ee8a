// Device keys are written without libp2p, so they are checked against libp2p's own code: the same
// stored bytes, the same PeerId, the same public key, and keys from either side read by the other.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createHash } from 'node:crypto'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import {
  IdentityError, actorIdFor, actorIdForPeerId, createDeviceKey, deviceKeyFromBytes, deviceKeyToBytes,
  devicePublicKeyFromPeerId, peerIdForPublicKey, verifyDeviceSignature
} from '../src/index.js'

function codeOf (fn: () => unknown): string {
  try {
    fn()
  } catch (err) {
    assert.instance(err, IdentityError)
    return (err as IdentityError).code
  }
  throw new Error('expected an IdentityError')
}

test('a device key saved as bytes and read back is the same device (same PeerId and public key)', () => {
  const key = createDeviceKey()
  const back = deviceKeyFromBytes(deviceKeyToBytes(key))
  assert.is(back.peerId, key.peerId)
  assert.equal(back.publicKey, key.publicKey)
  assert.equal(back.raw, key.raw)
})

test('two device keys are two devices', () => {
  assert.is.not(createDeviceKey().peerId, createDeviceKey().peerId)
})

test('our stored bytes and PeerIds are libp2p\'s, in both directions', async () => {
  const ours = createDeviceKey()
  const asLibp2p = privateKeyFromProtobuf(deviceKeyToBytes(ours))
  assert.is(asLibp2p.type, 'Ed25519')
  assert.is(peerIdFromPrivateKey(asLibp2p).toString(), ours.peerId)
  assert.equal(asLibp2p.raw, ours.raw)
  const theirs = await generateKeyPair('Ed25519')
  const read = deviceKeyFromBytes(privateKeyToProtobuf(theirs))
  assert.is(read.peerId, peerIdFromPrivateKey(theirs).toString())
  assert.equal(read.publicKey, theirs.publicKey.raw)
  assert.equal(deviceKeyToBytes(read), privateKeyToProtobuf(theirs))
  assert.is(peerIdForPublicKey(theirs.publicKey.raw), peerIdFromPrivateKey(theirs).toString())
  // libp2p checks our signatures, and we check libp2p's.
  const message = new TextEncoder().encode('techo device signature')
  assert.ok(await asLibp2p.publicKey.verify(message, ours.sign(message)))
  assert.ok(verifyDeviceSignature(read.peerId, message, await theirs.sign(message)))
})

test('the public key read from a PeerId string is the device key\'s public key', () => {
  const key = createDeviceKey()
  const raw = devicePublicKeyFromPeerId(key.peerId)
  assert.is(raw.length, 32)
  assert.equal(raw, key.publicKey)
  assert.equal(raw, peerIdFromString(key.peerId).publicKey?.raw)
})

test('a device signature verifies under its PeerId only, and for its message only', () => {
  const key = createDeviceKey()
  const message = Uint8Array.of(1, 2, 3)
  const signature = key.sign(message)
  assert.ok(verifyDeviceSignature(key.peerId, message, signature))
  assert.not.ok(verifyDeviceSignature(createDeviceKey().peerId, message, signature))
  assert.not.ok(verifyDeviceSignature(key.peerId, Uint8Array.of(1, 2, 4), signature))
  assert.not.ok(verifyDeviceSignature(key.peerId, message, signature.slice(0, 63)))
  assert.not.ok(verifyDeviceSignature('not a peer id', message, signature))
})

test('the actor id is the hex of the first 16 bytes of sha256(public key), from the key or its PeerId', () => {
  const key = createDeviceKey()
  const expected = createHash('sha256').update(key.publicKey).digest('hex').slice(0, 32)
  assert.is(actorIdFor(key.publicKey), expected)
  assert.is(actorIdForPeerId(key.peerId), expected)
  assert.match(expected, /^[0-9a-f]{32}$/)
})

test('an actor id needs a 32-byte public key', () => {
  assert.is(codeOf(() => actorIdFor(new Uint8Array(31))), 'ERR_BAD_PUBLIC_KEY')
  assert.is(codeOf(() => actorIdFor(new Uint8Array(33))), 'ERR_BAD_PUBLIC_KEY')
})

test('malformed and non-Ed25519 PeerIds are refused with a clear error', async () => {
  for (const bad of ['', 'not a peer id', '12D3KooWxxxxxxxx', 'QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N']) {
    assert.is(codeOf(() => devicePublicKeyFromPeerId(bad)), 'ERR_BAD_PEER_ID', bad)
  }
  const secp = peerIdFromPrivateKey(await generateKeyPair('secp256k1')).toString()
  try {
    devicePublicKeyFromPeerId(secp)
    assert.unreachable()
  } catch (err) {
    assert.is((err as IdentityError).code, 'ERR_BAD_PEER_ID')
    assert.match((err as Error).message, 'is not the PeerId of an Ed25519 key; Techo devices use Ed25519 keys')
  }
  assert.is(codeOf(() => actorIdForPeerId(secp)), 'ERR_BAD_PEER_ID')
})

test('device key bytes that are garbage, non-Ed25519 or internally inconsistent are refused', async () => {
  assert.is(codeOf(() => deviceKeyFromBytes(Uint8Array.of(1, 2, 3))), 'ERR_BAD_DEVICE_KEY')
  const secp = privateKeyToProtobuf(await generateKeyPair('secp256k1'))
  assert.is(codeOf(() => deviceKeyFromBytes(secp)), 'ERR_BAD_DEVICE_KEY')
  const bytes = deviceKeyToBytes(createDeviceKey())
  bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1 // flips a bit of the stored public half
  try {
    deviceKeyFromBytes(bytes)
    assert.unreachable()
  } catch (err) {
    assert.is((err as IdentityError).code, 'ERR_BAD_DEVICE_KEY')
    assert.match((err as Error).message, 'its public half does not match its private half')
  }
})

test.run()
