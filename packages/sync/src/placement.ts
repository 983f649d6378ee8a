// Which of a clinic's relays hold a patient's notebook. A hospital runs several relay nodes; each
// notebook lives on REPLICATION_FACTOR of them, chosen by rendezvous (highest-random-weight)
// hashing: every relay gets a score hash(notebook, relay) and the highest scores hold it. Everyone
// computes the same answer from the chain alone (the clinic's approved relay devices), no directory
// to ask, and when a relay joins only the notebooks that now rank it among their top move to it;
// when one leaves only its notebooks move, each to the next relay in its own ranking.
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'

/** How many relays of a clinic hold each patient's notebook (fewer when the clinic runs fewer). */
export const REPLICATION_FACTOR = 2

/** The relays (PeerIds) among `relays` that hold notebook `notebook`, best first. */
export function placeNotebook (notebook: string, relays: readonly string[], factor = REPLICATION_FACTOR): string[] {
  return relays
    .map(relay => ({ relay, score: bytesToHex(sha256(utf8ToBytes(`${notebook}\n${relay}`))) }))
    // Ties cannot happen between distinct relays short of a SHA-256 collision.
    .sort((a, b) => a.score < b.score ? 1 : -1)
    .slice(0, factor)
    .map(r => r.relay)
}
