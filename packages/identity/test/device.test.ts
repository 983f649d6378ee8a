import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { createHash } from 'node:crypto'
import { generateKeyPair, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import {
  IdentityError, actorIdFor, actorIdForPeerId, createDeviceKey, deviceKeyFromBytes, deviceKeyToBytes,
  devicePublicKeyFromPeerId, peerIdOf
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

test('a device key saved as bytes and read back is the same device (same PeerId)', async () => {
  const key = await createDeviceKey()
  assert.is(key.type, 'Ed25519')
  const back = deviceKeyFromBytes(deviceKeyToBytes(key))
  assert.ok(back.equals(key))
  assert.is(peerIdOf(back).toString(), peerIdOf(key).toString())
})

test('two device keys are two devices', async () => {
  const a = peerIdOf(await createDeviceKey()).toString()
  const b = peerIdOf(await createDeviceKey()).toString()
  assert.is.not(a, b)
})

test('the public key read from a PeerId string is the device key\'s public key', async () => {
  const key = await createDeviceKey()
  const raw = devicePublicKeyFromPeerId(peerIdOf(key).toString())
  assert.is(raw.length, 32)
  assert.equal(raw, key.publicKey.raw)
})

test('the actor id is the hex of the first 16 bytes of sha256(public key), from the key or its PeerId', async () => {
  const key = await createDeviceKey()
  const expected = createHash('sha256').update(key.publicKey.raw).digest('hex').slice(0, 32)
  assert.is(actorIdFor(key.publicKey.raw), expected)
  assert.is(actorIdForPeerId(peerIdOf(key).toString()), expected)
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
    assert.match((err as Error).message, 'is a PeerId of type secp256k1; Techo devices use Ed25519 keys')
  }
  assert.is(codeOf(() => actorIdForPeerId(secp)), 'ERR_BAD_PEER_ID')
})

test('device key bytes that are garbage, non-Ed25519 or internally inconsistent are refused', async () => {
  assert.is(codeOf(() => deviceKeyFromBytes(Uint8Array.of(1, 2, 3))), 'ERR_BAD_DEVICE_KEY')
  const secp = privateKeyToProtobuf(await generateKeyPair('secp256k1'))
  assert.is(codeOf(() => deviceKeyFromBytes(secp)), 'ERR_BAD_DEVICE_KEY')
  const bytes = deviceKeyToBytes(await createDeviceKey())
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
