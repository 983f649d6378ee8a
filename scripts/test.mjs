// Runs every uvu test file in its own Node process (so one file's sockets or databases cannot leak
// into another's), two at a time, and closes with the line `N passed, N failed` that CI reads.
// Files that start processes run first, so the slowest are not left for last. Each file runs in
// its own process group, which is killed when the file ends: nothing it started outlives it.
//
// Usage: node scripts/test.mjs [--in dir] [filter]   (filter: substring of the file path)
// Without --in it runs the suite (packages/, node/, test/); `--in examples` runs the examples'
// walk-throughs, which take minutes and run in CI after the suite (`pnpm examples`).
// Tests run from the TypeScript sources (the `source` export condition), bundled first into plain
// JavaScript (scripts/bundle-tests.mjs: no loader at run time); the CLI they start runs the
// compiled code, so run `pnpm build` first (`pnpm test` does).
import { spawn } from 'node:child_process'
import { readdirSync, rmSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { cpus } from 'node:os'
import { bundleTests } from './bundle-tests.mjs'

const root = new URL('..', import.meta.url).pathname
const args = process.argv.slice(2)
const dirsAt = args.indexOf('--in')
const dirs = dirsAt === -1 ? ['packages', 'node', 'test'] : [args.splice(dirsAt, 2)[1]]
const filter = args[0] ?? ''
const perFileTimeoutMs = Number(process.env.TECHO_TEST_TIMEOUT_MS ?? 300_000)
const parallel = Math.max(1, Number(process.env.TECHO_TEST_JOBS ?? Math.min(2, cpus().length)))
const hooks = join(root, 'scripts', 'uvu-hooks.mjs')

function findTests (dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'bench' || name === 'dist' || name.startsWith('.')) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) findTests(path, out)
    else if (name.endsWith('.test.ts')) out.push(path)
  }
  return out
}

// Cross-package and daemon tests start processes and take longest: they go first.
const weight = (file) => relative(root, file).startsWith('packages/') ? 1 : 0
const roots = dirs.map(d => join(root, d))
const files = roots.flatMap(d => findTests(d)).filter(f => relative(root, f).includes(filter))
  .sort((a, b) => weight(a) - weight(b) || a.localeCompare(b))

// Each run bundles into a folder of its own, so a run started beside another cannot pull its files away.
const bundles = join(root, 'node_modules', '.cache', 'techo-tests', String(process.pid))
process.on('exit', () => { rmSync(bundles, { recursive: true, force: true }) })
const bundling = Date.now()
const bundled = await bundleTests(root, files, bundles)
console.log(`bundled ${files.length} test files in ${((Date.now() - bundling) / 1000).toFixed(1)} s`)

const running = new Set()
function killGroup (child) {
  try {
    process.kill(-child.pid, 'SIGKILL')
  } catch {
    // The group is already gone.
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    for (const child of running) killGroup(child)
    process.exit(130)
  })
}

function runFile (file) {
  return new Promise(resolve => {
    const started = Date.now()
    const child = spawn(process.execPath, ['--enable-source-maps', '--import', hooks, bundled.get(file)], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true
    })
    running.add(child)
    let output = ''
    child.stdout.on('data', d => { output += d })
    child.stderr.on('data', d => { output += d })
    const timer = setTimeout(() => {
      output += `\n[test runner] ${relative(root, file)} did not finish within ${perFileTimeoutMs / 1000} s and was killed\n`
      killGroup(child)
    }, perFileTimeoutMs)
    child.on('close', code => {
      clearTimeout(timer)
      // Whatever the file started and left running (a daemon, a browser) goes with it.
      killGroup(child)
      running.delete(child)
      const num = (label) => Number(output.match(new RegExp(`${label}:\\s+(\\d+)`))?.[1] ?? 0)
      const total = num('Total')
      const passed = num('Passed')
      const skipped = num('Skipped')
      // A file that crashed before uvu printed its summary, or that ran no test at all, counts as one failure.
      const failed = Math.max(total - passed - skipped, code === 0 && total > 0 ? 0 : 1)
      resolve({ file, code, total, passed, skipped, failed, output, ms: Date.now() - started })
    })
  })
}

const started = Date.now()
const queue = [...files]
const results = []
async function worker () {
  while (queue.length > 0) {
    const file = queue.shift()
    const r = await runFile(file)
    results.push(r)
    const mark = r.failed > 0 ? 'FAIL' : 'ok  '
    console.log(`${mark} ${relative(root, file)}  (${r.passed}/${r.total}, ${(r.ms / 1000).toFixed(1)} s)`)
    if (r.failed > 0) console.log(r.output.split('\n').map(l => '    | ' + l).join('\n'))
  }
}
await Promise.all(Array.from({ length: parallel }, worker))

const sum = (k) => results.reduce((a, r) => a + r[k], 0)
const skipped = sum('skipped')
console.log(`\n${files.length} files in ${((Date.now() - started) / 1000).toFixed(0)} s`)
console.log(`${sum('passed')} passed, ${sum('failed')} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exitCode = sum('failed') > 0 || files.length === 0 ? 1 : 0
