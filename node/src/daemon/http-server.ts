// The daemon's HTTP server: 127.0.0.1 only, the web notebook's files at `/`, and the JSON API
// under `/api/` behind the bearer token. Every failure is answered as
// `{ error: { code, message } }`: 4xx for what the caller sent, 5xx only for our own faults.
import createDebug from 'debug'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { type AddressInfo } from 'node:net'
import { CliError, EXIT, exitCodeFor } from '../cli/exit.js'
import { bearerMatches } from './auth.js'
import { ApiError } from './errors.js'
import { type ApiRoute } from './routes.js'
import { type Asset } from './web-assets.js'

const log = createDebug('techo:daemon')

export interface HttpOptions {
  /** 0 picks any free port. */
  port: number
  token: string
  routes: ApiRoute[]
  assets: Map<string, Asset>
}

/** A listening server and how to stop it. */
export interface HttpServer { url: string, close: () => Promise<void> }

const HOST = '127.0.0.1'
const CLOSE_GRACE_MS = 5000
const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY'
}
// The page loads only its own files and talks only to this daemon: nothing from the internet.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** Starts listening on 127.0.0.1; throws ERR_PORT_IN_USE with what to do when the port is taken. */
export async function startHttpServer (opts: HttpOptions): Promise<HttpServer> {
  const server = createServer((req, res) => {
    const started = Date.now()
    handle(req, res, opts)
      .catch(err => { sendError(res, err) })
      .finally(() => { log('%s %s -> %d (%d ms)', req.method, pathOf(req), res.statusCode, Date.now() - started) })
  })
  await listen(server, opts.port)
  const port = (server.address() as AddressInfo).port
  return { url: `http://${HOST}:${port}`, close: async () => await close(server) }
}

async function handle (req: IncomingMessage, res: ServerResponse, opts: HttpOptions): Promise<void> {
  // A page on another site that rebinds its DNS name to 127.0.0.1 still sends its own Host.
  const port = req.socket.localPort
  const host = req.headers.host
  if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) {
    throw new ApiError(403, 'ERR_BAD_HOST', `This server answers only requests addressed to ${HOST}:${port}.`)
  }
  const url = new URL(req.url ?? '/', `http://${HOST}`)
  if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
    if (!bearerMatches(req.headers.authorization, opts.token)) {
      res.setHeader('www-authenticate', 'Bearer')
      throw new ApiError(401, 'ERR_NOT_AUTHORISED', 'This request needs the daemon\'s token (Authorization: Bearer <token>, from daemon.json in the data directory).')
    }
    const { route, param } = findRoute(opts.routes, req.method ?? 'GET', url.pathname)
    checkQuery(route, url.searchParams)
    const body = route.method === 'POST' ? await readJson(req, route.maxBody ?? 0) : undefined
    if (route.streams === true) {
      await stream(res, async send => await route.handle({ param, query: url.searchParams, body, send }))
      return
    }
    const result = await route.handle({ param, query: url.searchParams, body, send: () => {} })
    sendJson(res, route.creates === true ? 201 : 200, result)
    return
  }
  serveAsset(req, res, opts.assets.get(url.pathname))
}

function serveAsset (req: IncomingMessage, res: ServerResponse, asset: Asset | undefined): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new ApiError(405, 'ERR_METHOD_NOT_ALLOWED', `The web notebook's files are read with GET, not ${req.method ?? '?'}.`)
  if (asset === undefined) throw new ApiError(404, 'ERR_NOT_FOUND', 'There is no such page; the web notebook is at /.')
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'content-type': asset.type,
    'content-length': asset.body.length,
    'content-security-policy': CSP,
    'cache-control': 'no-cache'
  })
  res.end(req.method === 'HEAD' ? undefined : asset.body)
}

function findRoute (routes: ApiRoute[], method: string, path: string): { route: ApiRoute, param: string } {
  const matches: Array<{ route: ApiRoute, param: string }> = []
  for (const route of routes) {
    const param = matchPath(route.path, path)
    if (param !== undefined) matches.push({ route, param })
  }
  const match = matches.find(m => m.route.method === method)
  if (match !== undefined) return match
  if (matches.length === 0) throw new ApiError(404, 'ERR_NOT_FOUND', `There is no API route ${path}.`)
  const allowed = [...new Set(matches.map(m => m.route.method))].join(', ')
  throw new ApiError(405, 'ERR_METHOD_NOT_ALLOWED', `${path} takes ${allowed}, not ${method}.`)
}

// The parameter ('' when the route has none) if `path` matches the route's pattern.
function matchPath (pattern: string, path: string): string | undefined {
  const colon = pattern.lastIndexOf('/:')
  if (colon < 0) return pattern === path ? '' : undefined
  const prefix = pattern.slice(0, colon + 1)
  const rest = path.startsWith(prefix) ? path.slice(prefix.length) : ''
  if (rest === '' || rest.includes('/')) return undefined
  try {
    return decodeURIComponent(rest)
  } catch {
    return undefined
  }
}

function checkQuery (route: ApiRoute, query: URLSearchParams): void {
  const allowed = route.query ?? []
  for (const name of new Set(query.keys())) {
    if (!allowed.includes(name)) {
      const hint = allowed.length === 0 ? 'it takes none' : `use ${allowed.join(', ')}`
      throw new ApiError(400, 'ERR_BAD_QUERY', `Unknown query parameter ${JSON.stringify(name)} for ${route.path}; ${hint}.`)
    }
    if (query.getAll(name).length > 1) throw new ApiError(400, 'ERR_BAD_QUERY', `The query parameter ${JSON.stringify(name)} is given more than once.`)
  }
}

async function readJson (req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const type = req.headers['content-type'] ?? ''
  if (!/^application\/json\s*(?:;|$)/i.test(type)) {
    throw new ApiError(415, 'ERR_BAD_CONTENT_TYPE', 'The request body must be JSON, sent with Content-Type: application/json.')
  }
  const tooLarge = new ApiError(413, 'ERR_PAYLOAD_TOO_LARGE', `The request body is larger than this route accepts (${formatBytes(maxBytes)}).`)
  if (Number(req.headers['content-length'] ?? 0) > maxBytes) throw tooLarge
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size > maxBytes) throw tooLarge
    chunks.push(chunk)
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'))
  } catch (err) {
    throw new ApiError(400, 'ERR_BAD_JSON', `The request body is not valid JSON (${(err as Error).message}).`)
  }
}

// A long call (a sync round) answers as JSON lines: progress as it happens, then `{ result }`. A
// failure before the first line is an ordinary error answer; after it, an `{ error }` line.
async function stream (res: ServerResponse, run: (send: (line: unknown) => void) => Promise<unknown>): Promise<void> {
  const send = (line: unknown): void => {
    if (!res.headersSent) {
      res.writeHead(200, { ...COMMON_HEADERS, 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' })
    }
    res.write(JSON.stringify(line) + '\n')
  }
  let result: unknown
  try {
    result = await run(send)
  } catch (err) {
    if (!res.headersSent) throw err
    const { status, code, message } = describe(err)
    if (status >= 500) log('internal error: %O', err)
    send({ error: { code, message } })
    res.end()
    return
  }
  send({ result })
  res.end()
}

function sendJson (res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value))
  res.writeHead(status, {
    ...COMMON_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': body.length,
    'cache-control': 'no-store'
  })
  res.end(body)
}

function sendError (res: ServerResponse, err: unknown): void {
  const { status, code, message } = describe(err)
  if (status >= 500) log('internal error: %O', err)
  if (res.headersSent) {
    res.destroy()
    return
  }
  // A refused body may still be arriving: close the connection rather than read it.
  if (status === 413 || status === 415) res.setHeader('connection', 'close')
  sendJson(res, status, { error: { code, message } })
}

// The same split as the CLI's exit codes: bad input 400, refused 403, internal 500.
function describe (err: unknown): { status: number, code: string, message: string } {
  if (err instanceof ApiError) return { status: err.status, code: err.code, message: err.message }
  const message = err instanceof Error ? err.message : String(err)
  const exit = exitCodeFor(err)
  if (exit === EXIT.internal) return { status: 500, code: 'ERR_INTERNAL', message }
  const code = (err as { code: string }).code
  return { status: exit === EXIT.refused ? 403 : 400, code, message }
}

async function listen (server: Server, port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException): void => {
      if (err.code === 'EADDRINUSE') {
        reject(new CliError(`Port ${port} on ${HOST} is already in use (another techo serve?); choose another with --http-port N, or 0 for any free port.`, 'ERR_PORT_IN_USE', EXIT.refused))
      } else {
        reject(err)
      }
    }
    server.once('error', failed)
    server.listen(port, HOST, () => {
      server.off('error', failed)
      resolve()
    })
  })
  // Once listening, a server error (not a request's) is logged; requests keep being served.
  server.on('error', err => { log('HTTP server error: %O', err) })
}

// Lets requests in flight finish (a write resolves only once stored), then drops what lingers.
async function close (server: Server): Promise<void> {
  const closed = new Promise<void>(resolve => server.close(() => { resolve() }))
  server.closeIdleConnections()
  const timer = setTimeout(() => { server.closeAllConnections() }, CLOSE_GRACE_MS)
  await closed
  clearTimeout(timer)
}

function pathOf (req: IncomingMessage): string {
  return (req.url ?? '/').split('?')[0] ?? '/'
}

function formatBytes (n: number): string {
  return n >= 1024 * 1024 ? `${n / (1024 * 1024)} MiB` : `${n / 1024} KiB`
}
