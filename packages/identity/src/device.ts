import { ed25519 } from '@noble/curves/ed25519.js'
import { equalBytes } from '@noble/curves/utils.js'
import { generateKeyPair, privateKeyFromProtobuf, privateKeyToProtobuf } from '@libp2p/crypto/keys'
import { peerIdFromPrivateKey, peerIdFromString } from '@libp2p/peer-id'
import type { Ed25519PrivateKey, PeerId, PrivateKey } from '@libp2p/interface'
import { IdentityError } from './errors.js'

/** Returns a new random device key: a libp2p Ed25519 private key whose PeerId is the device's identity. */
export async function createDeviceKey (): Promise<Ed25519PrivateKey> {
  return generateKeyPair('Ed25519')
}

/** Returns the libp2p protobuf encoding of a device key (what `deviceKeyFromBytes` reads back). */
export function deviceKeyToBytes (key: PrivateKey): Uint8Array {
  return privateKeyToProtobuf(key)
}

/** Reads a device key written by `deviceKeyToBytes`; throws ERR_BAD_DEVICE_KEY unless it is a sound Ed25519 key. */
export function deviceKeyFromBytes (bytes: Uint8Array): Ed25519PrivateKey {
  let key: PrivateKey
  try {
    key = privateKeyFromProtobuf(bytes)
  } catch (err) {
    throw new IdentityError('ERR_BAD_DEVICE_KEY', 'The device key bytes are not a libp2p private key.', { cause: err })
  }
  if (key.type !== 'Ed25519') {
    throw new IdentityError('ERR_BAD_DEVICE_KEY', `The device key is of type ${key.type}; Techo device keys are Ed25519.`)
  }
  // libp2p takes the stored public half on trust; a mismatch would give a PeerId the key cannot sign for.
  if (!equalBytes(ed25519.getPublicKey(key.raw.subarray(0, 32)), key.publicKey.raw)) {
    throw new IdentityError('ERR_BAD_DEVICE_KEY', 'The device key is damaged: its public half does not match its private half.')
  }
  return key
}

/** Returns the PeerId of a device key; its string form is the device's identifier. */
export function peerIdOf (key: PrivateKey): PeerId {
  return peerIdFromPrivateKey(key)
}

/** Returns the raw 32-byte Ed25519 public key inside a PeerId string; throws ERR_BAD_PEER_ID otherwise. */
export function devicePublicKeyFromPeerId (peerId: string): Uint8Array {
  let parsed: PeerId
  try {
    parsed = peerIdFromString(peerId)
  } catch (err) {
    throw new IdentityError('ERR_BAD_PEER_ID', `${describe(peerId)} is not a libp2p PeerId.`, { cause: err })
  }
  if (parsed.type !== 'Ed25519') {
    throw new IdentityError('ERR_BAD_PEER_ID', `${describe(peerId)} is a PeerId of type ${parsed.type}; Techo devices use Ed25519 keys.`)
  }
  const raw = parsed.publicKey.raw
  if (!ed25519.utils.isValidPublicKey(raw, false)) {
    throw new IdentityError('ERR_BAD_PEER_ID', `${describe(peerId)} holds bytes that are not an Ed25519 public key.`)
  }
  return raw
}

function describe (peerId: unknown): string {
  if (typeof peerId !== 'string') return `A ${typeof peerId}`
  return `The PeerId ${JSON.stringify(peerId.length > 60 ? peerId.slice(0, 60) + '…' : peerId)}`
}
