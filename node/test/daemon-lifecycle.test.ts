// The daemon's life: SIGTERM and SIGINT stop it cleanly (daemon.json gone, the database released
// to the next command), and a daemon.json left by a SIGKILLed daemon is recognised as stale.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { initPatient, removeDir, serve, techo, type Served } from '../../test/support/techo.js'

let dir: string
const daemons: Served[] = []

test.before(async () => {
  ({ dir } = await initPatient())
})

test.after(async () => {
  for (const d of daemons) await d.stop('SIGKILL')
  removeDir(dir)
})

async function started (): Promise<Served> {
  const daemon = await serve(dir)
  daemons.push(daemon)
  return daemon
}

test('SIGTERM stops the daemon: exit 0, daemon.json removed, and the next command opens the vault itself', async () => {
  const daemon = await started()
  assert.is((await techo(dir, ['vitals', 'add', 'pulse', '64'])).code, 0)
  assert.is(await daemon.stop('SIGTERM'), 0)
  assert.match(daemon.output().stdout, 'Stopped; the notebook is closed.')
  assert.not.ok(existsSync(join(dir, 'daemon.json')))
  // The database is free again: a command opens it itself, with the passphrase.
  const local = await techo(dir, ['show', '--json', '--type', 'pulse'], { passphrase: true })
  assert.is(local.code, 0)
  assert.equal((JSON.parse(local.stdout) as Array<{ value: number }>).map(e => e.value), [64])
})

test('a daemon.json left by a SIGKILLed daemon is ignored: commands run in place, and serve starts again', async () => {
  const killed = await started()
  assert.is(await killed.stop('SIGKILL'), null)
  const stale = readFileSync(join(dir, 'daemon.json'), 'utf8')
  assert.is(JSON.parse(stale).pid, killed.info.pid)
  // Were the dead daemon tried, this would fail with "did not answer" (exit 3).
  const local = await techo(dir, ['vitals', 'add', 'pulse', '66'], { passphrase: true })
  assert.is(local.stderr, '')
  assert.is(local.code, 0)
  const again = await started()
  assert.is.not(again.info.token, killed.info.token)
  const shown = await techo(dir, ['show', '--json', '--type', 'pulse'])
  assert.equal((JSON.parse(shown.stdout) as Array<{ value: number }>).map(e => e.value), [64, 66])
  assert.is(await again.stop('SIGINT'), 0)
  assert.not.ok(existsSync(join(dir, 'daemon.json')))
})

test.run()
