// What the examples are made of: the real `techo` command (the compiled bin, as a user runs it),
// each command printed before it runs and its output after, on data directories in a temporary
// folder. Long-running ones (`techo chain`, `techo serve`) run in the background until the walk
// ends; `walk` stops them and removes the folder whatever happens.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const BIN = fileURLToPath(new URL('../../node/bin/techo.js', import.meta.url))
const START_MS = 90_000
const WAIT_MS = 60_000

/** A finished command: its exit code and what it printed. */
export interface Done { code: number | null, stdout: string, stderr: string }

/** What a walk can do: run a command as someone, start one in the background, wait for something. */
export interface Walk {
  /** Runs `techo --data <someone's dir> ...args`, prints it and its output; fails unless it exits with `expect` (0). */
  techo: (who: string, args: string[], expect?: number) => Promise<Done>
  /** Starts a long-running `techo` command as `who` and resolves to what it printed once `ready` matches it. */
  background: (who: string, args: string[], ready: RegExp) => Promise<string>
  /** Runs `techo` as `who` until `done` holds for its result (things arrive over the network), then prints the last run. */
  until: (who: string, args: string[], done: (r: Done) => boolean, what: string) => Promise<Done>
  /** Prints a step's title. */
  step: (title: string) => void
  /** A path in the walk's folder, for files a command writes. */
  file: (name: string) => string
}

/** The first group of `pattern` in what a command printed; a clear error when it is not there. */
export function field (text: string, pattern: RegExp, what: string): string {
  const found = pattern.exec(text)?.[1]
  if (found === undefined) throw new Error(`Found no ${what} in:\n${text}`)
  return found
}

/** Runs `body` in a fresh folder with TECHO_PASSPHRASE set, then stops every background command and removes the folder. */
export async function walk (body: (w: Walk) => Promise<void>): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'techo-example-'))
  const env: NodeJS.ProcessEnv = { ...process.env, TECHO_PASSPHRASE: 'an example passphrase, long enough', NO_COLOR: '1' }
  const children: ChildProcess[] = []
  const dir = (who: string): string => join(root, who)
  const start = (who: string, args: string[]): ChildProcess => spawn(process.execPath, [BIN, '--data', dir(who), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  const quietly = async (who: string, args: string[]): Promise<Done> => {
    const child = start(who, args)
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d: Buffer) => { stdout += d.toString() })
    child.stderr?.on('data', (d: Buffer) => { stderr += d.toString() })
    const code = await new Promise<number | null>(resolve => child.on('close', resolve))
    return { code, stdout, stderr }
  }
  const show = (who: string, args: string[], r: Done): void => {
    console.log(`\n${who}$ techo ${args.map(a => /[\s"'&?]/.test(a) ? JSON.stringify(a) : a).join(' ')}`)
    const out = (r.stdout + r.stderr).trimEnd()
    if (out !== '') console.log(out.replace(/^/gm, '  '))
  }
  const w: Walk = {
    techo: async (who, args, expect = 0) => {
      const r = await quietly(who, args)
      show(who, args, r)
      if (r.code !== expect) throw new Error(`techo ${args.join(' ')} exited with ${String(r.code)}, not ${expect}.`)
      return r
    },
    background: async (who, args, ready) => {
      const child = start(who, args)
      children.push(child)
      let out = ''
      const printed = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => { reject(new Error(`techo ${args.join(' ')} did not start within ${START_MS / 1000} s:\n${out}`)) }, START_MS)
        child.stdout?.on('data', (d: Buffer) => { out += d.toString(); if (ready.test(out)) { clearTimeout(timer); resolve(out) } })
        child.stderr?.on('data', (d: Buffer) => { out += d.toString() })
        child.on('close', code => { clearTimeout(timer); reject(new Error(`techo ${args.join(' ')} exited with ${String(code)}:\n${out}`)) })
      })
      show(who, args, { code: null, stdout: printed, stderr: '' })
      return printed
    },
    until: async (who, args, done, what) => {
      const deadline = Date.now() + WAIT_MS
      for (;;) {
        const r = await quietly(who, args)
        if (done(r)) { show(who, args, r); return r }
        if (Date.now() > deadline) throw new Error(`Gave up after ${WAIT_MS / 1000} s waiting for ${what}; the last try printed:\n${r.stdout}${r.stderr}`)
      }
    },
    step: title => { console.log(`\n== ${title}`) },
    file: name => join(root, name)
  }
  try {
    await body(w)
  } finally {
    for (const child of children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue
      const closed = new Promise(resolve => child.once('close', resolve))
      child.kill('SIGTERM')
      await closed
    }
    rmSync(root, { recursive: true, force: true })
  }
}
