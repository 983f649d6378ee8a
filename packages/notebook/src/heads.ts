// Heads compare as sets: Automerge does not promise an order.

/** True when two lists of change hashes name the same heads. */
export function sameHeads (a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every(h => b.includes(h))
}
