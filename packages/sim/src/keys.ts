// Keys derived from the scenario seed: every process of a run (the lead and each shard, on any
// machine) computes the same parties and devices without exchanging a key. Simulation only: a
// real party's keys come from its recovery phrase and a real device's from its own randomness.
import { createHash, createPrivateKey, createPublicKey, hkdfSync } from 'node:crypto'
import { deviceKeyFromBytes, toBase58, type DeviceKey, type MasterKey } from '@techo/identity'

// Ed25519 PKCS#8 framing around a 32-byte seed, and libp2p's protobuf framing of a private key.
const PKCS8_ED25519 = Buffer.from('302e020100300506032b657004220420', 'hex')
const LIBP2P_PRIVATE = Uint8Array.of(0x08, 0x01, 0x12, 0x40)

function seedOf (seed: string, label: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(`techo-sim/${seed}/${label}`).digest())
}

// Node's native Ed25519 derives the public half: thousands of keys in milliseconds.
function publicKeyOf (secret: Uint8Array): Uint8Array {
  const spki = createPublicKey(createPrivateKey({ key: Buffer.concat([PKCS8_ED25519, secret]), format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' })
  return new Uint8Array(spki.subarray(spki.length - 32))
}

/** The master key of the party `name` (e.g. "patient/17") in the run seeded `seed`; the same as identity's masterKeyFromSeed gives. */
export function simMasterKey (seed: string, name: string): MasterKey {
  const secret = seedOf(seed, `party/${name}`)
  const publicKey = publicKeyOf(secret)
  return { seed: secret, publicKey, id: toBase58(publicKey) }
}

/** The device key of the device `name` (e.g. "clinic/3/relay") in the run seeded `seed`. */
export function simDeviceKey (seed: string, name: string): DeviceKey {
  const secret = seedOf(seed, `device/${name}`)
  const publicKey = publicKeyOf(secret)
  const bytes = new Uint8Array(LIBP2P_PRIVATE.length + 64)
  bytes.set(LIBP2P_PRIVATE, 0)
  bytes.set(secret, LIBP2P_PRIVATE.length)
  bytes.set(publicKey, LIBP2P_PRIVATE.length + 32)
  return deviceKeyFromBytes(bytes)
}

/**
 * The notebook salt every device of a patient uses for its genesis, derived from the master seed as
 * the techo daemon derives it, so a second or restored phone starts from the same first change.
 */
export function notebookSalt (master: MasterKey): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', master.seed, new Uint8Array(0), 'techo/notebook-salt/v1', 32))
}
