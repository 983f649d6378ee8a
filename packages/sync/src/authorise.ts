// The authorisation chain, asked before any notebook byte moves and again on
// every message: the Noise-authenticated PeerId → an approved device on the
// ledger → its party → that party owns the notebook, is our own party, or holds
// an active grant on it. A clinic's node serves a notebook only to the patient's
// devices and its own clinic's devices, never to another clinic.
import type { ConsentView } from './consent.js'

/** How far a peer is trusted with one notebook. */
export type AccessLevel =
  | 'owner' // a device of the notebook's patient: its changes are the notebook
  | 'own-party' // a device of our own clinic (relay ↔ practitioner): trusted like ourselves
  | 'write' // a clinic with a write grant: may add entries and amend its own
  | 'read' // a clinic with a read grant: receives, pushes nothing

export interface Access {
  level: AccessLevel
  /** The peer's party (base58 master key). */
  party: string
}

export type Decision = { ok: true, access: Access } | { ok: false, reason: string }

/** Who is asking, from this node's side: our party, and the notebook with its owner (the patient). */
export interface AuthoriseContext {
  self: string
  notebook: string
  owner: string
}

/** Decides whether `peerId` may sync `ctx.notebook` with this node now; a refusal says why in one sentence. */
export function authorise (view: Pick<ConsentView, 'device' | 'party' | 'grant'>, ctx: AuthoriseContext, peerId: string): Decision {
  const device = view.device(peerId)
  if (device === undefined) return refuse(`device ${peerId} is not approved on the ledger`)
  if (!device.active) return refuse(`the approval of device ${peerId} was withdrawn`)
  if (view.party(device.party) === undefined) return refuse(`device ${peerId} belongs to party ${device.party}, which is not registered`)
  const selfIsOwner = ctx.self === ctx.owner
  // A clinic holds a replica only while its own grant stands, whoever it talks to.
  if (!selfIsOwner) {
    const ours = view.grant(ctx.notebook, ctx.self)
    if (ours?.active !== true) return refuse(`this clinic's grant on notebook ${ctx.notebook} ${ours === undefined ? 'does not exist' : lapsed(ours)}`)
  }
  if (device.party === ctx.owner) return allow('owner', device.party)
  if (device.party === ctx.self) return allow('own-party', device.party)
  if (!selfIsOwner) return refuse(`party ${device.party} is neither the patient nor this clinic, and a clinic shares a notebook with no one else`)
  const grant = view.grant(ctx.notebook, device.party)
  if (grant === undefined) return refuse(`party ${device.party} holds no grant on notebook ${ctx.notebook}`)
  if (!grant.active) return refuse(`the grant of party ${device.party} on notebook ${ctx.notebook} ${lapsed(grant)}`)
  return allow(grant.scope, device.party)
}

function lapsed (grant: { revoked: boolean, until: number }): string {
  return grant.revoked ? 'was revoked' : `expired at ${new Date(grant.until).toISOString()}`
}

function allow (level: AccessLevel, party: string): Decision {
  return { ok: true, access: { level, party } }
}

function refuse (reason: string): Decision {
  return { ok: false, reason }
}
