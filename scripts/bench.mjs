// Runs the benchmarks one after another (never in parallel: they measure time) and lets each print
// its own figures. Usage: node scripts/bench.mjs [filter]   (filter: substring of the file path)
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const filter = process.argv[2] ?? ''

function find (dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) find(path, out)
    else if (name.endsWith('.bench.ts')) out.push(path)
  }
  return out
}

let failed = 0
for (const file of find(join(root, 'test', 'bench')).filter(f => f.includes(filter)).sort()) {
  console.log(`\n=== ${relative(root, file)}`)
  const run = spawnSync(process.execPath, ['--conditions=source', '--import', 'tsx', file], { cwd: root, stdio: 'inherit' })
  if (run.status !== 0) failed++
}
process.exitCode = failed > 0 ? 1 : 0
