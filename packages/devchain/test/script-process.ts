// A script in a child process, for tests whose load would otherwise share one event loop with
// what they measure (a dev chain under a flood, the flood itself). The script runs as an ES module
// from this package (so '@techo/devchain' resolves), gets `args` as process.argv[1…], and prints a
// first line the test waits for; SIGTERM ends it, and what it printed is returned.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** A running script: its first printed line, and how to end it. */
export interface ScriptProcess { firstLine: string, stop: () => Promise<string> }

/** Starts `source` in a child Node process; resolves once it printed its first line. */
export async function startScript (source: string, args: string[] = []): Promise<ScriptProcess> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', '--input-type=module', '-e', source, ...args], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const kill = (): void => { child.kill('SIGKILL') }
  process.once('exit', kill)
  let out = ''
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
  const exited = new Promise<void>(resolve => child.once('exit', () => { process.off('exit', kill); resolve() }))
  const firstLine = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const line = /^([^\n]*)\n/.exec(out)?.[1]
      if (line !== undefined) resolve(line)
    })
    void exited.then(() => { reject(new Error(`the script exited before it started: ${out}`)) })
  })
  return {
    firstLine,
    stop: async () => {
      child.kill('SIGTERM')
      await exited
      return out
    }
  }
}
