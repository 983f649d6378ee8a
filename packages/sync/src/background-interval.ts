// A periodic check that must not keep a process alive on its own. Under Node that is the timer's
// unref(); in a browser (the phone app runs this package in its page) a timer is a plain number
// without one, and a page has no process to keep alive anyway.

/** Runs `check` every `ms` without holding a Node process open; clear it with clearInterval. */
export function backgroundInterval (check: () => void, ms: number): ReturnType<typeof setInterval> {
  const timer = setInterval(check, ms)
  if (typeof timer === 'object') timer.unref()
  return timer
}
