// Consent state rebuilt from the contract's events, in block order. It answers the questions
// the network and sync layers ask on every connection and stream (is this PeerId an approved
// device, does this clinic hold a grant on this notebook) without a round trip to the chain.
import type { ConsentEvent } from './events.js'
import { grantRecord, type AnchorRecord, type DeviceRecord, type GrantRecord, type PartyRecord } from './records.js'
import type { Scope } from './validate.js'

interface StoredGrant { patient: string, scope: Scope, until: number, revoked: boolean, at: number }

/** A plain-JSON copy of the state, to persist and resume from. */
export interface ConsentSnapshot {
  parties: Record<string, PartyRecord>
  devices: Record<string, DeviceRecord>
  grants: Record<string, Record<string, StoredGrant>>
  anchors: Record<string, AnchorRecord>
  /**
   * The last seq each signer (an anchor's `by`) anchored, by notebook. Checkpoints written before
   * the sequence ran per signer lack it; they resume with none known, which is what a contract
   * updated in place holds for those anchors too.
   */
  anchorSeqs?: Record<string, Record<string, number>>
  /** The last nonce each signing key used. */
  nonces: Record<string, number>
}

/** The consent contract's state, kept current by applying its events. */
export class ConsentState {
  private readonly parties = new Map<string, PartyRecord>()
  private readonly devices = new Map<string, DeviceRecord>()
  private readonly grantsByNotebook = new Map<string, Map<string, StoredGrant>>()
  private readonly notebooksByClinic = new Map<string, Set<string>>()
  private readonly anchors = new Map<string, AnchorRecord>()
  private readonly anchorSeqs = new Map<string, Map<string, number>>()
  private readonly nonces = new Map<string, number>()

  /** Returns the state a snapshot describes. */
  static fromSnapshot (snapshot: ConsentSnapshot): ConsentState {
    const state = new ConsentState()
    for (const [id, party] of Object.entries(snapshot.parties)) state.parties.set(id, party)
    for (const [peerId, device] of Object.entries(snapshot.devices)) state.devices.set(peerId, device)
    for (const [notebook, grants] of Object.entries(snapshot.grants)) {
      for (const [clinic, grant] of Object.entries(grants)) state.putGrant(notebook, clinic, grant)
    }
    for (const [notebook, anchor] of Object.entries(snapshot.anchors)) state.anchors.set(notebook, anchor)
    for (const [notebook, bySigner] of Object.entries(snapshot.anchorSeqs ?? {})) state.anchorSeqs.set(notebook, new Map(Object.entries(bySigner)))
    for (const [signer, nonce] of Object.entries(snapshot.nonces)) state.nonces.set(signer, nonce)
    return state
  }

  /** Returns an independent copy (to judge a block on before believing it). */
  clone (): ConsentState {
    return ConsentState.fromSnapshot(this.snapshot())
  }

  /** Applies one event the contract emitted; events must come in chain order. Each used up its signer's next nonce. */
  apply (event: ConsentEvent): void {
    this.nonces.set(event.signer, this.nonce(event.signer) + 1)
    switch (event.action) {
      case 'registerParty':
        this.parties.set(event.party, { kind: event.kind, at: event.at })
        break
      case 'approveDevice':
        this.devices.set(event.device, { party: event.party, role: event.role, key: event.key, active: true, at: event.at })
        break
      case 'revokeDevice': {
        const device = this.devices.get(event.device)
        if (device !== undefined) this.devices.set(event.device, { ...device, active: false, at: event.at })
        break
      }
      case 'grant':
        this.putGrant(event.notebook, event.clinic, { patient: event.patient, scope: event.scope, until: event.until, revoked: false, at: event.at })
        break
      case 'revoke': {
        const grant = this.grantsByNotebook.get(event.notebook)?.get(event.clinic)
        if (grant !== undefined) this.putGrant(event.notebook, event.clinic, { ...grant, revoked: true, at: event.at })
        break
      }
      case 'anchor': {
        this.anchors.set(event.notebook, { digest: event.digest, seq: event.seq, by: event.by, at: event.at })
        let bySigner = this.anchorSeqs.get(event.notebook)
        if (bySigner === undefined) this.anchorSeqs.set(event.notebook, bySigner = new Map())
        bySigner.set(event.by, event.seq)
        break
      }
    }
  }

  /** Returns a party's registration, or undefined. */
  party (id: string): PartyRecord | undefined {
    return this.parties.get(id)
  }

  /** Returns a device's approval, or undefined if it was never approved. */
  device (peerId: string): DeviceRecord | undefined {
    return this.devices.get(peerId)
  }

  /** Returns every device the party ever had approved, revoked ones too, in the order first approved. A scan: asked when a page lists a patient's devices, not per connection. */
  devicesOf (party: string): Array<DeviceRecord & { device: string }> {
    return [...this.devices].filter(([, d]) => d.party === party).map(([device, d]) => ({ device, ...d }))
  }

  /** Returns true only while the PeerId is an approved, unrevoked device of a registered party. */
  isApprovedDevice (peerId: string): boolean {
    const device = this.devices.get(peerId)
    return device !== undefined && device.active && this.parties.has(device.party)
  }

  /** Returns the grant of a notebook to a clinic as of `now` (ms), or undefined if there never was one. */
  grant (notebook: string, clinic: string, now = Date.now()): GrantRecord | undefined {
    const grant = this.grantsByNotebook.get(notebook)?.get(clinic)
    return grant === undefined ? undefined : record(grant, now)
  }

  /** Returns every clinic ever granted the notebook, with its grant as of `now` (ms). */
  grants (notebook: string, now = Date.now()): Array<GrantRecord & { clinic: string }> {
    return [...this.grantsByNotebook.get(notebook) ?? []].map(([clinic, grant]) => ({ clinic, ...record(grant, now) }))
  }

  /** Returns every notebook ever granted to the clinic, with its grant as of `now` (ms). */
  grantsForClinic (clinic: string, now = Date.now()): Array<GrantRecord & { notebook: string }> {
    return [...this.notebooksByClinic.get(clinic) ?? []].map(notebook => ({ notebook, ...this.grant(notebook, clinic, now) as GrantRecord }))
  }

  /** Returns the notebook's latest anchor, or undefined. */
  lastAnchor (notebook: string): AnchorRecord | undefined {
    return this.anchors.get(notebook)
  }

  /** Returns the last seq `by` (a device PeerId, or the patient's key) anchored on the notebook (0 if none): its next anchor must carry more. */
  lastAnchorSeq (notebook: string, by: string): number {
    return this.anchorSeqs.get(notebook)?.get(by) ?? 0
  }

  /** Returns the last nonce the signing key used (0 if none): its next payload must carry one more. */
  nonce (signer: string): number {
    return this.nonces.get(signer) ?? 0
  }

  /** Returns a plain-JSON copy of the state. */
  snapshot (): ConsentSnapshot {
    const grants: ConsentSnapshot['grants'] = {}
    for (const [notebook, byClinic] of this.grantsByNotebook) grants[notebook] = Object.fromEntries(byClinic)
    const anchorSeqs: NonNullable<ConsentSnapshot['anchorSeqs']> = {}
    for (const [notebook, bySigner] of this.anchorSeqs) anchorSeqs[notebook] = Object.fromEntries(bySigner)
    return {
      parties: Object.fromEntries(this.parties),
      devices: Object.fromEntries(this.devices),
      grants,
      anchors: Object.fromEntries(this.anchors),
      anchorSeqs,
      nonces: Object.fromEntries(this.nonces)
    }
  }

  private putGrant (notebook: string, clinic: string, grant: StoredGrant): void {
    let byClinic = this.grantsByNotebook.get(notebook)
    if (byClinic === undefined) this.grantsByNotebook.set(notebook, byClinic = new Map())
    byClinic.set(clinic, grant)
    let notebooks = this.notebooksByClinic.get(clinic)
    if (notebooks === undefined) this.notebooksByClinic.set(clinic, notebooks = new Set())
    notebooks.add(notebook)
  }
}

function record (grant: StoredGrant, now: number): GrantRecord {
  return grantRecord(grant.patient, grant.scope, grant.until, grant.revoked, grant.at, now)
}
