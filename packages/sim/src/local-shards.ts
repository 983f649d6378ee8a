// Shards as worker processes on this machine: each is a Node process running the compiled
// shard-main with the same runtime flags as this one, and each joins the lead over HTTP and the
// other shards over TCP exactly as a pod would. A lead running from the TypeScript sources (a test)
// forks the compiled entry too (`pnpm build` writes it): the process running it may have no
// TypeScript loader.
import { fork, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const SHARD_ENTRY = fileURLToPath(new URL(import.meta.url.endsWith('.ts') ? '../dist/shard-main.js' : './shard-main.js', import.meta.url))

/**
 * libp2p makes a logger for every connection and stream, and each asks whether stderr is a
 * terminal (a system call) unless DEBUG_COLORS is set: seconds of CPU per minute with thousands of
 * nodes. Setting it changes only the colour of debug output, which is off unless DEBUG is set.
 */
const QUIET_LOGGERS = { DEBUG_COLORS: process.env.DEBUG_COLORS ?? 'false' }

export interface LocalShards {
  /** The launcher runLead calls once its rendezvous listens. */
  launch: (url: string, failed: (message: string) => void) => void
  /** Kills whatever is still running. */
  kill: () => void
  /** Resolves once every worker has exited. */
  exited: () => Promise<void>
}

/** Forks `count` shard workers of the scenario file at `scenarioPath`; `outDir` receives their shard files, `workDir` their vaults. */
export function localShards (scenarioPath: string, count: number, outDir: string, workDir: string, log: (shard: number, line: string) => void): LocalShards {
  const children: ChildProcess[] = []
  const exits: Array<Promise<void>> = []
  return {
    launch: (url, failed) => {
      for (let shard = 0; shard < count; shard++) {
        const args = ['--scenario', scenarioPath, '--shard', String(shard), '--join', url, '--out', outDir, '--work', workDir]
        const child = fork(SHARD_ENTRY, args, { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], execArgv: process.execArgv, env: { ...process.env, ...QUIET_LOGGERS } })
        children.push(child)
        const lines = (data: Buffer): void => { for (const line of data.toString().split('\n')) if (line.trim() !== '') log(shard, line) }
        child.stdout?.on('data', lines)
        child.stderr?.on('data', lines)
        exits.push(new Promise(resolve => child.once('exit', (code, signal) => {
          if (code !== 0) failed(`Shard ${shard} exited with ${signal ?? `code ${String(code)}`}.`)
          resolve()
        })))
      }
    },
    kill: () => {
      for (const child of children) {
        if (child.exitCode !== null) continue
        // A moment to exit on its own (and write what it must), then no more.
        child.kill('SIGTERM')
        setTimeout(() => { if (child.exitCode === null) child.kill('SIGKILL') }, 5000).unref()
      }
    },
    exited: async () => { await Promise.all(exits) }
  }
}
