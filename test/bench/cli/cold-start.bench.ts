// Cold start of the `techo` command, each figure beside `node -e 0` measured in the same run:
// `techo --help`; `techo show` on a small notebook without a daemon (passphrase unlock included);
// `techo vitals add` without a daemon; and `techo vitals add` / `techo show` through a running daemon.
// The passphrase's key derivation (scrypt, N=2^17, r=8) is timed on its own, in-process, and the
// local commands are timed again on a keystore sealed at the test cost (N=2^10), which shows what
// they cost besides the derivation (the real command overlaps module loading with the derivation).
// Targets (issue 7): --help ≤ 2× node -e 0; a daemon-served command ≤ 0.3 s; vitals add without a
// daemon ≤ 0.4 s plus the key derivation.
//
// Run: pnpm build && node --conditions=source --import tsx test/bench/cli/cold-start.bench.ts [runs, default 15]
import { openKeystore } from '@techo/identity'
import { openVault } from '@techo/vault'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PASSPHRASE, initParty, serve } from '../../support/techo.js'

const RUNS = Number(process.argv[2] ?? 15)
const BIN = fileURLToPath(new URL('../../../node/bin/techo.js', import.meta.url))

const env = { ...process.env, TECHO_PASSPHRASE: PASSPHRASE, NO_COLOR: '1' }

/** Wall time of one process, in ms; throws if it fails. */
function timeOnce (args: string[]): number {
  const started = process.hrtime.bigint()
  const run = spawnSync(process.execPath, args, { env, encoding: 'utf8' })
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed: ${run.stderr}`)
  return ms
}

/** Median and p90 of RUNS timings of `args`, after one warm-up run (file cache, not the process). */
function measure (args: string[]): { median: number, p90: number } {
  timeOnce(args)
  const times = Array.from({ length: RUNS }, () => timeOnce(args)).sort((a, b) => a - b)
  return { median: times[Math.floor(times.length / 2)] as number, p90: times[Math.floor(times.length * 0.9)] as number }
}

const dir = mkdtempSync(join(tmpdir(), 'techo-bench-cli-'))
try {
  timeOnce([BIN, '--data', dir, 'init'])
  for (let i = 0; i < 30; i++) timeOnce([BIN, '--data', dir, 'vitals', 'add', 'pulse', String(60 + i % 20), '--at', new Date(Date.now() - i * 3_600_000).toISOString()])

  // The key derivation alone: open the sealed keystore in this process.
  const vault = await openVault(dir)
  const sealed = await vault.getSealedKeystore()
  await vault.close()
  if (sealed === undefined) throw new Error('no keystore')
  const kdf: number[] = []
  for (let i = 0; i < 5; i++) {
    const t = performance.now()
    await openKeystore(sealed, PASSPHRASE)
    kdf.push(performance.now() - t)
  }
  const kdfMs = kdf.sort((a, b) => a - b)[2] as number

  const floor = measure(['-e', '0'])
  const help = measure([BIN, '--help'])
  const showLocal = measure([BIN, '--data', dir, 'show', '--type', 'pulse'])
  const addLocal = measure([BIN, '--data', dir, 'vitals', 'add', 'pulse', '70'])
  const cheap = await initParty()
  const showCheap = measure([BIN, '--data', cheap.dir, 'show', '--type', 'pulse'])
  const addCheap = measure([BIN, '--data', cheap.dir, 'vitals', 'add', 'pulse', '70'])
  rmSync(cheap.dir, { recursive: true, force: true })

  const daemon = await serve(dir)
  let addServed, showServed
  try {
    addServed = measure([BIN, '--data', dir, 'vitals', 'add', 'pulse', '71'])
    showServed = measure([BIN, '--data', dir, 'show', '--type', 'pulse'])
  } finally {
    await daemon.stop('SIGTERM')
  }

  const row = (name: string, m: { median: number, p90: number }, target: string): string =>
    `${name.padEnd(42)} ${m.median.toFixed(0).padStart(6)} ms ${m.p90.toFixed(0).padStart(6)} ms   ${target}`
  console.log(`techo cold start, ${RUNS} runs each (median, p90), Node ${process.version}`)
  console.log(row('node -e 0', floor, ''))
  console.log(row('techo --help', help, `${(help.median / floor.median).toFixed(2)}× node -e 0 (target ≤ 2×)`))
  console.log(row('techo show, no daemon', showLocal, `${(showLocal.median - kdfMs).toFixed(0)} ms more than the key derivation`))
  console.log(row('techo vitals add, no daemon', addLocal, `${(addLocal.median - kdfMs).toFixed(0)} ms more than the key derivation (target ≤ 400 ms)`))
  console.log(row('techo show, cheap keystore (no derivation)', showCheap, ''))
  console.log(row('techo vitals add, cheap keystore (no derivation)', addCheap, 'target ≤ 400 ms'))
  console.log(row('techo vitals add, through the daemon', addServed, 'target ≤ 300 ms'))
  console.log(row('techo show, through the daemon', showServed, 'target ≤ 300 ms'))
  console.log(`passphrase key derivation (scrypt N=2^17, r=8, p=1), median of 5: ${kdfMs.toFixed(0)} ms`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
