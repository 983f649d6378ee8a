// Who wrote each change a peer sends, judged by signatures and never by who delivered it. A proof
// (see proofs.ts) is a device's signature over one of its changes; the change's hash commits to its
// whole ancestry, so the proof covers the ancestors of that change made by the device's actor. A
// forger can copy an actor id but cannot make a change that a signed hash descends from.
//
// A new change is accepted as the notebook's when it is
//   - an ancestor of (or) a change a device of the patient signed: the patient wrote it or built on
//     it (a clinic's note written while its grant stood stays valid after a revoke; the patient's
//     own devices stay the patient's after a revocation, so a restored phone gets their history), or
//   - the notebook's genesis: the first change, by the actor derived from the patient's id.
// A change covered by a proof of an approved device of a party with a write grant is accepted if
// it passes the write rules (the gate checks them). Anything else rejects the message: a change no
// proof covers, a forged signature, a party without the right to write. An honest sender always
// can prove what it sends: it signs its own changes before sending, keeps the proofs of what it
// accepted, and Automerge sends every change that descends from one it sends, so the change a proof
// signs comes with the changes it covers.
import { actorIdForPeerId, genesisActorFor } from '@techo/identity'
import type { Directory } from './directory.js'
import { SyncError } from './errors.js'
import { proofVerifies, type ChangeProof, type KnownProof } from './proofs.js'

/** What the judge needs to know of a change. */
export interface ChangeMeta { hash: string, actor: string, seq: number, deps: string[] }

/** What a party may do to this notebook now. */
export type Rights = 'owner' | 'write' | 'read' | 'none'

export interface JudgeInput {
  /** The patient: the notebook's owner. */
  owner: string
  /** The changes we do not hold yet (or the part of them no patient's proof covers), in causal order. */
  changes: ChangeMeta[]
  /** The proofs that came with them, already checked (see validProofs). */
  proofs: KnownProof[]
  directory: Directory
  rights: (party: string) => Rights
}

export interface Judgement {
  /** Hashes of changes accepted as they are (closed under ancestry among the judged changes). */
  trusted: Set<string>
  /** Changes of writers, in causal order, each to be checked against the write rules as its party's. */
  writes: Array<{ hash: string, party: string }>
}

/** Decides who wrote every change; throws ERR_REJECTED_CHANGE naming the first change no signature can allow. */
export function judgeChanges (input: JudgeInput): Judgement {
  const { changes, owner, directory } = input
  const byHash = new Map(changes.map(c => [c.hash, c]))
  const trusted = new Set<string>()
  // Which changes each actor's proof covers: its change and the ancestors made by that actor.
  const covered = new Map<string, Set<string>>()
  for (const proof of input.proofs) {
    if (!byHash.has(proof.hash)) continue
    const ancestry = ancestorsOf(proof.hash, byHash)
    if (directory.byActor(proof.actor)?.party === owner) for (const hash of ancestry) trusted.add(hash)
    const own = covered.get(proof.actor) ?? new Set<string>()
    for (const hash of ancestry) if (byHash.get(hash)?.actor === proof.actor) own.add(hash)
    covered.set(proof.actor, own)
  }
  const genesis = genesisActorFor(owner)
  const writes: Judgement['writes'] = []
  for (const change of changes) {
    if (trusted.has(change.hash)) continue
    if (change.actor === genesis) {
      if (change.seq !== 1 || change.deps.length > 0) throw reject(`change ${short(change.hash)} claims the notebook's genesis actor but is not its first change`)
      trusted.add(change.hash)
      continue
    }
    const device = directory.byActor(change.actor)
    if (device === undefined) throw reject(`change ${short(change.hash)} was made by actor ${change.actor}, which no device approved on the chain has`)
    if (covered.get(change.actor)?.has(change.hash) !== true) throw reject(`change ${short(change.hash)} by actor ${change.actor} carries no valid signature of its device`)
    const rights = input.rights(device.party)
    if (rights === 'owner') {
      trusted.add(change.hash)
    } else if (rights === 'write') {
      writes.push({ hash: change.hash, party: device.party })
    } else {
      throw reject(`change ${short(change.hash)} is signed by device ${device.peerId} of party ${device.party}, which ${rights === 'read' ? 'has read access only' : 'holds no grant on this notebook'}`)
    }
  }
  return { trusted, writes }
}

/**
 * The attached proofs that verify under the device whose actor made the signed change, for a change
 * `place` finds. A patient's device counts after its revocation, any other only while approved.
 * Throws ERR_REJECTED_CHANGE for a forged signature.
 */
export function validProofs (attached: ChangeProof[], place: (hash: string) => ChangeMeta | undefined, ctx: { notebook: string, owner: string, directory: Directory }): KnownProof[] {
  const valid: KnownProof[] = []
  for (const proof of attached) {
    const change = place(proof.hash)
    if (change === undefined) continue
    let actor: string
    try {
      actor = actorIdForPeerId(proof.device)
    } catch {
      continue
    }
    const device = ctx.directory.byActor(actor)
    if (actor !== change.actor || device === undefined || device.peerId !== proof.device) continue
    if (!device.active && device.party !== ctx.owner) continue
    if (!proofVerifies(proof, ctx.notebook)) throw reject(`the signature of device ${proof.device} on change ${short(proof.hash)} is forged`)
    valid.push({ ...proof, actor, seq: change.seq })
  }
  return valid
}

// `hash` and its ancestors among the new changes (an ancestor we already hold ends the walk).
function ancestorsOf (hash: string, byHash: Map<string, ChangeMeta>): Set<string> {
  const seen = new Set<string>()
  const stack = [hash]
  while (stack.length > 0) {
    const next = stack.pop() as string
    const change = byHash.get(next)
    if (change === undefined || seen.has(next)) continue
    seen.add(next)
    stack.push(...change.deps)
  }
  return seen
}

function short (hash: string): string {
  return hash.slice(0, 12)
}

function reject (why: string): SyncError {
  return new SyncError('ERR_REJECTED_CHANGE', `The sync message was rejected: ${why}.`)
}
