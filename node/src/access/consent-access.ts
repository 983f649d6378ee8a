// Consent on the chain, as a party does it: register, approve devices, grant, revoke, read back;
// done in this process (local-consent) or by the running daemon (remote-consent).
import type { ConsentEvent, DeviceRole, GrantRecord, Scope } from '@techo/ledger'
import type { WhoAmI } from './notebook-access.js'

/** What one chain action did: its transaction and a sentence for the user. */
export interface ActionSummary { tx: string, said: string }

/** One grant as `techo clinics` lists it, with the clinic's name where its signed profile is known. */
export type GrantRow = GrantRecord & { clinic: string, notebook: string, clinicName?: string }

export interface ConsentAccess {
  /** This party, its kind and this device. */
  whoami: () => Promise<WhoAmI>
  /** Registers this clinic on chain (once), approves this device as its relay and keeps the clinic's signed name (and address) on this node; lists what it did. */
  registerClinic: (name: string, address?: string) => Promise<ActionSummary[]>
  /** Approves a device for this party by its approval code (or this device by its PeerId), registering the party and this device first if needed. */
  approveDevice: (code: string, role: DeviceRole) => Promise<ActionSummary>
  revokeDevice: (peerId: string) => Promise<ActionSummary>
  /** Grants a registered clinic (its id, or its techo:// URI, whose signed name is kept) access to this patient's notebook until `until` (ms since epoch). */
  grant: (clinic: string, scope: Scope, until: number) => Promise<ActionSummary>
  revoke: (clinic: string) => Promise<ActionSummary>
  /** A patient's grants to clinics, or the grants a clinic holds. */
  grants: () => Promise<GrantRow[]>
  /** This party's history, read back from the chain. */
  history: () => Promise<ConsentEvent[]>
}
