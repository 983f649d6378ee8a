// What a patient's data directory looks like on disk, and what the command says about it: readable
// by the owner alone (0700, every file 0600: LevelDB's, the markers, daemon.json), a new passphrase
// that would be guessed soon refused with the reason before anything is written, and a damaged vault
// reported in words, with what to do, instead of LevelDB aborting or a reading silently vanishing.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { generateRecoveryPhrase } from '@techo/identity'
import { removeDir, serve } from './support/techo.js'
import { techoHere } from './support/techo-here.js'

const root = mkdtempSync(join(tmpdir(), 'techo-files-'))
const dir = join(root, 'patient')
test.after(() => { removeDir(root) })

/** Entries of `dir` (and `dir` itself as ".") whose mode is not 0600 (0700 for the directory). */
function loose (path: string): string[] {
  const entries = [['.', statSync(path).mode & 0o777, 0o700] as const, ...readdirSync(path).map(n => [n, statSync(join(path, n)).mode & 0o777, 0o600] as const)]
  return entries.filter(([, mode, want]) => mode !== want).map(([name, mode]) => `${name} ${mode.toString(8)}`)
}

/** Writes `text` to a file in the test's root and returns its path. */
function file (name: string, text: string): string {
  const path = join(root, name)
  writeFileSync(path, text)
  return path
}

test('init, commands and a running daemon leave a 0700 directory of 0600 files', async () => {
  chmodSync(root, 0o755)
  const init = await techoHere(dir, ['init'], { passphrase: true })
  assert.is(init.code, 0, init.stderr)
  for (let i = 0; i < 3; i++) assert.is((await techoHere(dir, ['vitals', 'add', 'pulse', String(60 + i)], { passphrase: true })).code, 0)
  const daemon = await serve(dir)
  try {
    assert.is((await techoHere(dir, ['vitals', 'add', 'pulse', '70'])).code, 0)
    const names = readdirSync(dir)
    for (const kind of [/\.ldb$/, /\.log$/, /^MANIFEST-/, /^CURRENT$/, /^TECHO-IDENTITY$/, /^daemon\.json$/]) {
      assert.ok(names.some(n => kind.test(n)), `no file like ${String(kind)} in ${names.join(' ')}`)
    }
    assert.equal(loose(dir), [])
  } finally {
    await daemon.stop('SIGTERM')
  }
  assert.equal(loose(dir), [])
})

test('a weak new passphrase is refused with the reason, before anything is written', async () => {
  const fresh = join(root, 'weak')
  const short = await techoHere(fresh, ['init'], { env: { TECHO_PASSPHRASE: 'a' } })
  assert.is(short.code, 1)
  assert.is(short.stderr, 'This passphrase is too easy to guess: it is too short. Use 4 or more random words, or a longer sentence only you would know.\n')
  const common = await techoHere(fresh, ['--passphrase-file', file('common', 'password1\n'), 'init'])
  assert.is(common.code, 1)
  assert.match(common.stderr, 'too easy to guess: this is a commonly used password.')
  assert.not.ok(existsSync(fresh), 'a refused init left a directory behind')

  const recovered = await techoHere(join(root, 'recovered'), ['recover', '--phrase-file', file('phrase', generateRecoveryPhrase()), '--passphrase-file', file('weak-pass', 'sunshine2024\n')])
  assert.is(recovered.code, 1)
  assert.match(recovered.stderr, /^This passphrase is too easy to guess: this is similar to a commonly used password\. /)
  assert.not.ok(existsSync(join(root, 'recovered')))
})

test('a flipped byte in a table or the log is reported as damage with what to do, and the files stay as they were', async () => {
  const before = (await techoHere(dir, ['show', '--json'], { passphrase: true }))
  assert.is(before.code, 0, before.stderr)
  for (const kind of ['.ldb', '.log']) {
    const copy = join(root, `damaged${kind}`)
    // A copy made as a backup tool would, so the original keeps working.
    const names = readdirSync(dir).filter(n => n !== 'daemon.json')
    mkdirSync(copy, { mode: 0o700 })
    for (const name of names) writeFileSync(join(copy, name), readFileSync(join(dir, name)))
    const target = names.filter(n => n.endsWith(kind)).sort((a, b) => statSync(join(dir, b)).size - statSync(join(dir, a)).size)[0]!
    const bytes = readFileSync(join(copy, target))
    const middle = Math.floor(bytes.length / 2)
    bytes[middle] = bytes[middle]! ^ 0xff
    writeFileSync(join(copy, target), bytes)
    const snapshot = (): string[] => readdirSync(copy).sort().map(n => `${n} ${readFileSync(join(copy, n)).toString('base64')}`)
    const was = snapshot()
    const run = await techoHere(copy, ['show'], { passphrase: true })
    assert.is(run.code, 1, `${target}: ${run.stdout}${run.stderr}`)
    assert.is(run.stderr.trim().split('\n').length, 1, 'one sentence, no stack trace')
    assert.match(run.stderr, `The vault at ${copy} is damaged: in ${target}, `)
    assert.match(run.stderr, 'run `techo recover --data NEW_DIR` with your recovery phrase')
    assert.equal(snapshot(), was, `${target}: opening the damaged copy changed it`)
  }
})

test.run()
