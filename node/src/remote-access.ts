// NotebookAccess through a running `techo serve` daemon, over its local HTTP API. The daemon does
// the work with its own LocalAccess, so results are identical; its errors come back with the same
// code and sentence, so a command exits the same way whichever side held the database.
import { type Bundle, type Entry, type ImportReport } from '@techo/notebook'
import { type AuditEvent } from '@techo/vault'
import { type NotebookAccess, type WhoAmI } from './access.js'
import { type DaemonInfo } from './daemon/daemon-file.js'
import { CliError, EXIT, exitCodeFor } from './exit.js'

/** Where a daemon's API is and the token it takes. */
export type DaemonEndpoint = Pick<DaemonInfo, 'url' | 'token'>

/** Serves a NotebookAccess from the daemon at `daemon`; nothing needs closing. */
export function remoteAccess (daemon: DaemonEndpoint): NotebookAccess {
  const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => await callDaemon<T>(daemon, method, path, body)
  return {
    whoami: async () => await call<WhoAmI>('GET', '/api/whoami'),
    addVital: async input => await call<Entry>('POST', '/api/vitals', input),
    addEntry: async (kind, input) => await call<Entry>('POST', `/api/entries/${kind}`, input),
    query: async q => await call<Entry[]>('GET', `/api/entries${search(q)}`),
    exportFhir: async () => await call<Bundle>('GET', '/api/fhir'),
    importFhir: async bundle => await call<ImportReport>('POST', '/api/fhir', bundle),
    audit: async q => await call<AuditEvent[]>('GET', `/api/audit${search(q)}`),
    close: async () => {}
  }
}

/** One API call: the parsed JSON answer, or the daemon's error rebuilt with its code, sentence and exit code. */
export async function callDaemon<T> (daemon: DaemonEndpoint, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let res: Response
  try {
    res = await fetch(daemon.url + path, {
      method,
      headers: { authorization: `Bearer ${daemon.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) })
    })
  } catch (err) {
    const cause = (err as Error & { cause?: Error }).cause?.message ?? (err as Error).message
    const check = method === 'POST' ? '; check with `techo show` whether the change was stored' : ''
    throw new CliError(`The techo daemon at ${daemon.url} did not answer (${cause})${check}.`, 'ERR_DAEMON_UNREACHABLE', EXIT.refused)
  }
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

function search (q: object): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(q)) if (value !== undefined) params.set(name, String(value))
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}
