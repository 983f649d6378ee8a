// The API's notebook routes: one per NotebookAccess operation, plus the daemon's status and the
// table of vital kinds the web notebook draws its form and charts from. Every notebook route asks
// the daemon for the access its `patient` query picks (on a clinic node, that patient's replica),
// so the API behaves exactly like a command run in place.
import { HttpError } from '@techo/http-server'
import { VITALS, type Query, type VitalInput } from '@techo/notebook'
import type { AnchorFact } from '../access/anchor-check.js'
import { ENTRY_KINDS, FHIR_BUNDLE_LIMIT, type EntryInputs, type EntryKind, type NotebookAccess } from '../access/notebook-access.js'
import { type ChainStatus } from './services.js'

/** What `GET /api/status` answers. */
export interface DaemonStatus {
  peerId: string
  role: string
  addresses: string[]
  startedAt: string
  uptimeSeconds: number
  /** The consent chain's URL. */
  chain: string
  /** How following the chain stands, and how many sync sessions are open. */
  sync: Omit<ChainStatus, 'url'> & { sessions: number }
}

/** One request as a route sees it: the path parameters, the query and the parsed JSON body. */
export interface ApiCall {
  params: Record<string, string>
  query: URLSearchParams
  body: unknown
  /** Streaming routes: sends one progress line to the caller before the answer. */
  send: (line: unknown) => void
}

/** The access a request's `patient` query picks: the node's own notebook, or a clinic's replica. */
export type AccessFor = (patient: string | undefined) => Promise<NotebookAccess>

export interface ApiRoute {
  method: 'GET' | 'POST'
  /** The path; a segment `:name` matches any one segment, passed as `params.name`. */
  path: string
  /** Query parameters accepted; any other is refused, so a typo is not silently ignored. */
  query?: readonly string[]
  /** Largest request body in bytes (POST only). */
  maxBody?: number
  /** Answer 201 Created instead of 200. */
  creates?: boolean
  /** Answer as JSON lines: each `send` a line, then `{ result }` (or `{ error }`) last. */
  streams?: boolean
  handle: (call: ApiCall) => Promise<unknown>
}

/** Request bodies for single entries are small; a FHIR bundle from a hospital can be large (the same limit as a direct import). */
const ENTRY_BODY_LIMIT = 64 * 1024

const MAX_AUDIT_LIMIT = 100_000
/** A notebook anchored every few seconds for years still fits. */
const MAX_ANCHORS = 100_000
const VERIFY_BODY_LIMIT = MAX_ANCHORS * 200

/** The API's notebook routes over the access `accessFor` picks, with `status` describing the running daemon. */
export function apiRoutes (accessFor: AccessFor, status: () => DaemonStatus): ApiRoute[] {
  const access = async (query: URLSearchParams): Promise<NotebookAccess> => await accessFor(query.get('patient') ?? undefined)
  return [
    { method: 'GET', path: '/api/status', handle: async () => status() },
    { method: 'GET', path: '/api/whoami', query: ['patient'], handle: async ({ query }) => await (await access(query)).whoami() },
    { method: 'GET', path: '/api/vital-kinds', handle: async () => VITALS },
    { method: 'GET', path: '/api/names', handle: async () => await (await accessFor(undefined)).names() },
    {
      method: 'POST',
      path: '/api/vitals',
      query: ['patient'],
      maxBody: ENTRY_BODY_LIMIT,
      creates: true,
      handle: async ({ query, body }) => await (await access(query)).addVital(objectBody<VitalInput>(body))
    },
    {
      method: 'POST',
      path: '/api/entries/:kind',
      query: ['patient'],
      maxBody: ENTRY_BODY_LIMIT,
      creates: true,
      handle: async ({ params, query, body }) => await (await access(query)).addEntry(entryKind(params.kind ?? ''), objectBody<EntryInputs[EntryKind]>(body))
    },
    {
      method: 'GET',
      path: '/api/entries',
      query: ['type', 'kind', 'since', 'until', 'patient'],
      handle: async ({ query }) => {
        const { patient: _patient, ...q } = Object.fromEntries(query)
        return await (await access(query)).query(q as Query)
      }
    },
    { method: 'GET', path: '/api/fhir', query: ['patient'], handle: async ({ query }) => await (await access(query)).exportFhir() },
    { method: 'GET', path: '/api/fhir/ips', query: ['patient'], handle: async ({ query }) => await (await access(query)).exportIps() },
    {
      method: 'POST',
      path: '/api/verify',
      query: ['patient'],
      maxBody: VERIFY_BODY_LIMIT,
      handle: async ({ query, body }) => await (await access(query)).checkAnchors(anchorsFrom(objectBody<{ anchors?: unknown }>(body).anchors))
    },
    {
      method: 'POST',
      path: '/api/fhir',
      query: ['strict', 'subject', 'source', 'patient'],
      maxBody: FHIR_BUNDLE_LIMIT,
      streams: true,
      handle: async ({ query, body, send }) => {
        const strict = query.get('strict')
        if (strict !== null && strict !== 'true' && strict !== 'false') throw new HttpError(400, 'ERR_BAD_QUERY', `strict must be true or false, not ${JSON.stringify(strict)}.`)
        const options = { strict: strict === 'true', subject: query.get('subject') ?? undefined, source: query.get('source') ?? undefined }
        return await (await access(query)).importFhir(body, options, progress => { send({ progress }) })
      }
    },
    {
      method: 'GET',
      path: '/api/audit',
      query: ['since', 'limit', 'patient'],
      handle: async ({ query }) => {
        const since = query.get('since') ?? undefined
        const limit = query.has('limit') ? auditLimit(query.get('limit') as string) : undefined
        return await (await access(query)).audit({ ...(since === undefined ? {} : { since }), ...(limit === undefined ? {} : { limit }) })
      }
    }
  ]
}

/** The request body as an object of the shape a route expects; the fields themselves are checked where they are used. */
export function objectBody<T> (body: unknown): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, 'ERR_BAD_JSON', 'The request body must be a JSON object.')
  }
  return body as T
}

// The anchors `techo verify` read from the chain: each a sequence, a digest, a time and a signer.
function anchorsFrom (value: unknown): AnchorFact[] {
  const fits = (a: unknown): a is AnchorFact => {
    const r = a as Partial<AnchorFact> | null
    return typeof r?.seq === 'number' && typeof r.digest === 'string' && typeof r.at === 'number' && typeof r.by === 'string'
  }
  if (!Array.isArray(value) || value.length > MAX_ANCHORS || !value.every(fits)) {
    throw new HttpError(400, 'ERR_BAD_JSON', `"anchors" must be a list of at most ${MAX_ANCHORS} { seq, digest, at, by } records.`)
  }
  return value.map(({ seq, digest, at, by }) => ({ seq, digest, at, by }))
}

function entryKind (param: string): EntryKind {
  const kind = ENTRY_KINDS.find(k => k === param)
  if (kind === undefined) {
    throw new HttpError(404, 'ERR_NOT_FOUND', `There is no entry kind ${JSON.stringify(param)}; use one of ${ENTRY_KINDS.join(', ')}.`)
  }
  return kind
}

function auditLimit (text: string): number {
  const limit = /^\d{1,6}$/.test(text) ? Number(text) : NaN
  if (!(limit >= 1 && limit <= MAX_AUDIT_LIMIT)) {
    throw new HttpError(400, 'ERR_BAD_QUERY', `The audit limit ${JSON.stringify(text)} is not a whole number from 1 to ${MAX_AUDIT_LIMIT}.`)
  }
  return limit
}
