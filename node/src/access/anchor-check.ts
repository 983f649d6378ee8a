// `techo verify`'s judgement: whether a notebook held here is the one whose digest the patient's
// node anchored on chain at a given time. The digest is salted with a value inside the notebook,
// so only a party that holds the notebook can make this check; the chain only keeps the digest.
import { digest, findPastDigests, type Notebook } from '@techo/notebook'

/** One anchor as the chain recorded it: sequence, salted digest, block time (ms) and who signed it. */
export interface AnchorFact { seq: number, digest: string, at: number, by: string }

/**
 * An anchor judged against the notebook held here: `now` it is that notebook; `before` it is an
 * earlier state of it, `since` changes ago; `absent` no state of the notebook held here has that digest
 * (this copy lacks changes the anchoring device had, or was altered).
 */
export type AnchorCheck = AnchorFact & ({ held: 'now' | 'absent' } | { held: 'before', since: number })

/** Judges each of `anchors` against `nb`. */
export function checkAnchors (nb: Notebook, anchors: readonly AnchorFact[]): AnchorCheck[] {
  const now = digest(nb)
  const { found, changes } = findPastDigests(nb, new Set(anchors.map(a => a.digest)))
  return anchors.map(a => {
    if (a.digest === now) return { ...a, held: 'now' }
    const held = found.get(a.digest)
    return held === undefined ? { ...a, held: 'absent' } : { ...a, held: 'before', since: changes - held }
  })
}
