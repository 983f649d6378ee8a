// The recovery phrase, as a patient would use it: it resets a forgotten passphrase on the same
// device, restores the same identity on a new device, and a wrong phrase changes nothing.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { removeDir, techo } from './support/techo.js'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'

const root = mkdtempSync(join(tmpdir(), 'techo-recover-'))
const dir = join(root, 'phone')
const phraseFile = join(root, 'phrase')
const newPassFile = join(root, 'new-passphrase')
let patientId = ''
test.after(() => { removeDir(root) })

const words = (stdout: string): string => [...stdout.matchAll(/\d+\. (\w+)/g)].map(m => m[1]).join(' ')

test.before(async () => {
  const init = await techo(dir, ['init'], { passphrase: true })
  assert.is(init.code, 0, init.stderr)
  patientId = /Patient id: +(\S+)/.exec(init.stdout)?.[1] ?? ''
  writeFileSync(phraseFile, words(init.stdout) + '\n')
  writeFileSync(newPassFile, 'a brand new passphrase\n')
  assert.is((await techo(dir, ['vitals', 'add', 'pulse', '64'], { passphrase: true })).code, 0)
})

test('the phrase resets a forgotten passphrase and keeps the notebook', async () => {
  const r = await techo(dir, ['recover', '--phrase-file', phraseFile, '--passphrase-file', newPassFile])
  assert.is(r.code, 0, r.stderr)
  assert.match(r.stdout, 'passphrase for')
  const old = await techo(dir, ['show'], { passphrase: true })
  assert.is(old.code, 1)
  assert.is(old.stderr, 'The passphrase is wrong.\n')
  const shown = await techo(dir, ['--passphrase-file', newPassFile, 'show', '--json'])
  assert.is(shown.code, 0, shown.stderr)
  assert.equal((JSON.parse(shown.stdout) as Array<{ value: number }>).map(e => e.value), [64])
})

test('the phrase restores the same patient on a new device, with the same notebook', async () => {
  const other = join(root, 'new-phone')
  const r = await techo(other, ['recover', '--phrase-file', phraseFile], { passphrase: true })
  assert.is(r.code, 0, r.stderr)
  assert.match(r.stdout, `Restored patient ${patientId}`)
  const added = await techo(other, ['vitals', 'add', 'pulse', '66'], { passphrase: true })
  assert.is(added.code, 0, added.stderr)
})

test('a phrase of someone else, or a mistyped one, is refused and changes nothing', async () => {
  const stranger = await techo(join(root, 'stranger'), ['init'], { passphrase: true })
  const strangerPhrase = join(root, 'stranger-phrase')
  writeFileSync(strangerPhrase, words(stranger.stdout))
  const wrong = await techo(dir, ['recover', '--phrase-file', strangerPhrase], { passphrase: true })
  assert.is(wrong.code, 1)
  assert.match(wrong.stderr, 'belongs to another identity')
  const typo = join(root, 'typo')
  writeFileSync(typo, words(stranger.stdout).replace(/^\w+/, 'zzzz'))
  const bad = await techo(dir, ['recover', '--phrase-file', typo], { passphrase: true })
  assert.is(bad.code, 1)
  assert.match(bad.stderr, /zzzz/)
  const still = await techo(dir, ['--passphrase-file', newPassFile, 'show', '--json'])
  assert.is(still.code, 0, still.stderr)
})

test.run()
