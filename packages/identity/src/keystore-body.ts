import { base64 } from '@scure/base'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { canonicalize } from './canonical.js'
import { deviceKeyFromBytes } from './device.js'
import { isPartyId } from './ids.js'
import { masterKeyFromSeed } from './master.js'

/** What a node keeps secret: its party's master seed (if this device holds it), its device key and its at-rest key. */
export interface Keystore {
  version: 1
  party: 'patient' | 'clinic'
  /** The party's 32-byte Ed25519 master seed; absent on devices that do not hold the master key. */
  masterSeed?: Uint8Array
  /** The party id: base58 of the master public key. */
  masterId: string
  /** The device key as `deviceKeyToBytes` writes it. */
  device: Uint8Array
  /** 32 random bytes: the key that encrypts this node's data at rest. */
  vaultKey: Uint8Array
  /** ISO 8601 time the keystore was made. */
  createdAt: string
}

/** Returns null if the value is a sound keystore, else a phrase naming the first thing wrong with it. */
export function checkKeystore (ks: unknown): string | null {
  if (typeof ks !== 'object' || ks === null) return 'it is not an object'
  const k = ks as Record<string, unknown>
  if (k.version !== 1) return `its version is ${JSON.stringify(k.version)}, not 1`
  if (k.party !== 'patient' && k.party !== 'clinic') return `its party is ${JSON.stringify(k.party)}, not 'patient' or 'clinic'`
  if (typeof k.masterId !== 'string' || !isPartyId(k.masterId)) return 'its masterId is not a base58 Ed25519 public key'
  if (k.masterSeed !== undefined) {
    if (!(k.masterSeed instanceof Uint8Array) || k.masterSeed.length !== 32) return 'its masterSeed is not 32 bytes'
    if (masterKeyFromSeed(k.masterSeed).id !== k.masterId) return 'its masterSeed does not belong to its masterId'
  }
  if (!(k.device instanceof Uint8Array)) return 'its device key is not bytes'
  try {
    deviceKeyFromBytes(k.device)
  } catch {
    return 'its device key is not a sound Ed25519 device key'
  }
  if (!(k.vaultKey instanceof Uint8Array) || k.vaultKey.length !== 32) return 'its vaultKey is not 32 bytes'
  if (typeof k.createdAt !== 'string' || Number.isNaN(Date.parse(k.createdAt))) return 'its createdAt is not an ISO 8601 time'
  return null
}

/** Returns the keystore as UTF-8 canonical JSON with its byte fields in base64 (the plaintext that gets sealed). */
export function encodeBody (ks: Keystore): Uint8Array {
  return utf8ToBytes(canonicalize({
    version: ks.version,
    party: ks.party,
    ...(ks.masterSeed === undefined ? {} : { masterSeed: base64.encode(ks.masterSeed) }),
    masterId: ks.masterId,
    device: base64.encode(ks.device),
    vaultKey: base64.encode(ks.vaultKey),
    createdAt: ks.createdAt
  }))
}

/** Reads a body written by `encodeBody`; returns null unless it decodes to a sound keystore. */
export function decodeBody (bytes: Uint8Array): Keystore | null {
  try {
    const raw = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<string, unknown>
    const ks = {
      version: raw.version,
      party: raw.party,
      ...(raw.masterSeed === undefined ? {} : { masterSeed: base64.decode(raw.masterSeed as string) }),
      masterId: raw.masterId,
      device: base64.decode(raw.device as string),
      vaultKey: base64.decode(raw.vaultKey as string),
      createdAt: raw.createdAt
    }
    return checkKeystore(ks) === null ? ks as Keystore : null
  } catch {
    return null
  }
}
