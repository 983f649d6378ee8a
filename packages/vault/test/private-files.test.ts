// A vault is readable by its owner alone: its directory 0700 and every file in it 0600, whatever the
// process umask, LevelDB's own files included; a directory left looser is tightened when it opens.
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { randomBytes } from 'node:crypto'
import { chmodSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { openVault } from '../src/index.js'
import { addReadings, emptyReadings } from './fixtures/readings.js'
import { removeDir, tempDir } from './fixtures/raw.js'

const PHONE = 'ef'.repeat(16)
const parent = tempDir()
test.after(() => removeDir(parent))

/** Every entry of `dir` whose mode is not `fileMode` (or 0700 for `dir` itself), as "name 0644". */
function loose (dir: string): string[] {
  const modes = [['.', statSync(dir).mode & 0o777, 0o700] as const]
  const files = readdirSync(dir).map(name => [name, statSync(join(dir, name)).mode & 0o777, 0o600] as const)
  return [...modes, ...files].filter(([, mode, want]) => mode !== want).map(([name, mode]) => `${name} ${mode.toString(8)}`)
}

test('a new vault is 0700 with 0600 files under a permissive umask, and stays so across reopening', async () => {
  const previous = process.umask(0o022)
  try {
    const dir = join(parent, 'new', 'vault')
    const key = new Uint8Array(randomBytes(32))
    let doc = emptyReadings(PHONE)
    for (let session = 0; session < 3; session++) {
      const vault = await openVault(dir, { compaction: { maxChunks: 4 } })
      await vault.unlock(key)
      await vault.putSealedKeystore(new Uint8Array([1, 2, 3]))
      for (let seq = session * 10; seq < session * 10 + 10; seq++) await vault.notebooks.save('nb', doc = addReadings(doc, seq, seq + 1, PHONE))
      await vault.close()
    }
    const vault = await openVault(dir)
    try {
      const names = readdirSync(dir)
      for (const kind of [/\.ldb$/, /\.log$/, /^MANIFEST-/, /^CURRENT$/, /^TECHO-IDENTITY$/, /^TECHO-SESSION$/]) {
        assert.ok(names.some(n => kind.test(n)), `no file like ${String(kind)} in ${names.join(' ')}`)
      }
      assert.equal(loose(dir), [])
    } finally {
      await vault.close()
    }
  } finally {
    process.umask(previous)
  }
})

test('a vault left readable by others is tightened when it opens', async () => {
  const dir = join(parent, 'loose')
  const vault = await openVault(dir)
  await vault.close()
  writeFileSync(join(dir, 'config.json'), '{}\n', { mode: 0o644 })
  chmodSync(dir, 0o755)
  for (const name of readdirSync(dir)) chmodSync(join(dir, name), 0o644)
  assert.ok(loose(dir).length > 2)
  // A file of the person's own, not techo's, keeps the mode they gave it.
  writeFileSync(join(dir, 'notes.txt'), 'mine\n', { mode: 0o644 })
  const reopened = await openVault(dir)
  await reopened.close()
  assert.equal(loose(dir), ['notes.txt 644'])
})

test.run()
