// Runs a `techo` command inside this test process, through the same `main()` the bin calls: for
// tests about what a command prints, returns and writes, where starting Node, loading the modules
// and opening Automerge again for every command (~0.5 s each) is not the point. What is the point
// of a real process (the bin, signals, a daemon) stays with `techo()` in ./techo.ts.
//
// A command sees only what a child would: its arguments, the TECHO_* environment `techo()` gives
// (the passphrase only when asked for), no exit code left by an earlier command; everything it
// writes to stdout and stderr is captured. Commands run one at a time, as the process state they
// touch (the environment, the exit code, the umask, the two streams) is shared.
import { main } from '../../node/src/main.js'
import { PASSPHRASE, type ChildEnv, type Run } from './techo.js'

let queue: Promise<unknown> = Promise.resolve()

/** Runs `techo --data dataDir ...args` in this process; resolves to its exit code and output. */
export async function techoHere (dataDir: string, args: string[], opts: { passphrase?: boolean } & ChildEnv = {}): Promise<Run> {
  const run = queue.then(async () => await runHere(dataDir, args, opts))
  queue = run.catch(() => undefined)
  return await run
}

async function runHere (dataDir: string, args: string[], opts: { passphrase?: boolean } & ChildEnv): Promise<Run> {
  const env = { ...process.env }
  const exitCode = process.exitCode
  const umask = process.umask()
  const writes = { stdout: process.stdout.write, stderr: process.stderr.write }
  const out = { stdout: '', stderr: '' }
  for (const name of Object.keys(process.env)) if (name.startsWith('TECHO_') || name === 'DEBUG') delete process.env[name]
  Object.assign(process.env, opts.env, opts.passphrase === true ? { TECHO_PASSPHRASE: PASSPHRASE } : {})
  process.exitCode = undefined
  for (const stream of ['stdout', 'stderr'] as const) {
    process[stream].write = ((chunk: string | Uint8Array) => {
      out[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString()
      return true
    }) as typeof process.stdout.write
  }
  try {
    const code = await main(['--data', dataDir, ...args])
    return { code, ...out }
  } finally {
    process.stdout.write = writes.stdout
    process.stderr.write = writes.stderr
    process.exitCode = exitCode
    process.umask(umask)
    for (const name of Object.keys(process.env)) if (!(name in env)) delete process.env[name]
    Object.assign(process.env, env)
  }
}
