// The README's quick start (`pnpm start`, i.e. node/dist/demo/quickstart.js), run as a person would:
// it sets up the local network, prints the patient's web notebook address (which answers) and
// commands to try, which run as printed (`npx techo …`, with only Node and npm), and it stops
// everything cleanly on Ctrl+C (SIGINT). It runs in a temp directory, so the developer's own
// .techo-demo/ is left alone; that directory links the repository's node_modules, as the
// repository root has them after `pnpm install`.
import { exec, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { test } from 'uvu'
import * as assert from 'uvu/assert'
import { until } from './support/until.js'

const QUICKSTART = fileURLToPath(new URL('../node/dist/demo/quickstart.js', import.meta.url))
const START_TIMEOUT_MS = 90_000

test('the quick start sets up a patient, a clinic relay and a chain, serves the web notebook, and stops cleanly on Ctrl+C', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'techo-quickstart-'))
  symlinkSync(fileURLToPath(new URL('../node_modules', import.meta.url)), join(cwd, 'node_modules'))
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TECHO_') && name !== 'DEBUG'))
  const child = spawn(process.execPath, [QUICKSTART], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString() })
  const exited = new Promise<number | null>(resolve => child.on('close', resolve))
  try {
    const webUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`no web notebook address within ${START_TIMEOUT_MS / 1000} s:\n${stdout}\n${stderr}`)) }, START_TIMEOUT_MS)
      child.stdout.on('data', () => {
        const url = /Patient's web notebook: +(\S+)/.exec(stdout)?.[1]
        if (url !== undefined && stdout.includes('Press Ctrl+C')) { clearTimeout(timer); resolve(url) }
      })
      void exited.then(code => { clearTimeout(timer); reject(new Error(`the quick start exited with ${String(code)}:\n${stdout}\n${stderr}`)) })
    })
    assert.match(stdout, 'consent contract deployed')
    assert.match(stdout, 'the patient granted the clinic read and write access')
    assert.match(stdout, 'the notebook reached the clinic relay')
    assert.match(stdout, /npx techo show --patient \S+ --data \.techo-demo\/clinic/)
    // Two of the printed commands, run exactly as printed: a reading through the patient's daemon
    // reaches the clinic relay's copy.
    const printed = (start: string): string => stdout.split('\n').map(l => l.trim()).find(l => l.startsWith(start)) ?? ''
    const added = await shell(printed('npx techo vitals add bp 118/76'), cwd, env)
    assert.match(added, 'Added blood pressure 118/76 mmHg')
    await until(async () => (await shell(printed('npx techo show --patient'), cwd, env)).includes('118/76'), 'the reading at the clinic relay')
    const page = await fetch(webUrl)
    assert.is(page.status, 200)
    assert.match(await page.text(), '<title>Techo — health notebook</title>')
    // The clinic's workspace is printed beside the patient's notebook, and served by the relay.
    const workspace = await fetch(/Clinic workspace: +(\S+)/.exec(stdout)?.[1] ?? '')
    assert.match(await workspace.text(), '<title>Techo — clinic workspace</title>')

    child.kill('SIGINT')
    assert.is(await exited, 0, stderr)
    assert.match(stdout, 'Stopped the patient node, the clinic relay and the dev chain')
    assert.match(stdout, 'patient      | Stopped; the notebook is closed.')
    assert.match(stdout, 'clinic relay | Stopped; the replicas are closed.')
    // Clean means the daemons released their data directories too.
    for (const who of ['patient', 'clinic']) assert.not.ok(existsSync(join(cwd, '.techo-demo', who, 'daemon.json')), who)
  } finally {
    // On a failure above: SIGINT first, so the quick start stops the daemons it started.
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
    await exited
    clearTimeout(timer)
    rmSync(cwd, { recursive: true, force: true })
  }
})

/** Runs one command line through the shell, as a person pastes it; resolves with what it printed. */
async function shell (line: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  assert.ok(line !== '', 'the quick start printed the command')
  return await new Promise((resolve, reject) => {
    exec(line, { cwd, env, timeout: 60_000 }, (err, stdout, stderr) => { if (err !== null) reject(new Error(`${line}: ${stderr}`)); else resolve(stdout) })
  })
}

test.run()
