// Runs the real `techo` command as child processes on a temp data directory: `init`, a `serve`
// daemon read back from its printed lines and daemon.json, and one-shot commands with or without
// the passphrase. Shared by the daemon tests and the web notebook test.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type DaemonInfo } from '../src/daemon/daemon-file.js'

export const PASSPHRASE = 'daemon test passphrase, long enough'
const BIN = fileURLToPath(new URL('../bin/techo.js', import.meta.url))
const START_TIMEOUT_MS = 30_000

export interface Run { code: number | null, stdout: string, stderr: string }

/** Settings every child gets on top of a clean environment (e.g. TECHO_CHAIN). */
export interface ChildEnv { env?: Record<string, string> }

/** Runs `techo --data dir ...args`; the passphrase is in the environment only when asked for. */
export async function techo (dataDir: string, args: string[], opts: { passphrase?: boolean } & ChildEnv = {}): Promise<Run> {
  const child = spawn(process.execPath, [BIN, '--data', dataDir, ...args], { env: envFor(opts.passphrase === true, opts.env), stdio: ['ignore', 'pipe', 'pipe'] })
  const out = collect(child)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  return { code, ...out() }
}

/** A new temp data directory holding an initialised patient: its directory, device and patient id. */
export async function initPatient (): Promise<{ dir: string, peerId: string, party: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'techo-daemon-'))
  const run = await techo(dir, ['init'], { passphrase: true })
  const peerId = /This device: (\S+)/.exec(run.stdout)?.[1]
  const party = /Patient id: +(\S+)/.exec(run.stdout)?.[1]
  if (run.code !== 0 || peerId === undefined || party === undefined) throw new Error(`techo init failed: ${run.stderr}`)
  return { dir, peerId, party }
}

/** A running `techo serve` child. */
export interface Served {
  child: ChildProcess
  info: DaemonInfo
  webUrl: string
  /** Everything printed so far. */
  output: () => { stdout: string, stderr: string }
  /** Sends the signal and resolves to the exit code (null when killed by the signal). */
  stop: (signal: NodeJS.Signals) => Promise<number | null>
}

/** Starts `techo serve --http-port 0 ...args` with the passphrase and waits until it says it is serving. */
export async function serve (dataDir: string, args: string[] = [], opts: ChildEnv = {}): Promise<Served> {
  const child = spawn(process.execPath, [BIN, '--data', dataDir, 'serve', '--http-port', '0', ...args], { env: envFor(true, opts.env), stdio: ['ignore', 'pipe', 'pipe'] })
  const output = collect(child)
  const closed = new Promise<number | null>(resolve => child.on('close', resolve))
  const webUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`techo serve did not start: ${JSON.stringify(output())}`)) }, START_TIMEOUT_MS)
    const check = (): void => {
      const url = /Web notebook: +(\S+)/.exec(output().stdout)?.[1]
      if (url !== undefined && output().stdout.includes('Press Ctrl+C')) { clearTimeout(timer); resolve(url) }
    }
    child.stdout?.on('data', check)
    void closed.then(code => { clearTimeout(timer); reject(new Error(`techo serve exited with ${code}: ${output().stderr}`)) })
  })
  const info = JSON.parse(readFileSync(join(dataDir, 'daemon.json'), 'utf8')) as DaemonInfo
  return {
    child,
    info,
    webUrl,
    output,
    stop: async signal => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return await closed
    }
  }
}

/** One request to the daemon's API; `token: null` sends none. */
export async function api (info: DaemonInfo, method: string, path: string, opts: { body?: string, token?: string | null, headers?: Record<string, string> } = {}): Promise<{ status: number, headers: Headers, json: any }> {
  const token = opts.token === undefined ? info.token : opts.token
  const res = await fetch(info.url + path, {
    method,
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }), ...opts.headers },
    ...(opts.body === undefined ? {} : { body: opts.body })
  })
  return { status: res.status, headers: res.headers, json: await res.json() }
}

/** Removes a data directory made by initPatient. */
export function removeDir (dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

function envFor (withPassphrase: boolean, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TECHO_') && name !== 'DEBUG')), NO_COLOR: '1', ...extra }
  if (withPassphrase) env.TECHO_PASSPHRASE = PASSPHRASE
  return env
}

function collect (child: ChildProcess): () => { stdout: string, stderr: string } {
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (d: Buffer) => { stdout += d.toString() })
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString() })
  return () => ({ stdout, stderr })
}
