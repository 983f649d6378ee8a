// The keystore slot: stored with its recovery slot in one write, and never silently "missing".
// LevelDB skips damaged log records on open, so a vault whose log was garbled could look new; the
// vault must say it is damaged instead, or a user would be told to run `init` over it. A garbled log
// is caught by the file check; a log lost whole, by the identity marker beside the database.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openVault } from '../src/index.js'
import { rejectsWith } from './fixtures/expect.js'
import { removeDir, tempDir } from './fixtures/raw.js'

const dirs: string[] = []
test.after(() => { for (const dir of dirs) removeDir(dir) })

test('the keystore and its recovery slot are stored together and read back', async () => {
  const dir = tempDir()
  dirs.push(dir)
  let vault = await openVault(dir)
  assert.is(await vault.getSealedKeystore(), undefined)
  assert.is(await vault.getRecovery(), undefined)
  await vault.putSealedKeystore(new Uint8Array([1, 2, 3]), new Uint8Array([4, 5]))
  await vault.close()
  vault = await openVault(dir)
  assert.equal([...(await vault.getSealedKeystore()) ?? []], [1, 2, 3])
  assert.equal([...(await vault.getRecovery()) ?? []], [4, 5])
  await rejectsWith(vault.putSealedKeystore(new Uint8Array([9]), new Uint8Array(0)), 'ERR_BAD_INPUT')
  assert.equal([...(await vault.getSealedKeystore()) ?? []], [1, 2, 3])
  await vault.close()
})

test('a vault whose log is garbled is refused as damaged before LevelDB can drop the keystore', async () => {
  const dir = tempDir()
  dirs.push(dir)
  const vault = await openVault(dir)
  await vault.putSealedKeystore(new Uint8Array(64).fill(7))
  await vault.close()
  for (const name of readdirSync(dir).filter(n => n.endsWith('.log'))) {
    const bytes = readFileSync(join(dir, name))
    for (let i = 7; i < bytes.length; i += 32) bytes[i] = (bytes[i] ?? 0) ^ 0xff
    writeFileSync(join(dir, name), bytes)
  }
  const err = await rejectsWith(openVault(dir), 'ERR_DAMAGED_VAULT')
  assert.match(err.message, /\.log, the record at byte 0 fails its checksum/)
})

test('a vault whose log was lost with the keystore in it says it is damaged rather than new', async () => {
  const dir = tempDir()
  dirs.push(dir)
  const vault = await openVault(dir)
  await vault.putSealedKeystore(new Uint8Array(64).fill(7))
  await vault.close()
  for (const name of readdirSync(dir).filter(n => n.endsWith('.log'))) rmSync(join(dir, name))
  const reopened = await openVault(dir)
  try {
    const err = await rejectsWith(reopened.getSealedKeystore(), 'ERR_DAMAGED_VAULT')
    assert.match(err.message, /lost its keystore/)
    assert.match(err.message, 'techo recover')
  } finally {
    await reopened.close()
  }
})

test.run()
