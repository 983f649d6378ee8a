// One process owns a vault at a time: a second one gets a clear
// ERR_VAULT_LOCKED, and the vault opens again once the owner is gone.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { spawn, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { openVault } from '../src/index.js'
import { rejectsWith } from './fixtures/expect.js'
import { removeDir, tempDir } from './fixtures/raw.js'

const HOLDER = fileURLToPath(new URL('./fixtures/hold-open.ts', import.meta.url))
const dir = tempDir()
let holder: ChildProcess | undefined

test.after(async () => {
  if (holder !== undefined && holder.exitCode === null && holder.signalCode === null) {
    holder.kill('SIGKILL')
    await once(holder, 'exit')
  }
  removeDir(dir)
})

test('while another process holds the vault, opening it fails with ERR_VAULT_LOCKED; afterwards it opens', async () => {
  const child = holder = spawn(process.execPath, ['--import', 'tsx', HOLDER, dir], { stdio: ['ignore', 'pipe', 'inherit'] })
  let out = ''
  child.stdout!.setEncoding('utf8')
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: string) => { out += d; if (out.includes('open')) resolve() })
    child.on('exit', code => reject(new Error(`the holder exited early (${code})`)))
  })

  const err = await rejectsWith(openVault(dir), 'ERR_VAULT_LOCKED')
  assert.match(err.message, 'in use by another techo process')
  assert.match(err.message, dir)

  child.kill('SIGTERM')
  await once(child, 'exit')
  const vault = await openVault(dir)
  await vault.close()
})

test('a second open in the same process is refused the same way, and close() releases the vault', async () => {
  const first = await openVault(dir)
  await rejectsWith(openVault(dir), 'ERR_VAULT_LOCKED')
  await first.close()
  const second = await openVault(dir)
  await second.close()
})

test.run()
