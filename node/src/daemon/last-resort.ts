// What a running daemon does with an error nobody was waiting for. libp2p's network code can reject
// a promise nobody holds when a dial or a stream times out or is aborted (a TimeoutError from a dial
// that raced a closing connection was seen), and Node's default then ends the process: a clinic's
// relay gone for every patient over one peer's slow network. Such a network error is logged and
// the daemon goes on. Anything else is a bug that leaves state nobody can vouch for: it is logged
// and the process ends with the internal-error code, so a supervisor restarts it cleanly.
import { EXIT } from '../cli/exit.js'

const NETWORK_NAMES = new Set(['TimeoutError', 'AbortError'])
const NETWORK_CODES = new Set(['ABORT_ERR', 'ERR_TIMEOUT', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ERR_STREAM_RESET', 'ERR_STREAM_PREMATURE_CLOSE'])

/** True for an error of the network that a peer, not this code, caused (a timeout, an abort, a reset). */
export function isNetworkError (err: unknown): boolean {
  const e = err as { name?: unknown, code?: unknown } | null
  return typeof e === 'object' && e !== null && (NETWORK_NAMES.has(e.name as string) || NETWORK_CODES.has(e.code as string))
}

/** The process events the daemon listens to, and how it ends. */
export interface ProcessLike {
  on: (event: 'unhandledRejection' | 'uncaughtException', listener: (err: unknown) => void) => unknown
  off: (event: 'unhandledRejection' | 'uncaughtException', listener: (err: unknown) => void) => unknown
  exit: (code: number) => never | void
}

/** Installs the daemon's last resort on `proc` (the process); `say` logs a line. Returns its removal. */
export function installLastResort (proc: ProcessLike, say: (line: string) => void): () => void {
  const handle = (err: unknown): void => {
    const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
    if (isNetworkError(err)) {
      say(`A network error nobody was waiting for was ignored: ${text}`)
      return
    }
    say(`Internal error, stopping: ${err instanceof Error ? err.stack ?? text : text}`)
    proc.exit(EXIT.internal)
  }
  proc.on('unhandledRejection', handle)
  proc.on('uncaughtException', handle)
  return () => {
    proc.off('unhandledRejection', handle)
    proc.off('uncaughtException', handle)
  }
}
