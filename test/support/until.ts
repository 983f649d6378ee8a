// Waiting for something to happen, for every test: poll the condition, fail with what was awaited
// once a generous deadline passes. A busy machine makes things slower, never different, so the
// deadline only decides when to give up, never whether the behaviour was right.

/** How long a test waits for an event before it fails, unless told otherwise. */
export const EVENT_DEADLINE_MS = 30_000

/**
 * Resolves once `check()` holds; fails with `what` after `timeoutMs`. A wait raced against an event
 * passes `stop`, aborted once the race is decided: otherwise the loser polls on, and keeps the test
 * process alive, until its deadline.
 */
export async function until (check: () => boolean | Promise<boolean>, what: string, timeoutMs = EVENT_DEADLINE_MS, stop?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (stop?.aborted !== true && !(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`)
    await new Promise(resolve => setTimeout(resolve, 25))
  }
}
