// The thin client of a running `techo serve` daemon: JSON calls and streamed progress over its local
// HTTP API with the token from daemon.json. The daemon's errors come back with the same code and
// sentence, so a command exits the same way whichever side did the work. Loads nothing but fetch.
import { type DaemonInfo } from '../daemon/daemon-file.js'
import { CliError, EXIT, exitCodeFor } from '../cli/exit.js'

/** Where a daemon's API is and the token it takes. */
export type DaemonEndpoint = Pick<DaemonInfo, 'url' | 'token'>

/** One API call: the parsed JSON answer, or the daemon's error rebuilt with its code, sentence and exit code. */
export async function callDaemon<T> (daemon: DaemonEndpoint, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const hint = method === 'POST' ? '; check with `techo show` whether the change was stored' : ''
  return await answer<T>(daemon, await send(daemon, method, path, body, hint))
}

/** One streaming API call (a sync round): each progress line to `onLine` as it arrives, then the answer. */
export async function streamDaemon<T> (daemon: DaemonEndpoint, path: string, body: unknown, onLine: (line: unknown) => void): Promise<T> {
  const res = await send(daemon, 'POST', path, body, '')
  if (!res.ok || res.body === null || !(res.headers.get('content-type') ?? '').startsWith('application/x-ndjson')) return await answer<T>(daemon, res)
  const decoder = new TextDecoder()
  let buffered = ''
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true })
    let end: number
    while ((end = buffered.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffered.slice(0, end)) as { result?: T, error?: unknown }
      buffered = buffered.slice(end + 1)
      if ('error' in line) throw rebuild(daemon, line)
      if ('result' in line) return line.result as T
      onLine(line)
    }
  }
  throw new CliError(`The techo daemon at ${daemon.url} stopped answering before the end (was it stopped?).`, 'ERR_DAEMON_UNREACHABLE', EXIT.refused)
}

async function send (daemon: DaemonEndpoint, method: 'GET' | 'POST', path: string, body: unknown, hint: string): Promise<Response> {
  try {
    return await fetch(daemon.url + path, {
      method,
      headers: { authorization: `Bearer ${daemon.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message
    throw new CliError(`The techo daemon at ${daemon.url} did not answer (${cause})${hint}.`, 'ERR_DAEMON_UNREACHABLE', EXIT.refused)
  }
}

async function answer<T> (daemon: DaemonEndpoint, res: Response): Promise<T> {
  const text = await res.text()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new CliError(`The techo daemon at ${daemon.url} answered ${res.status} with something that is not JSON.`, 'ERR_INTERNAL', EXIT.internal)
  }
  if (res.ok) return parsed as T
  throw rebuild(daemon, parsed)
}

// The daemon's error as the CLI would have raised it in place: same code, same sentence, same exit.
function rebuild (daemon: DaemonEndpoint, body: unknown): CliError {
  const error = (body as { error?: { code?: unknown, message?: unknown } } | null)?.error
  const code = typeof error?.code === 'string' ? error.code : 'ERR_INTERNAL'
  const message = typeof error?.message === 'string' ? error.message : 'no message'
  if (code === 'ERR_INTERNAL') {
    return new CliError(`Internal error in the techo daemon at ${daemon.url}: ${message} (run \`techo serve\` with DEBUG=techo:* for details, and please report it).`, code, EXIT.internal)
  }
  return new CliError(message, code, exitCodeFor({ code }))
}
