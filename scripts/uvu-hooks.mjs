// Loaded before every test file: uvu 0.5 swallows an error thrown by a `before` hook (its runner
// returns from a `finally`), so a file whose set-up failed ended `0 / N` with no reason given. This
// prints the hook's error, then lets uvu go on as before.
import { test } from 'uvu'

for (const name of ['before', 'after']) {
  const hook = test[name]
  const reported = (kind) => (fn) => (kind === name ? hook : hook.each)(async (state) => {
    try {
      await fn(state)
    } catch (err) {
      process.stderr.write(`\n  The ${kind === name ? name : `${name}.each`} hook failed: ${err?.stack ?? err}\n`)
      throw err
    }
  })
  test[name] = Object.assign(reported(name), { each: reported(`${name}.each`) })
}
