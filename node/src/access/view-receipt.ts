// A view receipt: "device D of clinic C opened patient P's notebook at T", signed by the viewing
// device's own key. Relays carry it to the patient; the patient's node believes it because the
// signature checks out under D and the chain says D belongs to C, never because of who delivered it.
import { canonicalize, deviceKeyFromBytes, fromBase58, toBase58, verifyDeviceSignature } from '@techo/identity'

/** What a receipt says. */
export interface Viewed { notebook: string, patient: string, party: string, device: string, at: string }

/** A receipt as it travels: the canonical JSON signed, and the device's signature (base58). */
export interface ViewReceipt { payload: string, signature: string }

const TYPE = 'techo/viewed/v1'
const utf8 = new TextEncoder()

/** The receipt of `viewed`, signed with the stored device key `device` (whose PeerId must be `viewed.device`). */
export function signViewed (device: Uint8Array, viewed: Viewed): ViewReceipt {
  const payload = canonicalize({ type: TYPE, ...viewed })
  return { payload, signature: toBase58(deviceKeyFromBytes(device).sign(utf8.encode(payload))) }
}

/** What `receipt` says if the device it names signed it and its fields are sound; undefined otherwise. */
export function checkViewed (receipt: unknown): Viewed | undefined {
  const r = receipt as Partial<ViewReceipt> | null
  if (typeof r?.payload !== 'string' || typeof r.signature !== 'string' || r.payload.length > 1000 || r.signature.length > 100) return undefined
  let v: Record<string, unknown>
  try {
    v = JSON.parse(r.payload) as Record<string, unknown>
  } catch {
    return undefined
  }
  const { type, notebook, patient, party, device, at } = v
  if (type !== TYPE || typeof notebook !== 'string' || typeof patient !== 'string' || typeof party !== 'string' || typeof device !== 'string' || typeof at !== 'string' || Number.isNaN(Date.parse(at))) return undefined
  let signature: Uint8Array
  try {
    signature = fromBase58(r.signature)
  } catch {
    return undefined
  }
  if (!verifyDeviceSignature(device, utf8.encode(r.payload), signature)) return undefined
  return { notebook, patient, party, device, at }
}

/** What a receipt this node checked before storing it says, read without verifying its signature again. */
export function viewedAsStored (receipt: ViewReceipt): Viewed {
  return JSON.parse(receipt.payload) as Viewed
}
