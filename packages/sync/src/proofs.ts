// Authorship proofs: a device's Ed25519 signature over the hash of a change it made. An Automerge
// change hash commits to the change's whole ancestry, and each change of an actor depends on that
// actor's previous one, so one signature over a device's latest change proves every earlier change
// of its actor: a notebook needs one proof per device that ever wrote to it, and verifying a
// notebook costs a signature per device, not per change. The proofs travel with the changes through
// every hop and are kept beside the notebook, so anyone holding both can check who wrote what.
import { fromBase58, toBase58, verifyDeviceSignature, type DeviceKey } from '@techo/identity'
import { SyncError } from './errors.js'

/** One device's signature over one change of a notebook (the device's latest, when it signed). */
export interface ChangeProof {
  /** The signing device's PeerId. */
  device: string
  /** The signed change's hash (hex). */
  hash: string
  /** The Ed25519 signature, base58. */
  sig: string
}

/** A proof with what its change is: the actor that made it and its sequence number among that actor's changes. */
export interface KnownProof extends ChangeProof { actor: string, seq: number }

// The bytes a device signs: a label, the notebook (a proof is never valid for another one) and the hash.
function signedBytes (notebook: string, hash: string): Uint8Array {
  return new TextEncoder().encode(`techo/change-proof/v1\n${notebook}\n${hash}`)
}

/** Signs change `hash` of `notebook` with the device's key. */
export function signChange (key: DeviceKey, notebook: string, hash: string): ChangeProof {
  return { device: key.peerId, hash, sig: toBase58(key.sign(signedBytes(notebook, hash))) }
}

/** True when the proof's signature verifies under its device for `notebook`. */
export function proofVerifies (proof: ChangeProof, notebook: string): boolean {
  return verifyDeviceSignature(proof.device, signedBytes(notebook, proof.hash), fromBase58(proof.sig))
}

const HASH = /^[0-9a-f]{64}$/
// 64 bytes in base58 take 86 to 88 characters.
const BASE58_SIG = /^[1-9A-HJ-NP-Za-km-z]{86,88}$/
// A proof is ~170 bytes of JSON; a notebook has one per device that wrote to it.
const MAX_PROOFS = 4096

/** Reads proofs from JSON text sent by a peer or kept in the vault; throws ERR_BAD_FRAME naming what is wrong. */
export function parseProofs (text: string): ChangeProof[] {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw bad('they are not JSON')
  }
  if (!Array.isArray(value)) throw bad('they are not a list')
  if (value.length > MAX_PROOFS) throw bad(`there are ${value.length} of them (at most ${MAX_PROOFS})`)
  return value.map((p: unknown, i) => {
    const { device, hash, sig } = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>
    if (typeof device !== 'string' || device.length > 128 || typeof hash !== 'string' || !HASH.test(hash) || typeof sig !== 'string' || !BASE58_SIG.test(sig)) {
      throw bad(`proof ${i} is not { device, hash, sig }`)
    }
    return { device, hash, sig }
  })
}

/**
 * The latest known proof of every actor of one notebook. Only proofs whose change is in the notebook
 * are kept (their actor and sequence number come from the change itself, never from the sender).
 */
export class ProofBook {
  readonly #byActor = new Map<string, KnownProof>()

  /** The book stored as `bytes` (from toBytes); an empty book for undefined. */
  static fromBytes (bytes: Uint8Array | undefined): ProofBook {
    const book = new ProofBook()
    if (bytes === undefined) return book
    const stored = JSON.parse(new TextDecoder().decode(bytes)) as KnownProof[]
    for (const proof of stored) book.#byActor.set(proof.actor, proof)
    return book
  }

  /** The latest proof of `actor`, or undefined. */
  latest (actor: string): KnownProof | undefined {
    return this.#byActor.get(actor)
  }

  /** Keeps `proof` if it is later than the one held for its actor; returns true if it was kept. */
  add (proof: KnownProof): boolean {
    const held = this.#byActor.get(proof.actor)
    if (held !== undefined && held.seq >= proof.seq) return false
    this.#byActor.set(proof.actor, proof)
    return true
  }

  /** Every proof held, one per actor. */
  all (): KnownProof[] {
    return [...this.#byActor.values()]
  }

  /** The bytes the vault keeps beside the notebook. */
  toBytes (): Uint8Array {
    return new TextEncoder().encode(JSON.stringify(this.all()))
  }
}

/** The proofs to send with changes: without what only this node needs to know (actor and sequence number). */
export function wireProofs (proofs: Iterable<KnownProof>): ChangeProof[] {
  return [...proofs].map(({ device, hash, sig }) => ({ device, hash, sig }))
}

function bad (what: string): SyncError {
  return new SyncError('ERR_BAD_FRAME', `The peer sent authorship proofs that break the protocol: ${what}.`)
}
