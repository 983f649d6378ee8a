// A `techo serve` child process of the quick start: started in its own process group (so a Ctrl+C
// in the terminal reaches only the quick start, which stops each child in order), read back from
// the summary it prints, and afterwards passing on its event lines under a name.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../bin/techo.js', import.meta.url))
const START_TIMEOUT_MS = 60_000
const STOP_TIMEOUT_MS = 15_000

/** A running daemon child and what it printed about itself. */
export interface ServeChild {
  peerId: string
  /** Its libp2p addresses, each ending in /p2p/<peer id>. */
  addresses: string[]
  webUrl: string
  /** Resolves with the exit code once the child has exited, for whatever reason. */
  exited: Promise<number | null>
  /** Asks the child to stop (SIGTERM) and resolves once it has; kills it if it takes too long. */
  stop: () => Promise<void>
}

/** Starts `techo serve --http-port 0 ...args` on `dataDir` and resolves once it is serving; its later lines go to `say`. */
export async function startServeChild (dataDir: string, args: string[], env: NodeJS.ProcessEnv, say: (line: string) => void): Promise<ServeChild> {
  const child = spawn(process.execPath, [BIN, '--data', dataDir, 'serve', '--http-port', '0', ...args], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise<number | null>(resolve => child.once('close', code => { resolve(code) }))
  killOnExit(child)
  const summary: string[] = []
  let serving = false
  const started = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`techo serve on ${dataDir} did not start within ${START_TIMEOUT_MS / 1000} s.`)) }, START_TIMEOUT_MS)
    createInterface({ input: child.stdout }).on('line', line => {
      if (serving) return say(line)
      summary.push(line)
      if (line.includes('Press Ctrl+C')) { serving = true; clearTimeout(timer); resolve() }
    })
    let errors = ''
    createInterface({ input: child.stderr }).on('line', line => { if (serving) say(line); else errors += line + '\n' })
    void exited.then(code => { clearTimeout(timer); if (!serving) reject(new Error(errors.trim() || `techo serve on ${dataDir} exited with code ${String(code)}.`)) })
  })
  await started
  const text = summary.join('\n')
  const addresses = /Addresses: +([^]*?)\n {2}Chain:/.exec(text)?.[1]?.split('\n').map(a => a.trim()) ?? []
  return {
    peerId: /Peer ID: +(\S+)/.exec(text)?.[1] ?? '',
    addresses,
    webUrl: /(?:Web notebook|Workspace): +(\S+)/.exec(text)?.[1] ?? '',
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS)
      await exited
      clearTimeout(timer)
    }
  }
}

// A child in its own process group outlives a parent that dies of an uncaught error: take it along.
function killOnExit (child: ChildProcess): void {
  const kill = (): void => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM') }
  process.on('exit', kill)
  child.once('close', () => process.off('exit', kill))
}
