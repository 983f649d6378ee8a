// A device's proof of possession: its own Ed25519 signature over (party, device, chain id,
// contract), which the consent contract checks before it approves the device. Without it anyone
// could register a party and approve a PeerId it saw (every relay a device dials sees it) before
// the device's owner did, and the owner's own approval would then be refused for good. The proof
// travels as an approval code, `<PeerId>.<signature>`, from the device to the node that holds its
// party's master key; the party, chain and contract are the approver's own, so the code is short.
import { devicePublicKeyFromPeerId, fromBase58, isBase58Of, payloadDigest, toBase58, verifyDeviceSignature, type DeviceKey } from '@techo/identity'
import { LedgerError } from './errors.js'

/** The label that keeps a possession proof from being read as any other signature by the device. */
export const DEVICE_PROOF_PURPOSE = 'techo/device-possession/v1'

/** What a proof binds the device to: its party, the chain id and the consent contract's id. */
export interface DeviceBinding { party: string, chain: number, contract: string }

/** A device's PeerId and its signature (base58) over its binding. */
export interface DeviceProof { device: string, proof: string }

// The device signs SHA3-256 of this object's canonical JSON, as parties sign payloads; the
// contract rebuilds the same text (its keys written in this sorted order) and checks it.
function proofStatement (device: string, binding: DeviceBinding): object {
  return { chain: binding.chain, contract: binding.contract, device, party: binding.party, purpose: DEVICE_PROOF_PURPOSE }
}

/** Returns the device key's proof of possession for this binding. */
export function proveDevice (key: DeviceKey, binding: DeviceBinding): DeviceProof {
  return { device: key.peerId, proof: toBase58(key.sign(payloadDigest(proofStatement(key.peerId, binding)))) }
}

/** Returns true only if the proof is the device's own signature over this binding. */
export function verifyDeviceProof (proof: DeviceProof, binding: DeviceBinding): boolean {
  if (!isBase58Of(proof.proof, 64)) return false
  return verifyDeviceSignature(proof.device, payloadDigest(proofStatement(proof.device, binding)), fromBase58(proof.proof))
}

/** Returns the approval code that carries a proof: `<PeerId>.<signature>`. */
export function deviceApprovalCode (proof: DeviceProof): string {
  return `${proof.device}.${proof.proof}`
}

/** Reads an approval code; throws ERR_BAD_INPUT if it is not one (a bare PeerId included). */
export function parseDeviceApprovalCode (code: string): DeviceProof {
  const [device = '', proof, ...rest] = code.trim().split('.')
  try {
    devicePublicKeyFromPeerId(device)
  } catch (err) {
    throw new LedgerError('ERR_BAD_INPUT', `${JSON.stringify(code.slice(0, 60))} is not a device approval code (a PeerId, a dot and the device's signature).`, { cause: err })
  }
  if (proof === undefined || rest.length > 0 || !isBase58Of(proof, 64)) {
    throw new LedgerError('ERR_BAD_INPUT', `Device ${device} must prove it holds its key: run \`techo device code\` on that device and pass the code it prints instead of its PeerId.`)
  }
  return { device, proof }
}
