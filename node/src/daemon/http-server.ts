// The daemon's HTTP server: the web notebook's files at `/`, and the JSON API under `/api/` behind
// the bearer token, on the local server every Techo API shares (127.0.0.1 only, Host and Origin
// checked). Every failure is answered as `{ error: { code, message } }`: 4xx for what the caller
// sent, 5xx only for our own faults.
import { HttpError, startServer, type ErrorAnswer, type HttpRoute } from '@techo/http-server'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { CliError, EXIT, exitCodeFor } from '../cli/exit.js'
import { bearerMatches } from './auth.js'
import { PHONE_API } from './phone-routes.js'
import { type ApiRoute } from './routes.js'
import { type Asset } from './web-assets.js'

export interface HttpOptions {
  /** 0 picks any free port. */
  port: number
  token: string
  routes: ApiRoute[]
  assets: Map<string, Asset>
}

/** A listening server and how to stop it. */
export interface HttpServer { url: string, close: () => Promise<void> }

/** Request bodies are small unless a route says otherwise (a FHIR bundle from a hospital is not). */
export const DEFAULT_BODY_LIMIT = 64 * 1024
export const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY'
}
// The page loads only its own files and talks only to this daemon: nothing from the internet.
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** Starts listening on 127.0.0.1; throws ERR_PORT_IN_USE with what to do when the port is taken. */
export async function startHttpServer (opts: HttpOptions): Promise<HttpServer> {
  const server = await startServer({
    name: 'daemon',
    port: opts.port,
    routes: opts.routes.map(toHttpRoute),
    bodyTypes: ['application/json'],
    maxBody: DEFAULT_BODY_LIMIT,
    isRoute: path => path === '/api' || path.startsWith('/api/') || isPhoneApi(path),
    authorize: (req, res) => {
      // A phone's page is another device: it holds no token, and its routes need none.
      if (isPhoneApi(new URL(req.url ?? '/', 'http://host').pathname)) return
      if (bearerMatches(req.headers.authorization, opts.token)) return
      res.setHeader('www-authenticate', 'Bearer')
      throw new HttpError(401, 'ERR_NOT_AUTHORISED', 'This request needs the daemon\'s token (Authorization: Bearer <token>, from daemon.json in the data directory).')
    },
    fallback: (req, res, path) => { serveAsset(req, res, opts.assets.get(path), 'There is no such page; the web notebook is at /.') },
    describeError,
    headers: COMMON_HEADERS,
    portInUse: port => new CliError(`Port ${port} on 127.0.0.1 is already in use (another techo serve?); choose another with --http-port N, or 0 for any free port.`, 'ERR_PORT_IN_USE', EXIT.refused)
  })
  return { url: server.url, close: server.close }
}

/** True for the paths of the phone's token-less routes. */
export function isPhoneApi (path: string): boolean {
  return path.startsWith(`${PHONE_API}/`)
}

// The API's routes take parsed JSON; the server hands over text.
export function toHttpRoute (route: ApiRoute): HttpRoute {
  return {
    method: route.method,
    path: route.path,
    query: route.query ?? [],
    ...(route.maxBody === undefined ? {} : { maxBody: route.maxBody }),
    status: route.creates === true ? 201 : 200,
    ...(route.streams === undefined ? {} : { streams: route.streams }),
    handle: async call => await route.handle({ params: call.params, query: call.query, body: route.method === 'POST' ? parseJson(call.body) : undefined, send: call.send })
  }
}

function parseJson (text: string): unknown {
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new HttpError(400, 'ERR_BAD_JSON', `The request body is not valid JSON (${(err as Error).message}).`)
  }
}

/** Answers a GET or HEAD with `asset`; `missing` is the 404's message when there is none. */
export function serveAsset (req: IncomingMessage, res: ServerResponse, asset: Asset | undefined, missing: string): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'ERR_METHOD_NOT_ALLOWED', `These files are read with GET, not ${req.method ?? '?'}.`)
  if (asset === undefined) throw new HttpError(404, 'ERR_NOT_FOUND', missing)
  const gzip = asset.gzip !== undefined && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))
  const body = gzip ? asset.gzip as Buffer : asset.body
  res.writeHead(200, {
    ...COMMON_HEADERS,
    'content-type': asset.type,
    'content-length': body.length,
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    ...(asset.gzip === undefined ? {} : { vary: 'accept-encoding' }),
    'content-security-policy': asset.csp ?? CSP,
    'cache-control': 'no-cache'
  })
  res.end(req.method === 'HEAD' ? undefined : body)
}

// The same split as the CLI's exit codes: bad input 400, refused 403, internal 500.
export function describeError (err: unknown): ErrorAnswer {
  if (err instanceof HttpError) return { status: err.status, body: { error: { code: err.code, message: err.message } } }
  const message = err instanceof Error ? err.message : String(err)
  const exit = exitCodeFor(err)
  if (exit === EXIT.internal) return { status: 500, body: { error: { code: 'ERR_INTERNAL', message } }, internal: true }
  const { code, path } = err as { code: string, path?: unknown }
  // A notebook refusal names the field, so a form can show the sentence beside it.
  const field = typeof path === 'string' ? { field: path } : {}
  return { status: exit === EXIT.refused ? 403 : 400, body: { error: { code, message, ...field } } }
}
