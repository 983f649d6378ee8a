// The knobs of a SyncService, with defaults sized for a clinic relay on a LAN
// and phones on mobile links.
import type * as Automerge from '@automerge/automerge'
import type { DeviceKey } from '@techo/identity'
import type { Role, TechoNode } from '@techo/net'
import type { Notebook } from '@techo/notebook'
import type { Vault } from '@techo/vault'
import { DEFAULT_BACKOFF, type BackoffOptions } from '@techo/backoff'
import type { AnchorLedger } from './anchor.js'
import type { ConsentView } from './consent.js'
import type { DocHolder } from './holder.js'
import { DEFAULT_WRITE_LIMITS, type WriteLimits } from './write-rules.js'

export interface SyncLimits {
  /** Largest frame accepted or sent; a whole-notebook first sync must fit (default 16 MiB). */
  maxFrameBytes: number
  /** How long the hello and its answer may take (default 10 s). */
  handshakeTimeoutMs: number
  /** A session whose peer sends nothing for this long is reset (default 60 s). */
  idleTimeoutMs: number
  /** A quiet session sends a ping this often (default 20 s). */
  keepaliveMs: number
  /** The larger PeerId of a newly connected pair waits this long before opening sessions itself (default 1 s). */
  tieBreakMs: number
  /** Read receipts are written to the audit log at most this often per session (default 5 s). */
  auditIntervalMs: number
  /** Per-peer sync state is written at most this often per session (default 1 s). */
  syncStateDelayMs: number
  /** Reconnect delays. */
  backoff: BackoffOptions
  /** Sync streams per connection, each way (one per notebook; default 1024). */
  maxStreams: number
  /** What a writer may put in a patient's notebook (entry, change and share sizes). */
  writes: WriteLimits
  /** A clinic node keeps at most this many replicas open; the least recently used idle one closes first (default 1000). */
  maxOpenReplicas: number
  /** A clinic's replica with no session closes after this long unused (default 5 min). */
  replicaIdleMs: number
  /** How often this node checks that it is connected to the relays holding its open notebooks (default 5 s). */
  relayCheckMs: number
}

export const DEFAULT_LIMITS: SyncLimits = {
  maxFrameBytes: 16 * 1024 * 1024,
  handshakeTimeoutMs: 10_000,
  idleTimeoutMs: 60_000,
  keepaliveMs: 20_000,
  tieBreakMs: 1000,
  auditIntervalMs: 5000,
  syncStateDelayMs: 1000,
  backoff: DEFAULT_BACKOFF,
  maxStreams: 1024,
  writes: DEFAULT_WRITE_LIMITS,
  maxOpenReplicas: 1000,
  replicaIdleMs: 5 * 60_000,
  relayCheckMs: 5000
}

export interface AnchorOptions {
  /** The ledger client (the `Ledger` class fits); anchors are signed with the service's device key. */
  ledger: AnchorLedger
  /** At most one anchor per notebook per this many ms (default 5 s). */
  intervalMs?: number
}

export interface SyncServiceOptions {
  /** A started node from @techo/net's createTechoNode. */
  node: TechoNode
  /** This device's key (the node's): it signs this device's changes, and anchors. */
  signer: DeviceKey
  /** This device's unlocked vault: replicas, sync state and the audit log live there. */
  vault: Vault
  /** The ledger view (LedgerView), started. */
  view: ConsentView
  /** Who this node is: its party (base58 master key) and its role. */
  self: { party: string, role: Role }
  /** A patient's own notebooks, open in the daemon. Clinic roles leave this out: their replicas follow their grants. */
  notebooks?: Notebook[]
  /** Opens a replica as a notebook once it holds one (the daemon passes Notebook.fromDoc); without it replicas stay bare documents. */
  open?: (doc: Automerge.Doc<unknown>, actor: string) => DocHolder
  /** Patient nodes: anchor the notebook's digest after sessions that changed it. */
  anchor?: AnchorOptions
  limits?: Partial<SyncLimits>
}
