// A daemon's last resort, in a real Node process: a network error nobody awaited (libp2p's
// TimeoutError from a dial that raced a closing connection) is logged and the daemon goes on; any
// other unhandled error ends it with the internal-error code (4) and says why.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const COMPILED = fileURLToPath(new URL('../dist/daemon/last-resort.js', import.meta.url))

/** Runs a process that installs the last resort, then rejects a promise nobody holds with `error`, then says it is still alive. */
function strayRejection (error: string): { status: number | null, stdout: string, stderr: string } {
  const source = `
    import { installLastResort } from ${JSON.stringify(COMPILED)}
    installLastResort(process, line => process.stderr.write(line + '\\n'))
    Promise.reject(${error})
    setTimeout(() => { console.log('still serving') }, 50)`
  return spawnSync(process.execPath, ['--input-type=module', '-e', source], { encoding: 'utf8' })
}

test('a timeout nobody was waiting for is logged and the daemon goes on', () => {
  const run = strayRejection("Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError', code: 'ABORT_ERR' })")
  assert.is(run.status, 0, run.stderr)
  assert.match(run.stdout, 'still serving')
  assert.match(run.stderr, 'A network error nobody was waiting for was ignored: TimeoutError: The operation was aborted due to timeout')
})

test('any other unhandled error stops the daemon with the internal-error code and its stack', () => {
  const run = strayRejection("new TypeError('cannot read properties of undefined')")
  assert.is(run.status, 4)
  assert.not.match(run.stdout, 'still serving')
  assert.match(run.stderr, 'Internal error, stopping: TypeError: cannot read properties of undefined')
})

test.run()
