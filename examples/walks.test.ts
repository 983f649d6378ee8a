// The examples in examples/ run as a person runs them (one command each) and end well: each is a
// walk through the real `techo` command. They take minutes, so they are not part of `pnpm test`:
// `pnpm examples` runs them, and CI does after the suite.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const DEADLINE_MS = 240_000

async function runExample (name: string): Promise<{ code: number | null, out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', `examples/${name}`], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  child.stdout.on('data', (d: Buffer) => { out += d.toString() })
  child.stderr.on('data', (d: Buffer) => { out += d.toString() })
  const timer = setTimeout(() => child.kill('SIGTERM'), DEADLINE_MS)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  clearTimeout(timer)
  return { code, out }
}

test('the personal health record: readings, sync to the authorised clinic, anchored digest, verified copy', async () => {
  const { code, out } = await runExample('phr.ts')
  assert.is(code, 0, out)
  assert.match(out, 'Added blood pressure 128/84 mmHg')
  assert.match(out, /anchored digest #1/)
  assert.match(out, /Verified: The digest anchored at .* (is the digest|is an earlier state) of the notebook held here/)
  assert.match(out, /Verified: \S+notebook\.json records the notebook state with digest \w+…, which was anchored at/)
  assert.match(out, /changed +Observation +\S+ +valueQuantity/)
  assert.match(out, /Body temperature +36\.5 °C/)
})

test('record sharing: grant from the QR link, prescribe, verify, revoke', async () => {
  const { code, out } = await runExample('record-sharing.ts')
  assert.is(code, 0, out)
  assert.match(out, /Granted Sakura Clinic \(\S+\) write access/)
  assert.match(out, 'amlodipine')
  assert.match(out, 'Sakura Clinic opened your notebook (practitioner device')
  assert.match(out, /Verified: The digest anchored at .* of the notebook held here/)
  assert.match(out, 'revoked this clinic\'s access: this node destroyed its copy')
})

test.run()
