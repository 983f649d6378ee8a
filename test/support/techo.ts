// Runs the real `techo` command (the compiled bin, as a user runs it) as child processes on temp
// data directories: one-shot commands with or without the passphrase, and `serve` daemons read back
// from their printed lines and daemon.json. Every child is killed when its test process exits, and
// a daemon that fails to start is killed before the error is thrown.
//
// Identities for tests that are not about `techo init` are written in this process with the
// keystore's 'test' cost (scrypt N=2^10 instead of 2^17): every later command reads the cost from
// the sealed keystore, so each unlock takes milliseconds and the commands are otherwise unchanged.
import { createKeystore, sealKeystore } from '@techo/identity'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { type DaemonInfo } from '../../node/src/daemon/daemon-file.js'
import { createIdentity } from '../../node/src/session/create-identity.js'
import { EVENT_DEADLINE_MS } from './until.js'

export const PASSPHRASE = 'daemon test passphrase, long enough'
const BIN = fileURLToPath(new URL('../../node/bin/techo.js', import.meta.url))
// A command or a daemon's start that takes longer than this has hung: it is killed and reported.
const COMMAND_DEADLINE_MS = 120_000
const START_DEADLINE_MS = 90_000

export interface Run { code: number | null, stdout: string, stderr: string }

/** Settings every child gets on top of a clean environment (e.g. TECHO_CHAIN). */
export interface ChildEnv { env?: Record<string, string> }

const children = new Set<ChildProcess>()
process.on('exit', () => { for (const child of children) child.kill('SIGKILL') })

/** Runs `techo --data dir ...args`; the passphrase is in the environment only when asked for. */
export async function techo (dataDir: string, args: string[], opts: { passphrase?: boolean } & ChildEnv = {}): Promise<Run> {
  const child = start([BIN, '--data', dataDir, ...args], envFor(opts.passphrase === true, opts.env))
  const out = collect(child)
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`techo ${args.join(' ')} did not finish within ${COMMAND_DEADLINE_MS / 1000} s: ${JSON.stringify(out())}`))
    }, COMMAND_DEADLINE_MS)
    child.on('close', code => { clearTimeout(timer); resolve(code) })
  })
  return { code, ...out() }
}

/** What initParty made: the data directory, this device's PeerId and the party's id. */
export interface Initialised { dir: string, peerId: string, party: string }

/**
 * A new temp data directory holding a patient, a clinic, or (with `join`) a practitioner device of
 * the clinic `join`, as `techo init` would write it but with a keystore that opens quickly.
 */
export async function initParty (opts: { party?: 'patient' | 'clinic', join?: string } = {}): Promise<Initialised> {
  const party = opts.join === undefined ? opts.party ?? 'patient' : 'clinic'
  const dir = mkdtempSync(join(tmpdir(), `techo-${opts.join === undefined ? party : 'practitioner'}-`))
  const { keystore } = await createKeystore({ party, ...(opts.join === undefined ? {} : { masterId: opts.join }) })
  const self = await createIdentity(dir, keystore, await sealKeystore(keystore, PASSPHRASE, { cost: 'test' }))
  return { dir, peerId: self.peerId, party: self.party }
}

/** A new temp data directory holding a patient: its directory, device and patient id. */
export async function initPatient (): Promise<Initialised> {
  return await initParty()
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
  const child = start([BIN, '--data', dataDir, 'serve', '--http-port', '0', ...args], envFor(true, opts.env))
  const output = collect(child)
  const closed = new Promise<number | null>(resolve => child.on('close', resolve))
  try {
    const webUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`techo serve did not start within ${START_DEADLINE_MS / 1000} s: ${JSON.stringify(output())}`)) }, START_DEADLINE_MS)
      const check = (): void => {
        const url = /(?:Web notebook|Workspace): +(\S+)/.exec(output().stdout)?.[1]
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
  } catch (err) {
    child.kill('SIGKILL')
    await closed
    throw err
  }
}

/** One request to the daemon's API; `token: null` sends none. */
export async function api (info: DaemonInfo, method: string, path: string, opts: { body?: string, token?: string | null, headers?: Record<string, string> } = {}): Promise<{ status: number, headers: Headers, json: any }> {
  const token = opts.token === undefined ? info.token : opts.token
  const res = await fetch(info.url + path, {
    method,
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }), ...opts.headers },
    ...(opts.body === undefined ? {} : { body: opts.body }),
    signal: AbortSignal.timeout(EVENT_DEADLINE_MS)
  })
  return { status: res.status, headers: res.headers, json: await res.json() }
}

/** Removes a data directory made by initParty. */
export function removeDir (dir: string): void {
  rmSync(dir, { recursive: true, force: true })
}

function start (args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.add(child)
  child.once('close', () => children.delete(child))
  return child
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
