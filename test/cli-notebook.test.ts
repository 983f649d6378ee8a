// A patient's first steps with the `techo` command, each run through the command's own entry on a real data directory:
// init, readings of every kind, show (table, JSON, filters), and every bad input refused with a
// sentence, the right exit code and nothing written.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { initPatient, removeDir } from './support/techo.js'
import { techoHere } from './support/techo-here.js'

let dir: string
let phrase: string[]

test.before(async () => {
  ({ dir } = await initPatient())
})
test.after(() => { removeDir(dir) })

const show = async (...args: string[]): Promise<Array<Record<string, unknown>>> => {
  const run = await techoHere(dir, ['show', '--json', ...args], { passphrase: true })
  assert.is(run.code, 0, run.stderr)
  return JSON.parse(run.stdout) as Array<Record<string, unknown>>
}

test('init shows a 24-word recovery phrase once and refuses to overwrite an identity', async () => {
  const fresh = await techoHere(join(dir, 'second'), ['init'], { passphrase: true })
  assert.is(fresh.code, 0, fresh.stderr)
  phrase = [...fresh.stdout.matchAll(/\d+\. (\w+)/g)].map(m => m[1] ?? '')
  assert.is(phrase.length, 24)
  assert.match(fresh.stdout, /Patient id: +[1-9A-HJ-NP-Za-km-z]{43,44}/)
  const again = await techoHere(join(dir, 'second'), ['init'], { passphrase: true })
  assert.is(again.code, 1)
  assert.match(again.stderr, 'already holds a techo identity')
  removeDir(join(dir, 'second'))
})

test('readings of every kind are added and shown back, filtered by type and time', async () => {
  const readings: Array<[string, string]> = [['bp', '120/80'], ['temp', '36.8'], ['pulse', '72'], ['weight', '64.2'], ['spo2', '98'], ['glucose', '95'], ['steps', '8000']]
  for (const [i, [kind, value]] of readings.entries()) {
    const run = await techoHere(dir, ['vitals', 'add', kind, value, '--at', `2026-03-0${i + 1}T08:00:00+09:00`], { passphrase: true })
    assert.is(run.code, 0, run.stderr)
    assert.match(run.stdout, /^Added /)
  }
  const all = await show('--type', 'vital')
  assert.equal(all.map(e => e.kind), ['bp', 'temp', 'pulse', 'weight', 'spo2', 'glucose', 'steps'])
  assert.equal((await show('--type', 'bp')).map(e => [e.systolic, e.diastolic]), [[120, 80]])
  assert.equal((await show('--since', '2026-03-06T00:00:00+09:00')).map(e => e.kind), ['glucose', 'steps'])
  const table = await techoHere(dir, ['show', '--type', 'vital'], { passphrase: true })
  assert.match(table.stdout, /When +What +Value/)
  assert.match(table.stdout, /Blood pressure +120\/80 mmHg/)
  assert.match(table.stdout, '7 entries.')
})

test('allergies, medications, conditions and notes are added with their details', async () => {
  const runs = [
    ['add', 'allergy', 'peanut', '--criticality', 'high', '--reaction', 'hives'],
    ['add', 'medication', 'loratadine', '10', 'mg', '--dosage', 'once daily'],
    ['add', 'condition', 'asthma'],
    ['add', 'note', 'Felt dizzy after lunch']
  ]
  for (const args of runs) assert.is((await techoHere(dir, args, { passphrase: true })).code, 0)
  const [allergy] = await show('--type', 'allergy')
  assert.equal([(allergy?.code as { text: string }).text, allergy?.criticality, allergy?.reaction], ['peanut', 'high', 'hives'])
  const [medication] = await show('--type', 'medication')
  assert.equal([(medication?.medication as { text: string }).text, medication?.dosage], ['loratadine 10 mg', 'once daily'])
  assert.is((await show('--type', 'note'))[0]?.text, 'Felt dizzy after lunch')
})

test('bad readings are refused with a sentence naming what is wrong, exit 1, nothing written', async () => {
  const before = (await show()).length
  const cases: Array<[string[], RegExp]> = [
    [['vitals', 'add', 'bp', '300/20'], /Systolic pressure 300 mm\[Hg\] is out of range \(50–260\)/],
    [['vitals', 'add', 'temp', 'abc'], /temperature/i],
    [['vitals', 'add', 'temp', '98.6'], /Fahrenheit/],
    [['vitals', 'add', 'weight', '0'], /weight/i],
    [['vitals', 'add', 'pulse', '72', '--at', 'yesterday'], /time|ISO 8601/i],
    [['add', 'allergy', 'peanut', '--criticality', 'extreme'], /criticality/i]
  ]
  for (const [args, message] of cases) {
    const run = await techoHere(dir, args, { passphrase: true })
    assert.is(run.code, 1, `${args.join(' ')}: ${run.stderr}`)
    assert.match(run.stderr, message)
    assert.is(run.stderr.trim().split('\n').length, 1, 'one sentence, no stack trace')
  }
  assert.is((await show()).length, before)
})

test('a wrong passphrase is refused in words; a missing argument is a usage error (exit 2)', async () => {
  const file = join(dir, 'wrong-passphrase')
  writeFileSync(file, 'not the passphrase\n')
  const wrong = await techoHere(dir, ['--passphrase-file', file, 'show'])
  assert.is(wrong.code, 1)
  assert.is(wrong.stderr, 'The passphrase is wrong.\n')
  const usage = await techoHere(dir, ['vitals', 'add', 'bp'])
  assert.is(usage.code, 2)
  assert.match(usage.stderr, /missing required argument/)
  const help = await techoHere(dir, ['vitals', 'add', '--help'])
  assert.is(help.code, 0)
  assert.match(help.stdout, /bp 120\/80/)
})

test('a damaged vault file is reported as damaged, and init will not write over it', async () => {
  const damaged = join(dir, 'damaged')
  assert.is((await techoHere(damaged, ['init'], { passphrase: true })).code, 0)
  for (const name of readdirSync(damaged).filter(n => n.endsWith('.log'))) {
    const bytes = readFileSync(join(damaged, name))
    for (let i = 7; i < bytes.length; i += 32) bytes[i] = (bytes[i] ?? 0) ^ 0xff
    writeFileSync(join(damaged, name), bytes)
  }
  for (const args of [['show'], ['init']]) {
    const run = await techoHere(damaged, args, { passphrase: true })
    assert.is(run.code, 1, run.stderr)
    assert.match(run.stderr, /damaged/)
  }
})

test.run()
