// A pause between polls. Not node:timers/promises, so the reading side of the ledger also runs in
// a browser (the phone's node follows the chain too).

/** Resolves after `ms` milliseconds. */
export async function sleep (ms: number): Promise<void> {
  await new Promise<void>(resolve => setTimeout(resolve, ms))
}
