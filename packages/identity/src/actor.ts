import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { devicePublicKeyFromPeerId } from './device.js'
import { IdentityError } from './errors.js'

/** Returns the Automerge actor id of a device: hex of the first 16 bytes of sha256(its raw 32-byte public key). */
export function actorIdFor (devicePublicKey: Uint8Array): string {
  if (!(devicePublicKey instanceof Uint8Array) || devicePublicKey.length !== 32) {
    const got = devicePublicKey instanceof Uint8Array ? `${devicePublicKey.length} bytes` : typeof devicePublicKey
    throw new IdentityError('ERR_BAD_PUBLIC_KEY', `A device public key must be 32 raw Ed25519 bytes, not ${got}.`)
  }
  // 16 bytes keep actor ids as short as Automerge's own while staying collision-free in practice.
  return bytesToHex(sha256(devicePublicKey).subarray(0, 16))
}

/** Returns the Automerge actor id of the device named by a PeerId string; throws ERR_BAD_PEER_ID for a bad one. */
export function actorIdForPeerId (peerId: string): string {
  return actorIdFor(devicePublicKeyFromPeerId(peerId))
}
