// The thin client of a running `techo serve` daemon: JSON calls and streamed progress over its local
// HTTP API with its bearer token. The daemon's errors come back with the same code and sentence, so
// a command exits the same way whichever side did the work. How bytes travel is given by the caller
// (node:http in the CLI, fetch in the web notebook), so the same client serves both.
import { CliError, EXIT, exitCodeFor } from '../cli/exit.js'

/** Where a daemon's API is and the token it takes. */
export interface DaemonEndpoint { url: string, token: string }

/** One answer as the client reads it: status, content type, and the body as text or as chunks. */
export interface HttpAnswer { status: number, contentType: string, text: () => Promise<string>, chunks: () => AsyncIterable<Uint8Array> }

/** Sends one request with the bearer token and resolves once the answer's headers arrive. */
export type HttpSend = (url: string, req: { method: 'GET' | 'POST', token: string, body?: unknown }) => Promise<HttpAnswer>

/** Calls on one daemon. */
export interface DaemonClient {
  readonly url: string
  /** One API call: the parsed JSON answer, or the daemon's error rebuilt with its code, sentence and exit code. */
  call: <T>(method: 'GET' | 'POST', path: string, body?: unknown) => Promise<T>
  /** One streaming call (a sync round): each progress line to `onLine` as it arrives, then the answer. */
  stream: <T>(path: string, body: unknown, onLine: (line: unknown) => void) => Promise<T>
}

/** A client of the daemon at `daemon`, sending with `send`. */
export function daemonClient (daemon: DaemonEndpoint, send: HttpSend): DaemonClient {
  const request = async (method: 'GET' | 'POST', path: string, body: unknown, hint: string): Promise<HttpAnswer> => {
    try {
      return await send(daemon.url + path, { method, token: daemon.token, ...(body === undefined ? {} : { body }) })
    } catch (err) {
      const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message
      throw new CliError(`The techo daemon at ${daemon.url} did not answer (${cause})${hint}.`, 'ERR_DAEMON_UNREACHABLE', EXIT.refused)
    }
  }
  return {
    url: daemon.url,
    call: async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
      const hint = method === 'POST' ? '; check with `techo show` whether the change was stored' : ''
      return await answer<T>(daemon, await request(method, path, body, hint))
    },
    stream: async <T>(path: string, body: unknown, onLine: (line: unknown) => void): Promise<T> => {
      const res = await request('POST', path, body, '')
      if (res.status !== 200 || !res.contentType.startsWith('application/x-ndjson')) return await answer<T>(daemon, res)
      const decoder = new TextDecoder()
      let buffered = ''
      for await (const chunk of res.chunks()) {
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
  }
}

async function answer<T> (daemon: DaemonEndpoint, res: HttpAnswer): Promise<T> {
  const text = await res.text()
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new CliError(`The techo daemon at ${daemon.url} answered ${res.status} with something that is not JSON.`, 'ERR_INTERNAL', EXIT.internal)
  }
  if (res.status >= 200 && res.status < 300) return parsed as T
  throw rebuild(daemon, parsed)
}

// The daemon's error as the CLI would have raised it in place: same code, same sentence, same exit.
function rebuild (daemon: DaemonEndpoint, body: unknown): CliError {
  const error = (body as { error?: { code?: unknown, message?: unknown, field?: unknown } } | null)?.error
  const code = typeof error?.code === 'string' ? error.code : 'ERR_INTERNAL'
  const message = typeof error?.message === 'string' ? error.message : 'no message'
  const field = typeof error?.field === 'string' ? error.field : undefined
  if (code === 'ERR_INTERNAL') {
    return new CliError(`Internal error in the techo daemon at ${daemon.url}: ${message} (run \`techo serve\` with DEBUG=techo:* for details, and please report it).`, code, EXIT.internal)
  }
  return new CliError(message, code, exitCodeFor({ code }), field)
}
