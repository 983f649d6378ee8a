// NotebookAccess through a running `techo serve` daemon, over its local HTTP API. The daemon does
// the work with its own local access, so results are identical, and nothing of the notebook's code
// is loaded here.
import type { Bundle, Entry, ImportProgress, ImportReport } from '@techo/notebook'
import type { AuditEvent } from '@techo/vault'
import type { VitalWords } from '../cli/describe.js'
import type { AnchorCheck } from './anchor-check.js'
import type { DaemonClient } from './daemon-client.js'
import type { NotebookAccess, WhoAmI } from './notebook-access.js'

/**
 * Serves a NotebookAccess from the daemon at `daemon` (on a clinic node, to the replica of patient `chosen`, or to the
 * one `chosen()` names at each call, as the clinic workspace switches patients); nothing needs closing.
 */
export function remoteAccess (daemon: DaemonClient, chosen?: string | (() => string | undefined)): NotebookAccess {
  const which = (): string | undefined => typeof chosen === 'function' ? chosen() : chosen
  const call = async <T>(method: 'GET' | 'POST', path: string, query: object, body?: unknown): Promise<T> =>
    await daemon.call<T>(method, path + search({ ...query, patient: which() }), body)
  return {
    whoami: async () => await call<WhoAmI>('GET', '/api/whoami', {}),
    vitalKinds: async () => await daemon.call<VitalWords>('GET', '/api/vital-kinds'),
    addVital: async input => await call<Entry>('POST', '/api/vitals', {}, input),
    addEntry: async (kind, input) => await call<Entry>('POST', `/api/entries/${kind}`, {}, input),
    query: async q => await call<Entry[]>('GET', '/api/entries', q),
    exportFhir: async () => await call<Bundle>('GET', '/api/fhir', {}),
    exportIps: async () => await call<Record<string, unknown>>('GET', '/api/fhir/ips', {}),
    checkAnchors: async anchors => await call<AnchorCheck[]>('POST', '/api/verify', {}, { anchors }),
    // Streamed: the daemon sends progress lines while it reads a large bundle, then the report.
    importFhir: async (bundle, options = {}, onProgress) => await daemon.stream<ImportReport>(
      '/api/fhir' + search({ strict: options.strict === true ? 'true' : undefined, subject: options.subject, source: options.source, patient: which() }),
      bundle,
      line => { if (onProgress !== undefined && typeof line === 'object' && line !== null && 'progress' in line) onProgress((line as { progress: ImportProgress }).progress) }),
    audit: async q => await call<AuditEvent[]>('GET', '/api/audit', q),
    names: async () => await daemon.call<Record<string, string>>('GET', '/api/names'),
    close: async () => {}
  }
}

function search (q: object): string {
  const params = new URLSearchParams()
  for (const [name, value] of Object.entries(q)) if (value !== undefined) params.set(name, String(value))
  const text = params.toString()
  return text === '' ? '' : `?${text}`
}
