// Routes and how a request finds one: path segments starting with ':' are parameters; a path that
// matches with another method is a 405, no match a 404.
import type { IncomingMessage } from 'node:http'
import { HttpError } from './http-error.js'

/** One request as a handler sees it. */
export interface HttpCall {
  /** The path parameters, by name (without the ':'). */
  params: Record<string, string>
  query: URLSearchParams
  /** The request body as text (POST only; empty for GET). */
  body: string
  /** Streaming routes: sends one line (a JSON value) before the answer. */
  send: (line: unknown) => void
  request: IncomingMessage
}

/** One endpoint. */
export interface HttpRoute {
  method: 'GET' | 'POST'
  /** The path; segments starting with ':' match any one segment. */
  path: string
  /** Query parameters accepted; any other is refused so a typo is not silently ignored. Omitted: any. */
  query?: readonly string[]
  /** Largest request body in bytes (POST only); the server's default otherwise. */
  maxBody?: number
  /** The status of a successful answer (default 200). */
  status?: number
  /** Answer as JSON lines: each `send` a line, then `{ result }` (or `{ error }`) last. */
  streams?: boolean
  handle: (call: HttpCall) => Promise<unknown>
}

interface Compiled { route: HttpRoute, segments: string[] }

/** Matches requests to routes. */
export class Router {
  readonly #routes: Compiled[]

  constructor (routes: readonly HttpRoute[]) {
    this.#routes = routes.map(route => ({ route, segments: split(route.path) }))
  }

  /** True when some route has this path, whatever its method. */
  has (path: string): boolean {
    const segments = decoded(path)
    return this.#routes.some(r => matches(r.segments, segments))
  }

  /** The route for `method` and `path` with its parameters; throws 404 or 405 otherwise. */
  find (method: string, path: string): { route: HttpRoute, params: Record<string, string> } {
    const segments = decoded(path)
    const matching = this.#routes.filter(r => matches(r.segments, segments))
    const found = matching.find(r => r.route.method === method)
    if (found === undefined) {
      if (matching.length === 0) throw new HttpError(404, 'ERR_NOT_FOUND', `There is no route ${path}.`)
      const allowed = [...new Set(matching.map(m => m.route.method))].join(', ')
      throw new HttpError(405, 'ERR_METHOD_NOT_ALLOWED', `${path} takes ${allowed}, not ${method}.`)
    }
    const params: Record<string, string> = {}
    found.segments.forEach((s, i) => { if (s.startsWith(':')) params[s.slice(1)] = segments[i] as string })
    return { route: found.route, params }
  }
}

/** Throws 400 for a query parameter the route does not take, or one given twice. */
export function checkQuery (route: HttpRoute, query: URLSearchParams): void {
  if (route.query === undefined) return
  const allowed = route.query
  for (const name of new Set(query.keys())) {
    if (!allowed.includes(name)) {
      const hint = allowed.length === 0 ? 'it takes none' : `use ${allowed.join(', ')}`
      throw new HttpError(400, 'ERR_BAD_QUERY', `Unknown query parameter ${JSON.stringify(name)} for ${route.path}; ${hint}.`)
    }
    if (query.getAll(name).length > 1) throw new HttpError(400, 'ERR_BAD_QUERY', `The query parameter ${JSON.stringify(name)} is given more than once.`)
  }
}

function split (path: string): string[] {
  return path.split('/').filter(s => s !== '')
}

function decoded (path: string): string[] {
  return split(path).map(segment => {
    try {
      return decodeURIComponent(segment)
    } catch {
      throw new HttpError(400, 'ERR_BAD_PATH', `The path segment ${JSON.stringify(segment)} is not valid percent-encoding.`)
    }
  })
}

function matches (pattern: string[], segments: string[]): boolean {
  return pattern.length === segments.length && pattern.every((p, i) => p.startsWith(':') || p === segments[i])
}
