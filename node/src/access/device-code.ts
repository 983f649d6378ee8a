// This device's approval code: its proof of possession (its own signature over its party, the
// chain id and the consent contract), which the node holding the party's master key passes to
// `techo device approve`. Making it needs the chain only to learn the contract's id, not a sponsor.
import { deviceKeyFromBytes, type Keystore } from '@techo/identity'
import type { ContractLocation, DeviceRole } from '@techo/ledger'

/** This device's approval code, with the role it would be approved in. */
export interface DeviceCode { peerId: string, party: string, role: DeviceRole, code: string }

/** The role a device of this keystore has: a patient's phone, a clinic's relay (it holds the master key) or a practitioner's device. */
export function ownDeviceRole (keystore: Keystore): DeviceRole {
  if (keystore.party === 'patient') return 'phone'
  return keystore.masterSeed === undefined ? 'practitioner' : 'relay'
}

/** Returns this device's approval code for its party on the chain at `location` (chain id `chainId`); throws if the chain does not answer. */
export async function deviceCodeFor (keystore: Keystore, location: ContractLocation, chainId: number): Promise<DeviceCode> {
  const { LedgerReader, deviceApprovalCode, proveDevice } = await import('@techo/ledger')
  const key = deviceKeyFromBytes(keystore.device)
  const binding = await new LedgerReader(location).deviceBinding(keystore.masterId, chainId)
  return { peerId: key.peerId, party: keystore.masterId, role: ownDeviceRole(keystore), code: deviceApprovalCode(proveDevice(key, binding)) }
}

/** The command that approves the device, to run on the node that holds its party's master key. */
export function approveCommand (code: DeviceCode): string {
  return `techo device approve ${code.code} --role ${code.role}`
}
