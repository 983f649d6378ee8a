// The API's routes: one per NotebookAccess operation, plus the daemon's status and the table of
// vital kinds the web notebook draws its form and charts from. Every notebook route calls the
// daemon's localAccess, so the API behaves exactly like a command run in place.
import { VITALS, type Query, type VitalInput } from '@techo/notebook'
import { type EntryInputs, type EntryKind, type NotebookAccess } from '../access.js'
import { ApiError } from './errors.js'

/** What `GET /api/status` answers. */
export interface DaemonStatus {
  peerId: string
  role: string
  addresses: string[]
  startedAt: string
  uptimeSeconds: number
}

/** One request as a route sees it: the path parameter (if any), the query and the parsed JSON body. */
export interface ApiCall { param: string, query: URLSearchParams, body: unknown }

export interface ApiRoute {
  method: 'GET' | 'POST'
  /** The path; a last segment `:name` matches any one segment, passed as `param`. */
  path: string
  /** Query parameters accepted; any other is refused, so a typo is not silently ignored. */
  query?: readonly string[]
  /** Largest request body in bytes (POST only). */
  maxBody?: number
  /** Answer 201 Created instead of 200. */
  creates?: boolean
  handle: (call: ApiCall) => Promise<unknown>
}

/** Request bodies for single entries are small; a FHIR bundle from a hospital can be large. */
const ENTRY_BODY_LIMIT = 64 * 1024
const BUNDLE_BODY_LIMIT = 32 * 1024 * 1024

const ENTRY_KINDS: readonly EntryKind[] = ['allergy', 'medication', 'condition', 'note']
const MAX_AUDIT_LIMIT = 100_000

/** The API's routes over `access`, with `status` describing the running daemon. */
export function apiRoutes (access: NotebookAccess, status: () => DaemonStatus): ApiRoute[] {
  return [
    { method: 'GET', path: '/api/status', handle: async () => status() },
    { method: 'GET', path: '/api/whoami', handle: async () => await access.whoami() },
    { method: 'GET', path: '/api/vital-kinds', handle: async () => VITALS },
    {
      method: 'POST',
      path: '/api/vitals',
      maxBody: ENTRY_BODY_LIMIT,
      creates: true,
      handle: async ({ body }) => await access.addVital(objectBody<VitalInput>(body))
    },
    {
      method: 'POST',
      path: '/api/entries/:kind',
      maxBody: ENTRY_BODY_LIMIT,
      creates: true,
      handle: async ({ param, body }) => await access.addEntry(entryKind(param), objectBody<EntryInputs[EntryKind]>(body))
    },
    {
      method: 'GET',
      path: '/api/entries',
      query: ['type', 'kind', 'since', 'until'],
      handle: async ({ query }) => await access.query(Object.fromEntries(query) as Query)
    },
    { method: 'GET', path: '/api/fhir', handle: async () => await access.exportFhir() },
    { method: 'POST', path: '/api/fhir', maxBody: BUNDLE_BODY_LIMIT, handle: async ({ body }) => await access.importFhir(body) },
    {
      method: 'GET',
      path: '/api/audit',
      query: ['since', 'limit'],
      handle: async ({ query }) => {
        const since = query.get('since') ?? undefined
        const limit = query.has('limit') ? auditLimit(query.get('limit') as string) : undefined
        return await access.audit({ ...(since === undefined ? {} : { since }), ...(limit === undefined ? {} : { limit }) })
      }
    }
  ]
}

// Validation of the fields themselves belongs to the notebook; here only the shape it expects.
function objectBody<T> (body: unknown): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new ApiError(400, 'ERR_BAD_JSON', 'The request body must be a JSON object.')
  }
  return body as T
}

function entryKind (param: string): EntryKind {
  const kind = ENTRY_KINDS.find(k => k === param)
  if (kind === undefined) {
    throw new ApiError(404, 'ERR_NOT_FOUND', `There is no entry kind ${JSON.stringify(param)}; use one of ${ENTRY_KINDS.join(', ')}.`)
  }
  return kind
}

function auditLimit (text: string): number {
  const limit = /^\d{1,6}$/.test(text) ? Number(text) : NaN
  if (!(limit >= 1 && limit <= MAX_AUDIT_LIMIT)) {
    throw new ApiError(400, 'ERR_BAD_QUERY', `The audit limit ${JSON.stringify(text)} is not a whole number from 1 to ${MAX_AUDIT_LIMIT}.`)
  }
  return limit
}
