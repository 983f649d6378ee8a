// A device's key: an Ed25519 key pair whose libp2p PeerId is the device's identity (what Noise
// authenticates). Written with noble alone, byte for byte as libp2p writes them (the tests compare
// with @libp2p/crypto), so a command that only needs its device's id does not load libp2p, and the
// same code runs in a browser.
//
//   stored key   protobuf PrivateKey { Type = Ed25519 (1), Data = seed ‖ public key }  08 01 12 40 ‖ 64 bytes
//   PeerId       base58btc( identity multihash ( protobuf PublicKey { Type = 1, Data = public key } ) )
//                = base58btc( 00 24 ‖ 08 01 12 20 ‖ 32 bytes ), the "12D3KooW…" form
import { ed25519 } from '@noble/curves/ed25519.js'
import { concatBytes, equalBytes } from '@noble/curves/utils.js'
import { randomBytes } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'
import { IdentityError } from './errors.js'

const PRIVATE_PREFIX = Uint8Array.of(0x08, 0x01, 0x12, 0x40)
const PEER_ID_PREFIX = Uint8Array.of(0x00, 0x24, 0x08, 0x01, 0x12, 0x20)

/** A device's Ed25519 key. */
export interface DeviceKey {
  /** The device's id: its libp2p PeerId ("12D3KooW…"). */
  readonly peerId: string
  /** The raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array
  /** libp2p's raw private key form (seed ‖ public key, 64 bytes): what a libp2p node is given. */
  readonly raw: Uint8Array
  /** An Ed25519 signature of `message` by this device. */
  sign: (message: Uint8Array) => Uint8Array
}

/** Returns a new random device key. */
export function createDeviceKey (): DeviceKey {
  return keyFromSeed(randomBytes(32))
}

/** Returns the stored form of a device key (libp2p's protobuf encoding), which `deviceKeyFromBytes` reads back. */
export function deviceKeyToBytes (key: DeviceKey): Uint8Array {
  return concatBytes(PRIVATE_PREFIX, key.raw)
}

/** Reads a device key written by `deviceKeyToBytes` (or by libp2p); throws ERR_BAD_DEVICE_KEY unless it is a sound Ed25519 key. */
export function deviceKeyFromBytes (bytes: Uint8Array): DeviceKey {
  if (!(bytes instanceof Uint8Array) || bytes.length !== PRIVATE_PREFIX.length + 64 || !equalBytes(bytes.subarray(0, PRIVATE_PREFIX.length), PRIVATE_PREFIX)) {
    throw new IdentityError('ERR_BAD_DEVICE_KEY', 'The device key bytes are not a libp2p Ed25519 private key.')
  }
  const raw = bytes.subarray(PRIVATE_PREFIX.length)
  const key = keyFromSeed(raw.slice(0, 32))
  // The stored public half is checked, not trusted: a mismatch would name a PeerId the key cannot sign for.
  if (!equalBytes(key.publicKey, raw.subarray(32))) {
    throw new IdentityError('ERR_BAD_DEVICE_KEY', 'The device key is damaged: its public half does not match its private half.')
  }
  return key
}

/** Returns the PeerId string of a raw 32-byte Ed25519 public key. */
export function peerIdForPublicKey (publicKey: Uint8Array): string {
  return base58.encode(concatBytes(PEER_ID_PREFIX, publicKey))
}

/** Returns the raw 32-byte Ed25519 public key inside a PeerId string; throws ERR_BAD_PEER_ID otherwise. */
export function devicePublicKeyFromPeerId (peerId: string): Uint8Array {
  let bytes: Uint8Array
  try {
    if (typeof peerId !== 'string') throw new Error('not a string')
    bytes = base58.decode(peerId)
  } catch (err) {
    throw new IdentityError('ERR_BAD_PEER_ID', `${describe(peerId)} is not a libp2p PeerId.`, { cause: err })
  }
  if (bytes.length !== PEER_ID_PREFIX.length + 32 || !equalBytes(bytes.subarray(0, PEER_ID_PREFIX.length), PEER_ID_PREFIX)) {
    throw new IdentityError('ERR_BAD_PEER_ID', `${describe(peerId)} is not the PeerId of an Ed25519 key; Techo devices use Ed25519 keys.`)
  }
  const raw = bytes.slice(PEER_ID_PREFIX.length)
  if (!ed25519.utils.isValidPublicKey(raw, false)) {
    throw new IdentityError('ERR_BAD_PEER_ID', `${describe(peerId)} holds bytes that are not an Ed25519 public key.`)
  }
  return raw
}

/** True when the Ed25519 `signature` of `message` verifies under the device `peerId`; false for anything malformed. */
export function verifyDeviceSignature (peerId: string, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return ed25519.verify(signature, message, devicePublicKeyFromPeerId(peerId), { zip215: false })
  } catch {
    return false
  }
}

function keyFromSeed (seed: Uint8Array): DeviceKey {
  const publicKey = ed25519.getPublicKey(seed)
  return {
    peerId: peerIdForPublicKey(publicKey),
    publicKey,
    raw: concatBytes(seed, publicKey),
    sign: message => ed25519.sign(message, seed)
  }
}

function describe (peerId: unknown): string {
  if (typeof peerId !== 'string') return `A ${typeof peerId}`
  return `The PeerId ${JSON.stringify(peerId.length > 60 ? peerId.slice(0, 60) + '…' : peerId)}`
}
